"""Reading a file's bytes within a size limit; what goes wrong is a reason, never an exception."""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass

_NOT_A_FILE = "does not exist or is not a regular file"
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)  # opening a named pipe must not wait for a writer
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)


Stamp = tuple[int, int, int, int]  # size, mtime_ns, ctime_ns, inode


@dataclass(frozen=True, slots=True)
class Contents:
    """A file's bytes, and its stamp as the open file was when they were read."""

    data: bytes
    stamp: Stamp


@dataclass(frozen=True, slots=True)
class Unreadable:
    """Why a file could not be read, in words for the person who named it."""

    reason: str


def read_file(path: str | os.PathLike[str], limit: int) -> Contents | Unreadable:
    """The bytes of a regular file of at most ``limit`` bytes, with its stamp. The file is
    opened first and then asked what it is, so a named pipe never blocks the open, nothing
    changes between the question and the read, and the stamp is that of the bytes read (a
    cache that keeps it never mistakes a later version for them)."""
    try:
        handle = os.open(path, os.O_RDONLY | _NONBLOCK | _CLOEXEC)
    except FileNotFoundError:
        return Unreadable(f"the path {_NOT_A_FILE}")
    except OSError as error:
        return Unreadable(f"the file cannot be read: {error.strerror or error}")
    try:
        info = os.fstat(handle)
    except OSError as error:
        os.close(handle)
        return Unreadable(f"the file cannot be read: {error.strerror or error}")
    if not stat.S_ISREG(info.st_mode):  # a folder cannot even be wrapped in a file object
        os.close(handle)
        what = "is a folder" if stat.S_ISDIR(info.st_mode) else _NOT_A_FILE
        return Unreadable(f"the path {what}")
    with open(handle, "rb") as stream:
        try:
            content = stream.read(info.st_size + 1) if info.st_size <= limit else None
            if content is not None and len(content) > info.st_size:  # growing as it is read
                content += stream.read(limit + 1 - len(content))
        except OSError as error:
            return Unreadable(f"the file cannot be read: {error.strerror or error}")
    if content is None or len(content) > limit:
        size = info.st_size if content is None else len(content)
        return Unreadable(f"the file is {size:,} bytes, over the limit of {limit:,}")
    return Contents(content, (info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino))
