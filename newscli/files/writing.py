"""Rewriting an article safely: all at once, only over the bytes that were read, keeping the
file's mode, owner, group and links, or not at all.

A symbolic link is written through: the target is replaced, in the target's folder, and the
link stays. A file with several hard links, a file without write permission for its owner, and
one whose owner and group newscli could not keep are refused. Two newscli runs take turns
through an advisory lock, and a file that changed since it was read (an editor's save) is never
overwritten.
"""

from __future__ import annotations

import contextlib
import os
import stat
import time
from collections.abc import Iterator
from pathlib import Path

LOCK_WAIT = 10.0  # seconds to wait for another newscli run to finish with the file


class RewriteError(Exception):
    """A file that could not be rewritten; the message says why, and the file is untouched."""


def write_atomically(
    path: Path, data: bytes, shown: str | None = None, expected: bytes | None = None
) -> None:
    """Replace the file at ``path`` with ``data`` in one rename.

    ``expected`` is what the file held when it was read: if it holds anything else now, the
    write is refused. The bytes go to a temporary file in the target's folder, flushed and
    synced, given the original's mode, owner and group, then renamed over it. On any failure
    the original is left as it was and the temporary file is removed. ``shown`` is the path as
    the user sees it, for messages.
    """
    shown = shown or str(path)
    target = Path(os.path.realpath(path)) if os.path.islink(path) else path
    try:
        with _locked(target, shown) as before:
            _check(target, before, shown)
            if expected is not None and _read_all(target) != expected:
                raise RewriteError(f"{shown} changed since it was read; nothing was written")
            _replace(target, data, before, shown)
    except OSError as error:
        raise RewriteError(f"cannot write {shown}: {error.strerror or error}") from None


def _check(target: Path, info: os.stat_result, shown: str) -> None:
    if not stat.S_ISREG(info.st_mode):
        raise RewriteError(f"cannot write {shown}: it is not a regular file")
    if info.st_nlink > 1:
        raise RewriteError(
            f"{shown} has {info.st_nlink} hard links; rewriting it would split them, so it "
            "was left as it is"
        )
    if not info.st_mode & stat.S_IWUSR:
        raise RewriteError(f"{shown} is read-only; nothing was written")


@contextlib.contextmanager
def _locked(target: Path, shown: str) -> Iterator[os.stat_result]:
    """The file held under an exclusive advisory lock (another newscli run waits its turn),
    with its status as it is once locked."""
    import fcntl

    handle = os.open(target, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    try:
        deadline = time.monotonic() + LOCK_WAIT
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise RewriteError(
                        f"{shown} is locked by another program; nothing was written"
                    ) from None
                time.sleep(0.05)
        yield os.fstat(handle)
    finally:
        os.close(handle)  # closing releases the lock


def _read_all(target: Path) -> bytes:
    with open(target, "rb") as stream:
        return stream.read()


def _replace(target: Path, data: bytes, before: os.stat_result, shown: str) -> None:
    import tempfile  # only a run that writes pays for it

    handle, temporary = tempfile.mkstemp(
        dir=target.parent, prefix=f".{target.name}.", suffix=".tmp"
    )
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fchmod(stream.fileno(), stat.S_IMODE(before.st_mode))
            _keep_owner(stream.fileno(), before, shown)
            os.fsync(stream.fileno())
        now = os.stat(target)
        if (now.st_size, now.st_mtime_ns, now.st_ino) != (
            before.st_size,
            before.st_mtime_ns,
            before.st_ino,
        ):
            raise RewriteError(f"{shown} changed while it was being fixed; nothing was written")
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def _keep_owner(handle: int, before: os.stat_result, shown: str) -> None:
    """The new file gets the original's owner and group, or the write is refused: a run as
    root must not leave a user's article owned by root."""
    info = os.fstat(handle)
    if (info.st_uid, info.st_gid) == (before.st_uid, before.st_gid):
        return
    try:
        os.fchown(handle, before.st_uid, before.st_gid)
    except PermissionError:
        raise RewriteError(
            f"{shown} belongs to another user or group, which a rewrite could not keep; "
            "nothing was written"
        ) from None


def write_new(path: Path, data: bytes, shown: str | None = None) -> None:
    """Write a file that must not exist yet, whole or not at all: the bytes go to a temporary
    file beside it, synced, then linked to the name, which fails rather than replace a file
    that appeared meanwhile."""
    import tempfile

    shown = shown or str(path)
    try:
        handle, temporary = tempfile.mkstemp(
            dir=path.parent, prefix=f".{path.name}.", suffix=".tmp"
        )
    except OSError as error:
        raise RewriteError(
            f"{shown}: cannot write in its folder: {error.strerror or error}"
        ) from None
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, 0o666 & ~_umask())
        os.link(temporary, path)
    except FileExistsError:
        raise RewriteError(f"{shown}: already exists; it is not overwritten") from None
    except OSError as error:
        raise RewriteError(f"{shown}: cannot be written: {error.strerror or error}") from None
    finally:
        with contextlib.suppress(OSError):
            os.unlink(temporary)


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current
