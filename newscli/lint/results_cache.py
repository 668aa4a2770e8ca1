"""The results cache: what each unchanged file gave last time, so a second run reads nothing.

One file in ``.newscli_cache/`` (with a ``.gitignore`` of its own) per combination of newscli
version, Python version, schema and settings: any change to those starts a new one, so an
answer is never stale. Within it, a file's entry is used only while the file's size, mtime,
ctime and inode are those it had when it was checked, while the static images its findings
depend on are unchanged, and until a date it holds in the future is reached. A file changed
within a timestamp tick of the run is not stored (git's "racy clean" rule): an edit in the same
second could keep every stamp. The file format and its safety are ``cache_store``'s.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
import sys
import time
from pathlib import Path
from typing import Any

from newscli import __version__
from newscli.document.source import Source
from newscli.findings import Finding, Fix, Severity
from newscli.lint import cache_store
from newscli.lint.collection import scan_source
from newscli.lint.results import FileResult
from newscli.rules import RULES
from newscli.rules.article_schema import schema_path
from newscli.rules.suppression import Suppression
from newscli.settings import LINT_INDEPENDENT, Settings

FOLDER = ".newscli_cache"
FOLDER_VARIABLE = "NEWSCLI_CACHE_DIR"  # a folder elsewhere, as RUFF_CACHE_DIR is for ruff
_FIX_STATES = {None: 0, True: 1, False: 2}
# A cached finding only knows whether it can be fixed; --fix never reads the cache.
_MARKERS = {1: Fix((), True), 2: Fix((), False)}
Stamp = tuple[int, int, int, int]  # size, mtime_ns, ctime_ns, inode
# Coarser than any file system's timestamps (FAT has 2 s): a file changed more recently than
# this before the run may change again within the same tick, unseen.
RACY_NS = 2_000_000_000
_SCANNED = 0  # the payload of a file only scanned for its sourceUrl, never linted


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


def cache_folder(base: Path) -> Path:
    """Where the results cache lives: $NEWSCLI_CACHE_DIR, or .newscli_cache beside the
    configuration."""
    configured = os.environ.get(FOLDER_VARIABLE)
    return Path(configured) if configured else base / FOLDER


def _stamp(path: Path | str) -> Stamp | None:
    try:
        info = os.stat(path)
    except OSError:
        return None
    return (info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino)


class ResultsCache:
    """Results by absolute path, loaded at the start of a run and saved at its end.

    One flat list a file: its stamp, its source ([url, line, column] or null), and its lint
    result (null when it had nothing to report, 0 when it was only scanned, or its fields).
    """

    def __init__(self, folder: Path, settings: Settings) -> None:
        self.folder = folder
        self.name = f"lint-{cache_key(settings)}.json"
        self.now = settings.now.timestamp()
        self.started = time.time_ns()
        self.files = cache_store.load(folder / self.name)
        self.pending: dict[str, Stamp] = {}
        self.seen: set[str] = set()
        self.changed = False

    def _entry(self, absolute: str) -> tuple[Stamp | None, list[Any] | None]:
        self.seen.add(absolute)
        stamp = _stamp(absolute)
        entry = self.files.get(absolute)
        if isinstance(entry, list) and len(entry) == 6 and tuple(entry[:4]) == stamp:
            return stamp, entry
        return stamp, None

    def _proven(self, stamp: Stamp) -> bool:
        # The mtime, as git does: an edit always moves it, and a restored one moves the ctime.
        return self.started - stamp[1] >= RACY_NS

    def get(self, absolute: str, display: str) -> FileResult | None:
        """The cached result of a file, if it is still right; else None, and the file's
        stamp is kept for ``put``."""
        stamp, entry = self._entry(absolute)
        if entry is not None and entry[5] != _SCANNED:
            result = _loaded(display, entry[4], entry[5], self.now)
            if result is not None:
                return result
        if stamp is not None:
            self.pending[absolute] = stamp
        return None

    def put(self, absolute: str, result: FileResult) -> None:
        stamp = self.pending.pop(absolute, None)
        if stamp is not None and self._proven(stamp):
            self.files[absolute] = [*stamp, _source_data(result.source), _dump(result)]
            self.changed = True

    def scanned(self, absolute: str, display: str, limit: int) -> Source | None:
        """The ``sourceUrl`` of a file that is not being linted, from the cache if unchanged."""
        stamp, entry = self._entry(absolute)
        if entry is not None:
            try:
                return _source(display, entry[4])
            except (TypeError, ValueError):
                pass  # not what this module wrote: scan again
        source = scan_source(Path(absolute), display, limit)
        if stamp is not None and self._proven(stamp):
            self.files[absolute] = [*stamp, _source_data(source), _SCANNED]
            self.changed = True
        return source

    def save(self, prune: bool = False) -> None:
        """Write the cache if anything changed; with ``prune`` (the run saw every file under
        the roots), entries of files it did not see are dropped. A cache that cannot be
        written safely is skipped."""
        if prune:
            gone = [path for path in self.files if path not in self.seen]
            for path in gone:
                del self.files[path]
            self.changed = self.changed or bool(gone)
        if self.changed:
            cache_store.save(self.folder, self.name, self.files)


def _source_data(source: Source | None) -> list[Any] | None:
    return None if source is None else [source.url, source.line, source.column]


def _source(display: str, data: Any) -> Source | None:
    if data is None:
        return None
    url, line, column = data
    if not (isinstance(url, str) and _whole(line) and _whole(column)):
        raise ValueError("not a source")
    return Source(url, display, line, column)


def _whole(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 1


def _dump(result: FileResult) -> Any:
    """The result's fields as plain data, or None when it has nothing but its source."""
    if not (result.findings or result.suppressions or result.dependencies or result.expires):
        return None
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


def _loaded(display: str, source: Any, payload: Any, now: float) -> FileResult | None:
    """The stored result, or None when it is stale or not exactly what ``_dump`` writes."""
    try:
        return _load(display, source, payload, now)
    except (TypeError, ValueError, KeyError, IndexError, AttributeError, OverflowError):
        return None


def _load(display: str, source: Any, payload: Any, now: float) -> FileResult | None:
    found = _source(display, source)
    if payload is None:
        return FileResult(display, [], found)
    findings, excerpts, suppressions, dependencies, expires = payload
    if expires is not None and (not isinstance(expires, float | int) or now >= expires):
        return None
    stamps = []
    for name, size, mtime in dependencies:
        stamp = _stamp(name)
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
