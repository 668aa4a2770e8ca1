"""A database of newscli's own in its cache folder: SQLite, opened only when it is a regular file
of bounded size, never through a symbolic link, and used only when its schema is exactly the
one its layout creates; anything else is replaced by an empty database. The folder is made
with a .gitignore of its own."""

from __future__ import annotations

import contextlib
import os
import sqlite3
import stat
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

MAX_BYTES = 512 * 1024 * 1024  # far past 100,000 articles; a larger file is replaced
IGNORE = "# Created by newscli: a cache, never committed.\n*\n"
APPLICATION_ID = 0x6E657773  # "news"
WAIT_SECONDS = 1.0  # for another run's save to finish


@dataclass(frozen=True, slots=True)
class Layout:
    """The statements that make a database, and its version (a new layout, a new number)."""

    schema: tuple[str, ...]
    version: int


def open_database(folder: Path, name: str, layout: Layout) -> sqlite3.Connection | None:
    """The database ``folder/name``, made (with the folder and its .gitignore) when missing
    or not exactly of ``layout``; None when neither can be done safely."""
    if not _own_folder(folder):
        return None
    path = folder / name
    connection = _connect(path, layout)
    if connection is None and _create(folder, name, layout):
        connection = _connect(path, layout)
    return connection


def storable(row: Iterable[Any]) -> bool:
    """Whether SQLite can hold ``row``: a file name that is not valid UTF-8 (a lone surrogate
    in Python's text) cannot be stored, nor a number past 64 bits (an inode on some file
    systems); such a file is simply checked again next time."""
    try:
        for value in row:
            if isinstance(value, str):
                value.encode("utf-8")
            elif isinstance(value, int) and not -(2**63) <= value < 2**63:
                return False
    except UnicodeEncodeError:
        return False
    return True


def _connect(path: Path, layout: Layout) -> sqlite3.Connection | None:
    """A connection to the database at ``path`` when it is a regular file within bounds and
    exactly this module's schema; else None."""
    try:
        info = os.lstat(path)
    except OSError:
        return None
    if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_BYTES:
        return None  # a link, a named pipe, a device: never opened
    if not _no_linked_journal(path):
        return None
    try:
        # nofollow: a link put there between the check above and the open is refused too.
        uri = f"file:{quote(os.fspath(path))}?nofollow=1"
        connection = sqlite3.connect(uri, uri=True, timeout=WAIT_SECONDS, isolation_level=None)
    except (sqlite3.Error, UnicodeError):  # a folder name that is not UTF-8: no cache
        return None
    try:
        # The schema is data here: nothing in it may run code or write elsewhere.
        connection.execute("PRAGMA trusted_schema = OFF")
        connection.execute("PRAGMA cell_size_check = ON")
        if _shape(connection) == _expected_shape(layout):
            return connection
    except sqlite3.Error:
        pass
    connection.close()
    return None


def _no_linked_journal(path: Path) -> bool:
    """False when the journal SQLite would write beside the database is anything but a
    regular file or absent: written through a link, it would change a file elsewhere."""
    for suffix in ("-journal", "-wal", "-shm"):
        try:
            info = os.lstat(f"{path}{suffix}")
        except FileNotFoundError:
            continue
        except OSError:
            return False
        if not stat.S_ISREG(info.st_mode):
            with contextlib.suppress(OSError):
                os.unlink(f"{path}{suffix}")  # the link itself, never what it names
            if os.path.lexists(f"{path}{suffix}"):
                return False
    return True


def _shape(connection: sqlite3.Connection) -> tuple[Any, ...]:
    identity = connection.execute("PRAGMA application_id").fetchone()[0]
    version = connection.execute("PRAGMA user_version").fetchone()[0]
    tables = connection.execute(
        "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY name"
    ).fetchall()
    return identity, version, tuple(tables)


_EXPECTED: dict[Layout, tuple[Any, ...]] = {}


def _expected_shape(layout: Layout) -> tuple[Any, ...]:
    if layout not in _EXPECTED:
        memory = sqlite3.connect(":memory:")
        _set_up(memory, layout)
        _EXPECTED[layout] = _shape(memory)
        memory.close()
    return _EXPECTED[layout]


def _set_up(connection: sqlite3.Connection, layout: Layout) -> None:
    for statement in layout.schema:
        connection.execute(statement)
    connection.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    connection.execute(f"PRAGMA user_version = {layout.version}")
    connection.commit()


def _create(folder: Path, name: str, layout: Layout) -> bool:
    """A new, empty database renamed over ``folder/name`` (a link there is replaced, never
    followed): another run that has the old one open keeps its own copy."""
    import tempfile  # only a run that makes a database pays for it

    try:
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=".", suffix=".tmp")
        os.close(handle)
    except OSError:
        return False
    try:
        connection = sqlite3.connect(temporary)
        try:
            _set_up(connection, layout)
        finally:
            connection.close()
        os.replace(temporary, folder / name)
    except (OSError, sqlite3.Error, UnicodeError):
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        return False
    return True


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
    """Write a new file beside the old and rename it over the name."""
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
