"""Writing a file safely: all at once, keeping its permissions, or not at all."""

from __future__ import annotations

import contextlib
import os
import stat
from pathlib import Path


class RewriteError(Exception):
    """A file that could not be rewritten; the message says why, and the file is untouched."""


def write_atomically(path: Path, data: bytes, shown: str | None = None) -> None:
    """Replace ``path`` with ``data`` all at once, keeping its permission bits.

    The bytes go to a temporary file in the same folder, flushed and synced, which then
    replaces the original in one rename. On any failure the original is left as it was and
    the temporary file is removed. ``shown`` is the path as the user sees it, for messages.
    """
    import tempfile  # only a run that writes pays for it

    shown = shown or str(path)
    try:
        mode = stat.S_IMODE(path.stat().st_mode)
        handle, temporary = tempfile.mkstemp(
            dir=path.parent, prefix=f".{path.name}.", suffix=".tmp"
        )
    except OSError as error:
        raise RewriteError(f"cannot write {shown}: {error.strerror or error}") from None
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException as error:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        if isinstance(error, OSError):
            raise RewriteError(f"cannot write {shown}: {error.strerror or error}") from None
        raise
