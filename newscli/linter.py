"""The lint run: read files, apply the enabled rules, compare the collection, collect findings."""

from __future__ import annotations

import dataclasses
import os
import stat
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from newscli.collection import Source, duplicate_problems, scan_source, source_of
from newscli.discovery import discover, discover_names, display_path, locate
from newscli.document import Document, Limits, load_document, split_lines
from newscli.findings import Finding, Problem
from newscli.rules import RULES, Rule
from newscli.schema import schema_problems
from newscli.settings import Settings
from newscli.suppressions import Suppression, apply_suppressions, find_suppressions

if TYPE_CHECKING:
    from newscli.cache import ResultCache


@dataclass(slots=True)
class LintReport:
    """Every finding of a run, grouped by file in the order the files were given."""

    findings: dict[str, list[Finding]] = field(default_factory=dict)
    files: int = 0
    # The source line of each finding, by (path, line): all a reporter needs of the file.
    excerpts: dict[tuple[str, int], str] = field(default_factory=dict)

    def all(self) -> Iterator[Finding]:
        for findings in self.findings.values():
            yield from findings


@dataclass(frozen=True, slots=True)
class StdinFile:
    """Text read from standard input, linted as if it were the file at ``path``."""

    path: Path
    content: bytes


_NOT_A_FILE = "does not exist or is not a regular file"


def read_document(path: Path, settings: Settings, display: str | None = None) -> Document:
    """Read and load one file; whatever goes wrong becomes a problem on the document."""
    display = display or display_path(path)
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            what = "is a folder" if stat.S_ISDIR(info.st_mode) else _NOT_A_FILE
            return _unreadable(display, f"the path {what}")
        if info.st_size > settings.max_file_size:
            limit = settings.max_file_size
            return _unreadable(
                display, f"the file is {info.st_size:,} bytes, over the limit of {limit:,}"
            )
        raw = path.read_bytes()
    except FileNotFoundError:
        return _unreadable(display, f"the path {_NOT_A_FILE}")
    except OSError as error:
        return _unreadable(display, f"the file cannot be read: {error.strerror or error}")
    return parse_document(display, raw, settings)


def parse_document(display: str, raw: bytes, settings: Settings | None = None) -> Document:
    limits = Limits(settings.max_depth, settings.max_values) if settings else Limits()
    try:
        return load_document(display, raw, limits)
    except Exception as error:  # the one place where a loader failure becomes a finding
        return _unreadable(display, f"the file could not be loaded ({type(error).__name__})")


def _unreadable(display: str, message: str) -> Document:
    return Document(display, [], problems=[Problem(message, code="NC011", line=1, column=1)])


def enabled_checks(settings: Settings) -> list[Rule]:
    return [r for r in RULES.values() if r.check is not None and settings.is_enabled(r.code)]


PRECHECK_FROM = 50  # files: compiling the schema pre-check pays off from about this many
MAX_PER_RULE = 100  # findings of one rule in one file; past that, one finding counts the rest


def check_document(
    document: Document,
    settings: Settings,
    checks: list[Rule] | None = None,
    use_precheck: bool = False,
) -> list[Finding]:
    """The findings of every enabled single-file rule on one loaded document."""
    problems = list(document.problems)
    if document.data is not None:
        reported = {problem.pointer for problem in problems if problem.pointer}
        found: list[Problem] = list(schema_problems(document, use_precheck))
        for rule in enabled_checks(settings) if checks is None else checks:
            assert rule.check is not None
            found.extend(_stamp(problem, rule.code) for problem in rule.check(document, settings))
        problems.extend(problem for problem in found if problem.pointer not in reported)
    return sorted(
        to_finding(document, problem, settings)
        for problem in problems
        if _applies(problem, document.path, settings)
    )


def _applies(problem: Problem, path: str, settings: Settings) -> bool:
    code = problem.code or ""
    return settings.is_enabled(code) and not settings.ignored_in_file(path, code)


def _stamp(problem: Problem, code: str) -> Problem:
    return problem if problem.code == code else dataclasses.replace(problem, code=code)


def to_finding(document: Document, problem: Problem, settings: Settings) -> Finding:
    """Place a problem in its file and stamp its rule's name and severity on it."""
    assert problem.code is not None, "every problem names its rule"
    rule = RULES[problem.code]
    if problem.line is not None:
        line, column = problem.line, problem.column or 1
    else:
        line, column = document.position(problem.pointer, problem.at_key)
    severity = settings.severity_of(rule.code, rule.severity)
    return Finding(
        document.path,
        line,
        column,
        rule.code,
        rule.name,
        severity,
        problem.message,
        problem.pointer,
        problem.fix,
    )


@dataclass(slots=True)
class FileResult:
    """All a run needs from one linted file, kept after the document is gone: findings,
    suppressions, the source used by the collection rule, and the source lines to show.
    It is what worker processes send back and what the cache stores."""

    path: str
    findings: list[Finding]
    source: Source | None = None
    excerpts: dict[int, str] = field(default_factory=dict)
    suppressions: list[Suppression] = field(default_factory=list)
    dependencies: tuple[tuple[str, int, int], ...] = ()  # other files the findings depend on
    expires: float | None = None  # when a time-dependent finding may change (a future date)


def check_file(
    document: Document, settings: Settings, checks: list[Rule], use_precheck: bool = False
) -> FileResult:
    """Every single-file finding of a document, with what the run needs to finish it."""
    findings = check_document(document, settings, checks, use_precheck)
    suppressions, invalid = find_suppressions(document)
    findings += [
        to_finding(document, problem, settings)
        for problem in invalid
        if _applies(problem, document.path, settings)
    ]
    findings = _bounded(sorted(findings))
    source = source_of(document)
    lines = {finding.line for finding in findings} | {s.line for s in suppressions}
    return FileResult(
        document.path,
        findings,
        source,
        {line: document.source_line(line) for line in lines},
        suppressions,
        file_dependencies(document, settings),
        expiry(document, settings),
    )


def _bounded(findings: list[Finding]) -> list[Finding]:
    """At most MAX_PER_RULE findings of each rule, then one that counts the rest, so that a
    hostile file cannot flood the output."""
    totals = Counter(finding.code for finding in findings)
    shown: Counter[str] = Counter()
    kept = []
    for finding in findings:
        shown[finding.code] += 1
        if shown[finding.code] <= MAX_PER_RULE:
            kept.append(finding)
        if shown[finding.code] == MAX_PER_RULE and totals[finding.code] > MAX_PER_RULE:
            rest = totals[finding.code] - MAX_PER_RULE
            message = f"... and {rest:,} more {finding.code} findings in this file"
            kept.append(dataclasses.replace(finding, message=message, fix=None))
    return kept


def file_dependencies(document: Document, settings: Settings) -> tuple[tuple[str, int, int], ...]:
    """The static image files a document's findings depend on, with their size and mtime."""
    from newscli.rules.content import site_image_files

    stamps = []
    for path in site_image_files(document, settings):
        try:
            info = os.stat(path)
            stamps.append((str(path), info.st_size, info.st_mtime_ns))
        except OSError:
            stamps.append((str(path), -1, -1))
    return tuple(stamps)


def expiry(document: Document, settings: Settings) -> float | None:
    """The earliest date of the document still in the future: findings may change then."""
    from newscli.rules.dates import future_dates

    moments = [moment.timestamp() for moment in future_dates(document, settings)]
    return min(moments) if moments else None


@dataclass(slots=True)
class _Run:
    """What a lint run keeps while it runs: each file's result, then the collection's."""

    settings: Settings
    report: LintReport = field(default_factory=LintReport)
    linted: set[str] = field(default_factory=set)
    sources: list[Source] = field(default_factory=list)
    suppressions: dict[str, list[Suppression]] = field(default_factory=dict)
    excerpts: dict[str, dict[int, str]] = field(default_factory=dict)  # of suppressed files

    def add(self, result: FileResult) -> None:
        # Only files with findings are kept in the report: a run may see 100,000 files.
        self.report.files += 1
        self.linted.add(result.path)
        if result.findings:
            self.report.findings[result.path] = list(result.findings)
        for finding in result.findings:
            self.report.excerpts[(result.path, finding.line)] = result.excerpts[finding.line]
        if result.suppressions:
            self.suppressions[result.path] = result.suppressions
            self.excerpts[result.path] = result.excerpts
        if result.source is not None:
            self.sources.append(result.source)

    def finish(self, collection: Iterable[Source]) -> LintReport:
        findings = self.report.findings
        for display, problem in duplicate_problems([*self.sources, *collection], self.linted):
            if _applies(problem, display, self.settings):
                finding = to_finding(Document(display, []), problem, self.settings)
                findings.setdefault(display, []).append(finding)
                findings[display].sort()
                self._excerpt(display, finding.line)
        for display, suppressions in self.suppressions.items():
            kept, unused = apply_suppressions(
                findings.get(display, []), suppressions, self.settings, display
            )
            for problem in unused:
                if _applies(problem, display, self.settings):
                    kept.append(to_finding(Document(display, []), problem, self.settings))
                    self._excerpt(display, problem.line or 1)
            findings[display] = sorted(kept)
        self.report.findings = {path: found for path, found in findings.items() if found}
        return self.report

    def _excerpt(self, display: str, line: int) -> None:
        known = self.excerpts.get(display, {})
        text = known[line] if line in known else _source_line(display, line)
        self.report.excerpts[(display, line)] = text


def _source_line(display: str, line: int) -> str:
    """A line of a file, read again: for the rare finding whose line was not kept."""
    try:
        text = Path(os.path.abspath(display)).read_bytes().decode("utf-8", "replace")
    except OSError:
        return ""
    lines = split_lines(text)
    return lines[line - 1] if 0 < line <= len(lines) else ""


Transform = Callable[[Path | None, Document], Document]


def lint(
    paths: Iterable[Path],
    settings: Settings,
    stdin: StdinFile | None = None,
    transform: Transform | None = None,
    jobs: int = 1,
    cache: ResultCache | None = None,
) -> LintReport:
    """Lint the article files among ``paths`` (and standard input, if given), comparing them
    with every article under the content roots.

    ``transform`` (such as a fixer) may replace each document, given its path (None for
    standard input), before it is checked. ``jobs`` above 1 checks many files in worker
    processes; ``cache`` reuses the results of files that have not changed. Neither changes
    the report, its order included.
    """
    paths = list(paths)
    run = _Run(settings)
    checks = enabled_checks(settings)
    targets = discover(paths, settings.is_excluded)
    located = locate(targets)
    use_precheck = len(targets) >= PRECHECK_FROM
    linted: set[str] = set()
    if stdin is not None:
        document = parse_document(display_path(stdin.path), stdin.content, settings)
        document = transform(None, document) if transform else document
        run.add(check_file(document, settings, checks))
        linted.add(os.path.abspath(stdin.path))
    if transform is not None:
        for path in targets:
            document = transform(path, read_document(path, settings))
            run.add(check_file(document, settings, checks, use_precheck))
    else:
        from newscli.workers import check_paths

        for result in check_paths(targets, located, settings, jobs, cache):
            run.add(result)
    linted.update(absolute for absolute, _ in located)
    collection = []
    if settings.is_enabled("NC601"):
        # When the targets are the roots (a plain `newscli lint`), nothing else is left to scan.
        same = paths == list(settings.roots)
        others = [] if same else discover_names(settings.roots, settings.is_excluded)
        for absolute, display in locate(others):
            if absolute not in linted:
                limit = settings.max_file_size
                other = (
                    cache.scanned(absolute, display, limit)
                    if cache
                    else scan_source(Path(absolute), display, limit)
                )
                if other is not None:
                    collection.append(other)
    if cache is not None:
        cache.save()
    return run.finish(collection)
