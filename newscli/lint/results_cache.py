"""The results cache: what each unchanged file gave last time, so a second run reads nothing,
and the index of every article's ``sourceUrl``, so a run over a few files compares them
with the collection without reading it.

One database in ``.newscli_cache/`` (with a ``.gitignore`` of its own) per combination of
newscli version, Python version, schema and settings: any change to those starts a new one, so
an answer is never stale. Within it, a file's entry is used only while the file's size, mtime,
ctime and inode are those it had when it was checked, while the static images its findings
depend on are unchanged, and until a date it holds in the future is reached. A file changed
within a timestamp tick of the run keeps no stamp (git's "racy clean" rule): an edit in the
same second could keep every stamp. The file's format and safety are ``cache_store``'s.
"""

from __future__ import annotations

import dataclasses
import gc
import hashlib
import json
import os
import sys
import time
from collections.abc import Container, Iterator
from pathlib import Path
from typing import Any, Literal

from newscli import __version__
from newscli.document.source import Source
from newscli.findings import Finding, Fix, Severity
from newscli.lint.cache_store import Changes, Row, Store
from newscli.lint.collection import scan_source
from newscli.lint.results import FileResult
from newscli.rules import RULES
from newscli.rules.article_schema import schema_path
from newscli.rules.suppression import Suppression
from newscli.settings import LINT_INDEPENDENT, Settings
from newscli.urls import comparable_url

FOLDER = ".newscli_cache"
FOLDER_VARIABLE = "NEWSCLI_CACHE_DIR"  # a folder elsewhere, as RUFF_CACHE_DIR is for ruff
_FIX_STATES = {None: 0, True: 1, False: 2}
# A cached finding only knows whether it can be fixed; --fix never reads the cache.
_MARKERS = {1: Fix((), True), 2: Fix((), False)}
Stamp = tuple[int, int, int, int]  # size, mtime_ns, ctime_ns, inode
_NO_STAMP = (None, None, None, None)
# Coarser than any file system's timestamps (FAT has 2 s): a file changed more recently than
# this before the run may change again within the same tick, unseen.
RACY_NS = 2_000_000_000
_CLEAN = ""  # the stored result of a file with nothing to report
WHOLE_FROM = 2_000  # files to look up from which reading every entry at once is quicker
FLUSH_EVERY = 5_000  # new entries written as the run goes, so that it never holds them all


def cache_key(settings: Settings) -> str:
    """A digest of everything that decides a file's findings besides the file itself: the
    settings, the schema, and newscli's own code (its version, and its modules' sizes and
    mtimes, so that an edited checkout never reuses an old answer)."""
    fields = {f.name: getattr(settings, f.name) for f in dataclasses.fields(settings)}
    for name in LINT_INDEPENDENT:
        fields.pop(name)
    package = Path(__file__).parent.parent
    code = sorted(
        (str(path.relative_to(package)), path.stat().st_size, path.stat().st_mtime_ns)
        for path in package.rglob("*.py")
    )
    parts = [__version__, sys.version, repr(sorted(fields.items())), repr(code)]
    parts.append(hashlib.sha256(schema_path().read_bytes()).hexdigest())
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()[:24]


def cache_folder(base: Path) -> Path | None:
    """Where the results cache lives: $NEWSCLI_CACHE_DIR, or .newscli_cache in the project
    root; None when that root is the file system's own (``/`` is nobody's project to write).
    """
    configured = os.environ.get(FOLDER_VARIABLE)
    if configured:
        return Path(configured)
    root = os.path.abspath(base)
    return None if os.path.dirname(root) == root else Path(root) / FOLDER


def open_cache(settings: Settings) -> ResultsCache | None:
    """The results cache of the project ``settings`` belong to, if it may have one."""
    folder = cache_folder(settings.base)
    return None if folder is None else ResultsCache(folder, settings)


def stamp_of(path: str) -> Stamp | None:
    try:
        info = os.stat(path)
    except OSError:
        return None
    return (info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino)


class ResultsCache:
    """Results by absolute path: the entries a run needs are read as it goes, a batch at a
    time, and what it learnt is written by its end (a first run's new entries in parts)."""

    def __init__(self, folder: Path, settings: Settings) -> None:
        self.location = folder
        self.name = f"lint-{cache_key(settings)}.sqlite"
        self.store = Store.open(folder, self.name)
        self.tracking = settings.tracking_parameters
        self.now = settings.now.timestamp()
        self.started = time.time_ns()
        self.rows: dict[str, Row] = {}  # of the files scanned for the collection
        self.whole = False  # every entry is in ``rows``
        self.strays: list[str] = []  # files with an entry that the run did not ask about
        self.changes = Changes()
        self.seen: set[str] = set()  # files the run looked at besides those it linted

    def entries(self, wanted: dict[str, int], everything: bool) -> Iterator[tuple[int, Row]]:
        """(index, entry) of each file of ``wanted`` (path: index) the cache holds, read one
        at a time so that no run holds every entry at once; with ``everything``, every entry is
        read, and those of files not wanted are kept (as strays) for pruning."""
        if everything or len(wanted) >= WHOLE_FROM:
            rows = self.store.all_files()
        else:
            rows = self.store.files(list(wanted))
        for row in rows:
            index = wanted.get(row[0])
            if index is None:
                self.strays.append(row[0])
            else:
                yield index, row

    def load_all(self) -> None:
        """Read every entry at once: for a run that scans the whole collection."""
        if not self.whole:
            self.rows = {row[0]: row for row in self.store.all_files()}
            self.whole = True
            # Kept for the whole run: the collector need never scan them again (at 100,000
            # files, it would otherwise spend longer on them than the run on anything else).
            gc.freeze()

    def proven(self, stamp: Stamp) -> bool:
        # The mtime, as git does: an edit always moves it, and a restored one moves the ctime.
        return self.started - stamp[1] >= RACY_NS

    def reuse(self, absolute: str, display: str, row: Row) -> FileResult | None:
        """The result a file's entry holds, if the file is unchanged and the result still
        right (no date has passed, no image changed); else None."""
        stamp = stamp_of(absolute)
        if stamp is not None and row[2:6] == stamp:
            if row[10] == _CLEAN:  # nearly every file: checked inline, as it is the whole run
                source = _stored_source(display, row)
                if source is not False:
                    return FileResult(display, [], source)
            elif row[10] is not None:
                result = _loaded(display, row, self.now)
                if result is not None:
                    return result
        return None

    def put(self, absolute: str, result: FileResult) -> None:
        """Keep the result of a file just checked, under the stamp of the bytes it read."""
        if result.stamp is not None:
            self.record(absolute, result.stamp, result.source, _dumped(result))

    def record(
        self, absolute: str, stamp: Stamp | None, source: Source | None, result: str | None
    ) -> Row:
        """The entry of a file, written by the end of the run; a file that changed
        too recently keeps its sourceUrl but no stamp and no result, so it is never reused."""
        proven = stamp is not None and self.proven(stamp)
        row = (
            absolute,
            os.path.dirname(absolute),
            *(stamp if proven and stamp is not None else _NO_STAMP),
            *_source_data(source),
            None if source is None else comparable_url(source.url, self.tracking),
            result if proven else None,
        )
        self.changes.files[absolute] = row
        if len(self.changes.files) >= FLUSH_EVERY:  # a first run of 100,000 files: in parts
            self._flush()
        return row

    def _flush(self) -> None:
        part = Changes()
        part.files, self.changes.files = self.changes.files, {}
        self.store.save(part)

    def scanned(self, absolute: str, display: str, limit: int) -> Source | None:
        """The ``sourceUrl`` of a file that is not being linted, from the cache if unchanged."""
        self.seen.add(absolute)
        return self.source(absolute, display, limit, self.rows.get(absolute))

    def source(self, absolute: str, display: str, limit: int, row: Row | None) -> Source | None:
        """The ``sourceUrl`` of a file from its entry ``row`` if the file is unchanged, else
        scanned again (and its entry renewed)."""
        stamp = stamp_of(absolute)
        if row is not None and stamp is not None and row[2:6] == stamp:
            try:
                return _source(display, row)
            except (TypeError, ValueError):
                pass  # not what this module wrote: scan again
        source = scan_source(Path(absolute), display, limit)
        if stamp is None:
            self.forget(absolute)
        else:
            kept = row[10] if row is not None and row[2:6] == stamp else None
            self.record(absolute, stamp, source, kept)
        return source

    def forget(self, absolute: str) -> None:
        self.changes.gone.add(absolute)
        self.changes.files.pop(absolute, None)
        self.rows.pop(absolute, None)

    def walked(self, folders: dict[str, int]) -> None:
        """The run walked every content root and went through ``folders`` (path: mtime)."""
        self.changes.whole_walk = True
        self.changes.folders.clear()
        for path, mtime in folders.items():
            self.folder(path, mtime)

    def folder(self, path: str, mtime: int) -> None:
        """A folder seen as it is now; one changed too recently keeps no mtime."""
        self.changes.folders[path] = mtime if self.started - mtime >= RACY_NS else None

    def save(self, prune: bool = False, linted: Container[str] = ()) -> None:
        """Write what the run learnt; with ``prune`` (the run saw every file under the
        roots), entries of files it neither saw nor ``linted`` are dropped. A cache that
        cannot be written (busy, or not safely) is skipped."""
        if prune:
            self.changes.gone.update(path for path in self.strays if path not in self.seen)
            if self.whole:
                gone = (path for path in self.rows if path not in self.seen)
                self.changes.gone.update(path for path in gone if path not in linted)
        if self.store.damaged:  # nothing it said was used: start again from nothing
            self.store.discard()
            return
        if self.changes:
            self.store.save(self.changes)
        self.store.close()


def _source_data(source: Source | None) -> tuple[Any, ...]:
    return (None, None, None) if source is None else (source.url, source.line, source.column)


def _source(display: str, row: Row) -> Source | None:
    """The sourceUrl an entry holds, or None when the file had none; raises ValueError when
    the entry's fields are not what this module writes."""
    found = _stored_source(display, row)
    if found is False:
        raise ValueError("not a source")
    return found


def _stored_source(display: str, row: Row) -> Source | Literal[False] | None:
    """``_source``, with False for fields in doubt: checked inline, as a warm run does it for
    every file of the collection."""
    _, _, _, _, _, _, url, line, column, comparable, _ = row
    if type(url) is str and type(line) is int and type(column) is int:  # never a bool
        if line >= 1 and column >= 1 and type(comparable) is str:
            return Source(url, display, line, column, comparable)
    elif url is None and line is None and column is None:
        return None
    return False


def _whole(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 1


def _dumped(result: FileResult) -> str:
    """The result's fields as JSON text, or '' when it has nothing but its source."""
    if not (result.findings or result.suppressions or result.dependencies or result.expires):
        return _CLEAN
    return json.dumps(_dump(result), ensure_ascii=False, separators=(",", ":"))


def _dump(result: FileResult) -> Any:
    findings = [
        [
            f.line,
            f.column,
            f.code,
            f.name,
            f.severity.value,
            f.message,
            f.pointer,
            _FIX_STATES[None if f.fix is None else f.fix.safe],
            f.end_line,
            f.end_column,
            [list(edit) for edit in f.edits],
        ]
        for f in result.findings
    ]
    suppressions = [[s.line, s.column, list(s.codes), s.whole_file] for s in result.suppressions]
    excerpts = {str(line): text for line, text in result.excerpts.items()}
    dependencies = [list(item) for item in result.dependencies]
    return [findings, excerpts, suppressions, dependencies, result.expires]


def _loaded(display: str, row: Row, now: float) -> FileResult | None:
    """The stored result, or None when it is stale or not exactly what ``_dump`` writes."""
    try:
        return _load(display, row, now)
    except (
        TypeError,
        ValueError,
        KeyError,
        IndexError,
        AttributeError,
        OverflowError,
        RecursionError,
    ):
        return None


def _load(display: str, row: Row, now: float) -> FileResult | None:
    found = _source(display, row)
    if row[10] == _CLEAN:
        return FileResult(display, [], found)
    findings, excerpts, suppressions, dependencies, expires = json.loads(_text(row[10]))
    if expires is not None and (not isinstance(expires, float | int) or now >= expires):
        return None
    stamps = []
    for name, size, mtime in dependencies:
        stamp = stamp_of(_text(name))
        current = (stamp[0], stamp[1]) if stamp else (-1, -1)
        if current != (size, mtime):
            return None
        stamps.append((str(name), int(size), int(mtime)))
    return FileResult(
        display,
        [_finding(display, item) for item in findings],
        found,
        {int(line): _text(text) for line, text in excerpts.items()},
        [_suppression(item) for item in suppressions],
        tuple(stamps),
        expires,
    )


def _finding(display: str, item: Any) -> Finding:
    line, column, code, name, severity, message, pointer, fix, end_line, end_column, edits = item
    rule = RULES[code]
    if not (_whole(line) and _whole(column)) or name != rule.name:
        raise ValueError("not a finding")
    if not (isinstance(end_line, int) and isinstance(end_column, int)):
        raise ValueError("not an end")
    return Finding(
        display,
        line,
        column,
        code,
        name,
        Severity(severity),
        _text(message),
        _text(pointer),
        None if fix == 0 else _MARKERS[fix],
        end_line,
        end_column,
        tuple(_edit(edit) for edit in edits),
    )


def _edit(item: Any) -> tuple[int, int, int, int, str]:
    line, column, end_line, end_column, content = item
    if not all(_whole(number) for number in (line, column, end_line, end_column)):
        raise ValueError("not an edit")
    return line, column, end_line, end_column, _text(content)


def _suppression(item: Any) -> Suppression:
    line, column, codes, whole_file = item
    if not (_whole(line) and _whole(column) and isinstance(whole_file, bool)):
        raise ValueError("not a suppression")
    return Suppression(line, column, tuple(_text(code) for code in codes), whole_file)


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError("not text")
    return value
