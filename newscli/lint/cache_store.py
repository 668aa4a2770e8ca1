"""The results cache on disk: one JSON file with a header and a checksum, read only when it is
a regular file of bounded size, and written without ever following a symbolic link.

Anything read back is doubted: a file that is not exactly what this module wrote gives an
empty cache, and the run recomputes (it never crashes, hangs or trusts a torn file).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import stat
from pathlib import Path
from typing import Any

MAGIC = "newscli results cache"
VERSION = 2
MAX_BYTES = 512 * 1024 * 1024  # far past 100,000 articles; a larger file is not read
IGNORE = "# Created by newscli: a cache, never committed.\n*\n"


def load(path: Path) -> dict[str, Any]:
    """The entries stored at ``path``, or none when the file is missing or in any doubt."""
    data = _read_regular(path)
    if data is None:
        return {}
    header, _, body = data.partition(b"\n")
    try:
        meta = json.loads(header)
        if not isinstance(meta, dict) or meta.get("format") != MAGIC:
            return {}
        if meta.get("version") != VERSION or meta.get("sha256") != _digest(body):
            return {}
        entries = json.loads(body)
    except (ValueError, RecursionError):
        return {}
    return entries if isinstance(entries, dict) else {}


def _read_regular(path: Path) -> bytes | None:
    """The bytes of a regular file of at most MAX_BYTES, never through a link, never blocking
    on a named pipe."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        handle = os.open(path, flags)
    except OSError:
        return None
    with os.fdopen(handle, "rb") as stream:
        info = os.fstat(stream.fileno())
        if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_BYTES:
            return None
        data = stream.read(MAX_BYTES + 1)
    return data if len(data) <= MAX_BYTES else None


def _digest(body: bytes) -> str:
    return hashlib.sha256(body).hexdigest()


def save(folder: Path, name: str, entries: dict[str, Any]) -> bool:
    """Write ``entries`` as ``folder/name`` in one rename; False when it cannot be done safely
    (the folder is a link or not a folder, or a write fails)."""
    if not _own_folder(folder):
        return False
    body = json.dumps(entries, ensure_ascii=True, separators=(",", ":")).encode("ascii")
    header = json.dumps({"format": MAGIC, "version": VERSION, "sha256": _digest(body)})
    return _replace(folder, name, header.encode("ascii") + b"\n" + body)


def _own_folder(folder: Path) -> bool:
    """The cache folder as a real folder of its own, made if missing, with its .gitignore."""
    with contextlib.suppress(OSError):  # it exists already, or the lstat below says why not
        os.mkdir(folder)
    try:
        info = os.lstat(folder)
    except OSError:
        return False
    if not stat.S_ISDIR(info.st_mode):  # a link (to anywhere) or a file: never written through
        return False
    ignore = folder / ".gitignore"
    try:
        current = os.lstat(ignore)
        intact = stat.S_ISREG(current.st_mode) and ignore.read_text("utf-8") == IGNORE
    except (OSError, UnicodeDecodeError):
        intact = False
    return intact or _replace(folder, ".gitignore", IGNORE.encode("utf-8"))


def _replace(folder: Path, name: str, data: bytes) -> bool:
    """Write a new file beside the old and rename it over the name (a link there is replaced,
    never followed)."""
    import tempfile

    try:
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=".", suffix=".tmp")
    except OSError:
        return False
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(temporary, folder / name)
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        return False
    return True
