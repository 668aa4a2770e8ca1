"""Reading a file's bytes within a size limit; what goes wrong is a reason, never an exception."""

from __future__ import annotations

import stat
from dataclasses import dataclass
from pathlib import Path

_NOT_A_FILE = "does not exist or is not a regular file"


@dataclass(frozen=True, slots=True)
class Unreadable:
    """Why a file could not be read, in words for the person who named it."""

    reason: str


def read_file(path: Path, limit: int) -> bytes | Unreadable:
    """The bytes of a regular file of at most ``limit`` bytes (a named pipe is never opened)."""
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            what = "is a folder" if stat.S_ISDIR(info.st_mode) else _NOT_A_FILE
            return Unreadable(f"the path {what}")
        if info.st_size > limit:
            return Unreadable(f"the file is {info.st_size:,} bytes, over the limit of {limit:,}")
        return path.read_bytes()
    except FileNotFoundError:
        return Unreadable(f"the path {_NOT_A_FILE}")
    except OSError as error:
        return Unreadable(f"the file cannot be read: {error.strerror or error}")
