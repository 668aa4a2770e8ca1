"""The results cache on disk: one SQLite database, opened through ``newscli.files.database``
(a regular file of bounded size, never through a symbolic link, of exactly this schema).

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
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from newscli.files.database import Layout, open_database, storable

VERSION = 3

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
LAYOUT = Layout(SCHEMA, VERSION)


class Store:
    """One cache database. Every method gives nothing rather than fail: a database that
    errs is given up for the rest of the run."""

    def __init__(self, connection: sqlite3.Connection | None, path: Path | None = None) -> None:
        self._db = connection
        self.path = path
        self.damaged = False  # it answered something no intact database would: rebuild it

    @classmethod
    def open(cls, folder: Path, name: str) -> Store:
        """The database ``folder/name``, made (with the folder and its .gitignore) when
        missing or not exactly this module's; a store that holds nothing when neither can be
        done safely."""
        return cls(open_database(folder, name, LAYOUT), folder / name)

    @property
    def usable(self) -> bool:
        return self._db is not None

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None

    def all_files(self) -> Iterator[Row]:
        """Every entry, in path order: read whole and checked before any is used, since a
        damaged file can repeat rows for a while before SQLite reports it."""
        yield from self._rows(f"SELECT {FILE_COLUMNS} FROM files")

    def files(self, paths: list[str]) -> Iterator[Row]:
        paths = [path for path in paths if storable((path,))]  # the others are never stored
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
                    [row for row in changes.files.values() if storable(row)],
                )
                self._db.executemany(
                    "INSERT OR REPLACE INTO folders VALUES (?, ?)",
                    [item for item in changes.folders.items() if storable(item)],
                )
                if changes.whole_walk:
                    self._db.execute("INSERT INTO facts VALUES ('walked', '1')")
        except sqlite3.Error:
            return False
        return True

    def discard(self) -> None:
        """Delete a damaged database, so that the next run builds it anew."""
        self.close()
        if self.path is not None:
            with contextlib.suppress(OSError):
                os.unlink(self.path)

    def _rows(self, query: str, parameters: Iterable[Any] = ()) -> Iterator[Row]:
        """The rows of a query, all read before any is given: an error on the way, or a key
        given twice (each query's first column is a table's key), gives none, and marks the
        database damaged unless it was only busy."""
        parameters = list(parameters)
        if self._db is None or not storable(parameters):
            return  # nothing stored can match text SQLite cannot hold
        try:
            rows = self._db.execute(query, parameters).fetchall()
        except sqlite3.OperationalError:
            self.close()  # busy or unreadable now: nothing more is read from it
            return
        except sqlite3.Error:
            self.damaged = True
            self.close()
            return
        if len({row[0] for row in rows}) != len(rows) and not query.startswith("SELECT 1"):
            self.damaged = True
            self.close()
            return
        yield from rows


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
