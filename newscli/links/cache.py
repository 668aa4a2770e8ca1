"""What links answered, kept for a time (``--max-age``) in the cache folder, so that a daily run
asks only for what is old. Failures are never kept: the next run asks again. Every row read
back is doubted: one that is not exactly what this module writes, or that claims to come from
the future, is asked for again."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from newscli.files.database import Layout, open_database, storable
from newscli.web.answers import LASTING, Answer, Verdict

NAME = "links.sqlite3"
LAYOUT = Layout(
    (
        "CREATE TABLE links (url TEXT PRIMARY KEY, checked REAL NOT NULL, verdict TEXT NOT NULL, "
        "status INTEGER, target TEXT) WITHOUT ROWID",
    ),
    1,
)
LONGEST_URL = 16 * 1024  # a longer one is not kept, nor trusted when read
SKEW = 300.0  # seconds a row may seem to be from the future (clocks differ) and still be used
_LASTING = {verdict.value: verdict for verdict in LASTING}


class LinkCache:
    """The answers of links checked within ``max_age`` seconds of ``now``. ``routes`` name
    where connections went (``--connect-to``): a staging server's answers are kept apart from
    the real hosts'."""

    def __init__(
        self, folder: Path, max_age: float, now: float | None = None, routes: object = None
    ) -> None:
        self._db = open_database(folder, _name(routes), LAYOUT)
        self.max_age = max_age
        self.now = time.time() if now is None else now
        self._new: dict[str, tuple[Any, ...]] = {}

    def known(self, urls: Iterable[str]) -> dict[str, Answer]:
        """The fresh answers among ``urls``."""
        wanted = [url for url in dict.fromkeys(urls) if storable((url,))]
        found: dict[str, Answer] = {}
        for start in range(0, len(wanted), 500):  # within SQLite's limit on parameters
            chunk = wanted[start : start + 500]
            marks = ",".join("?" * len(chunk))
            for row in self._rows(f"SELECT * FROM links WHERE url IN ({marks})", chunk):
                answer = self._answer(row)
                if answer is not None:
                    found[row[0]] = answer
        return found

    def put(self, url: str, answer: Answer) -> None:
        if answer.verdict in LASTING and len(url) <= LONGEST_URL:
            row = (url, time.time(), answer.verdict.value, answer.status, answer.target)
            if storable(row):
                self._new[url] = row

    def save(self) -> bool:
        """Write what was learned; False when the database is busy or errs (it is lost)."""
        if self._db is None or not self._new:
            return False
        try:
            with self._db:
                self._db.execute("BEGIN IMMEDIATE")
                self._db.executemany(
                    "INSERT OR REPLACE INTO links VALUES (?, ?, ?, ?, ?)", self._new.values()
                )
                self._db.execute("DELETE FROM links WHERE checked < ?", (self.now - self.max_age,))
        except sqlite3.Error:
            return False
        self._new.clear()
        return True

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None

    def _rows(self, query: str, parameters: list[str]) -> list[tuple[Any, ...]]:
        if self._db is None:
            return []
        try:
            return self._db.execute(query, parameters).fetchall()
        except sqlite3.Error:
            self.close()  # not what it seemed: nothing more is read from it
            return []

    def _answer(self, row: tuple[Any, ...]) -> Answer | None:
        _, checked, verdict, status, target = row
        if not isinstance(checked, float) or not (
            self.now - self.max_age <= checked <= self.now + SKEW
        ):
            return None
        kind = _LASTING.get(verdict) if isinstance(verdict, str) else None
        if kind is None or not (status is None or (type(status) is int and 100 <= status < 600)):
            return None
        if target is not None and not (isinstance(target, str) and len(target) <= LONGEST_URL):
            return None
        leads = kind in (Verdict.MOVED, Verdict.REDIRECTED)
        if (leads and target is None) or (kind is Verdict.OK and target is not None):
            return None  # a move or a redirect leads somewhere; a plain answer does not
        return Answer(kind, status, target)


def _name(routes: object) -> str:
    if not routes:
        return NAME
    import hashlib

    digest = hashlib.sha256(repr(routes).encode()).hexdigest()[:16]
    return f"links-{digest}.sqlite3"
