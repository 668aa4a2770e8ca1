"""The results cache: what each unchanged file gave last time, so a second run reads nothing.

One file in ``.newscli_cache/`` (with a ``.gitignore`` of its own) per combination of newscli
version, Python version, schema and settings: any change to those starts a new one, so an
answer is never stale. Within it, a file's entry is used only while the file's size, mtime
and inode are those it had when it was checked, while the static images its findings depend
on are unchanged, and until a date it holds in the future is reached. The cache is written
with an atomic rename, so runs that share it never see a torn file; the last one wins.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import marshal
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

from newscli import __version__
from newscli.document.source import Source
from newscli.findings import Finding, Fix, Severity
from newscli.lint.collection import scan_source
from newscli.lint.results import FileResult
from newscli.rules.article_schema import schema_path
from newscli.rules.suppression import Suppression
from newscli.settings import LINT_INDEPENDENT, Settings

FOLDER = ".newscli_cache"
FOLDER_VARIABLE = "NEWSCLI_CACHE_DIR"  # a folder elsewhere, as RUFF_CACHE_DIR is for ruff
_FIX_STATES = {None: 0, True: 1, False: 2}
# A cached finding only knows whether it can be fixed; --fix never reads the cache.
_MARKERS = {1: Fix((), True), 2: Fix((), False)}
Stamp = tuple[int, int, int]


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
    return (info.st_size, info.st_mtime_ns, info.st_ino)


_SCANNED = False  # an entry of a file only scanned for its sourceUrl, never linted


class ResultsCache:
    """Results by absolute path, loaded at the start of a run and saved at its end.

    One flat tuple a file: size, mtime, inode, its source (url, line, column) or None, and
    its lint result: None when it had nothing to report, or the result's fields.
    """

    def __init__(self, folder: Path, settings: Settings) -> None:
        self.folder = folder
        self.file = folder / f"lint-{cache_key(settings)}.marshal"
        self.now = settings.now.timestamp()
        self.files: dict[str, tuple[Any, ...]] = {}
        self.pending: dict[str, Stamp] = {}
        self.changed = False
        with contextlib.suppress(OSError, EOFError, ValueError, TypeError):
            self.files = marshal.loads(self.file.read_bytes())

    def _entry(self, absolute: str) -> tuple[Stamp | None, tuple[Any, ...] | None]:
        stamp = _stamp(absolute)
        entry = self.files.get(absolute)
        fresh = entry is not None and stamp is not None and entry[:3] == stamp
        return stamp, entry if fresh else None

    def get(self, absolute: str, display: str) -> FileResult | None:
        """The cached result of a file, if it is still right; else None, and the file's
        stamp is kept for ``put``."""
        stamp, entry = self._entry(absolute)
        if entry is not None and entry[4] is not _SCANNED:
            result = _load(display, entry[3], entry[4], self.now)
            if result is not None:
                return result
        if stamp is not None:
            self.pending[absolute] = stamp
        return None

    def put(self, absolute: str, result: FileResult) -> None:
        stamp = self.pending.pop(absolute, None)
        if stamp is not None:
            source = result.source
            found = None if source is None else (source.url, source.line, source.column)
            self.files[absolute] = (*stamp, found, _dump(result))
            self.changed = True

    def scanned(self, absolute: str, display: str, limit: int) -> Source | None:
        """The ``sourceUrl`` of a file that is not being linted, from the cache if unchanged."""
        stamp, entry = self._entry(absolute)
        if entry is not None:
            found = entry[3]
        else:
            source = scan_source(Path(absolute), display, limit)
            found = None if source is None else (source.url, source.line, source.column)
            if stamp is not None:
                self.files[absolute] = (*stamp, found, _SCANNED)
                self.changed = True
        return None if found is None else Source(found[0], display, found[1], found[2])

    def save(self) -> None:
        """Write the cache if anything changed; a cache that cannot be written is skipped."""
        if not self.changed:
            return
        with contextlib.suppress(OSError):
            self.folder.mkdir(exist_ok=True)
            ignore = self.folder / ".gitignore"
            if not ignore.exists():
                ignore.write_text("# Created by newscli: a cache, never committed.\n*\n")
            handle, temporary = tempfile.mkstemp(dir=self.folder, suffix=".tmp")
            try:
                with os.fdopen(handle, "wb") as stream:
                    stream.write(marshal.dumps(self.files))
                os.replace(temporary, self.file)
            except OSError:
                with contextlib.suppress(OSError):
                    os.unlink(temporary)


def _dump(result: FileResult) -> Any:
    """The result's fields as plain data, or None when it has nothing but its source."""
    if not (result.findings or result.suppressions or result.dependencies or result.expires):
        return None
    findings = tuple(
        (
            f.line,
            f.column,
            f.code,
            f.name,
            f.severity.value,
            f.message,
            f.pointer,
            _FIX_STATES[None if f.fix is None else f.fix.safe],
        )
        for f in result.findings
    )
    suppressions = tuple((s.line, s.column, s.codes, s.whole_file) for s in result.suppressions)
    return (findings, result.excerpts, suppressions, result.dependencies, result.expires)


def _load(display: str, source: Any, payload: Any, now: float) -> FileResult | None:
    found = None if source is None else Source(source[0], display, source[1], source[2])
    if payload is None:
        return FileResult(display, [], found)
    findings, excerpts, suppressions, dependencies, expires = payload
    if expires is not None and now >= expires:
        return None
    for name, size, mtime in dependencies:
        stamp = _stamp(name)
        current = (stamp[0], stamp[1]) if stamp else (-1, -1)
        if current != (size, mtime):
            return None
    return FileResult(
        display,
        [
            Finding(
                display,
                line,
                column,
                code,
                name,
                Severity(severity),
                message,
                pointer,
                _MARKERS.get(fix),
            )
            for line, column, code, name, severity, message, pointer, fix in findings
        ],
        found,
        dict(excerpts),
        [
            Suppression(line, column, tuple(codes), whole_file)
            for line, column, codes, whole_file in suppressions
        ],
        tuple(tuple(item) for item in dependencies),
        expires,
    )
