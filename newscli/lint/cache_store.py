"""The results cache on disk: one SQLite database, opened only when it is a regular file of
bounded size, never through a symbolic link, and used only when its schema is exactly the one
this module creates.

Anything read back is doubted: a database that is not exactly what this module wrote is
replaced by an empty one, an error while reading gives no rows, and the run recomputes (it
never crashes, hangs or trusts a torn file). SQLite's own journal makes each save all or nothing,
and lets two runs (pre-commit's parallel hooks) share the file: a save that would wait more than
a moment for the other run is skipped.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import stat
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

MAX_BYTES = 512 * 1024 * 1024  # far past 100,000 articles; a larger file is replaced
IGNORE = "# Created by newscli: a cache, never committed.\n*\n"
APPLICATION_ID = 0x6E657773  # "news"
VERSION = 3
WAIT_SECONDS = 1.0  # for another run's save to finish

# One row a file: where it is, its stamp (null when it changed too recently to be trusted),
# its sourceUrl and where it stands, the URL's comparable form, and its lint result (null when
# it was only scanned, '' when it had nothing to report, else the JSON of what it had).
FILE_COLUMNS = "path, folder, size, mtime, ctime, inode, url, line, col, comparable, result"
SCHEMA = (
    "CREATE TABLE files (path TEXT PRIMARY KEY, folder TEXT NOT NULL, size INTEGER, "
    "mtime INTEGER, ctime INTEGER, inode INTEGER, url TEXT, line INTEGER, col INTEGER, "
    "comparable TEXT, result TEXT) WITHOUT ROWID",
    "CREATE INDEX files_by_url ON files (comparable)",
    "CREATE INDEX files_by_folder ON files (folder)",
    # Every folder a walk of the content roots went through, with its mtime (null when it
    # changed too recently): a file added, removed or renamed there changes it.
    "CREATE TABLE folders (path TEXT PRIMARY KEY, mtime INTEGER) WITHOUT ROWID",
    # 'walked': the folders and files above are all there is under the content roots.
    "CREATE TABLE facts (name TEXT PRIMARY KEY, value TEXT) WITHOUT ROWID",
)
Row = tuple[Any, ...]  # in the order of FILE_COLUMNS


class Store:
    """One cache database. Every method gives nothing rather than fail: a database that
    errs is given up for the rest of the run."""

    def __init__(self, connection: sqlite3.Connection | None) -> None:
        self._db = connection

    @classmethod
    def open(cls, folder: Path, name: str) -> Store:
        """The database ``folder/name``, made (with the folder and its .gitignore) when
        missing or not exactly this module's; a store that holds nothing when neither can be
        done safely."""
        if not _own_folder(folder):
            return cls(None)
        path = folder / name
        connection = _connect(path)
        if connection is None and _create(folder, name):
            connection = _connect(path)
        return cls(connection)

    @property
    def usable(self) -> bool:
        return self._db is not None

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None

    def all_files(self) -> Iterator[Row]:
        """Every entry, in path order, a batch at a time."""
        if self._db is None:
            return
        try:
            cursor = self._db.execute(f"SELECT {FILE_COLUMNS} FROM files")
            while batch := cursor.fetchmany(1000):
                yield from batch
        except sqlite3.Error:
            self.close()  # not what it seemed: nothing more is read from it

    def files(self, paths: list[str]) -> Iterator[Row]:
        paths = [path for path in paths if _storable((path,))]  # the others are never stored
        for start in range(0, len(paths), 500):  # within SQLite's limit on parameters
            chunk = paths[start : start + 500]
            marks = ",".join("?" * len(chunk))
            yield from self._rows(
                f"SELECT {FILE_COLUMNS} FROM files WHERE path IN ({marks})", chunk
            )

    def with_url(self, comparable: str) -> Iterator[Row]:
        yield from self._rows(
            f"SELECT {FILE_COLUMNS} FROM files WHERE comparable = ?", [comparable]
        )

    def in_folder(self, folder: str) -> Iterator[Row]:
        yield from self._rows(f"SELECT {FILE_COLUMNS} FROM files WHERE folder = ?", [folder])

    def unproven(self) -> Iterator[Row]:
        yield from self._rows(f"SELECT {FILE_COLUMNS} FROM files WHERE size IS NULL")

    def folders(self) -> dict[str, int | None]:
        return {path: mtime for path, mtime in self._rows("SELECT path, mtime FROM folders")}

    def walked(self) -> bool:
        return any(True for _ in self._rows("SELECT 1 FROM facts WHERE name = 'walked'"))

    def save(self, changes: Changes) -> bool:
        """Apply ``changes`` in one transaction; False when the database is busy or errs."""
        if self._db is None:
            return False
        try:
            with self._db:  # commits, or rolls back on an error
                self._db.execute("BEGIN IMMEDIATE")
                if changes.whole_walk:
                    self._db.execute("DELETE FROM folders")
                    self._db.execute("DELETE FROM facts")
                self._db.executemany(
                    "DELETE FROM files WHERE path = ?", [(path,) for path in changes.gone]
                )
                self._db.executemany(
                    "DELETE FROM folders WHERE path = ?", [(path,) for path in changes.gone_folders]
                )
                marks = ",".join("?" * len(FILE_COLUMNS.split(",")))
                self._db.executemany(
                    f"INSERT OR REPLACE INTO files VALUES ({marks})",
                    [row for row in changes.files.values() if _storable(row)],
                )
                self._db.executemany(
                    "INSERT OR REPLACE INTO folders VALUES (?, ?)",
                    [item for item in changes.folders.items() if _storable(item)],
                )
                if changes.whole_walk:
                    self._db.execute("INSERT INTO facts VALUES ('walked', '1')")
        except sqlite3.Error:
            return False
        return True

    def _rows(self, query: str, parameters: Iterable[Any] = ()) -> Iterator[Row]:
        parameters = list(parameters)
        if self._db is None or not _storable(parameters):
            return  # nothing stored can match text SQLite cannot hold
        try:
            rows = self._db.execute(query, parameters).fetchall()
        except sqlite3.Error:
            self.close()  # not what it seemed: nothing more is read from it
            return
        yield from rows


def _storable(row: Iterable[Any]) -> bool:
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


class Changes:
    """What a run has to write back: files and folders seen anew, and those that are gone.
    ``whole_walk``: the run walked every content root, so the folders it saw are all there are.
    """

    def __init__(self) -> None:
        self.files: dict[str, Row] = {}
        self.gone: set[str] = set()
        self.folders: dict[str, int | None] = {}
        self.gone_folders: set[str] = set()
        self.whole_walk = False

    def __bool__(self) -> bool:
        return bool(self.files or self.gone or self.folders or self.gone_folders or self.whole_walk)


def _connect(path: Path) -> sqlite3.Connection | None:
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
        if _shape(connection) == _expected_shape():
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


_EXPECTED: list[tuple[Any, ...]] = []


def _expected_shape() -> tuple[Any, ...]:
    if not _EXPECTED:
        memory = sqlite3.connect(":memory:")
        _set_up(memory)
        _EXPECTED.append(_shape(memory))
        memory.close()
    return _EXPECTED[0]


def _set_up(connection: sqlite3.Connection) -> None:
    for statement in SCHEMA:
        connection.execute(statement)
    connection.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    connection.execute(f"PRAGMA user_version = {VERSION}")
    connection.commit()


def _create(folder: Path, name: str) -> bool:
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
            _set_up(connection)
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
