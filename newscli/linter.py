"""The lint run: read files, apply the enabled rules, compare the collection, collect findings."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from newscli.collection import Source, duplicate_problems, scan_source, source_of
from newscli.discovery import discover, display_path
from newscli.document import Document, load_document, split_lines
from newscli.findings import Finding, Problem
from newscli.rules import RULES, Rule
from newscli.schema import schema_problems
from newscli.settings import Settings
from newscli.suppressions import Suppression, apply_suppressions, find_suppressions


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


def read_document(path: Path, settings: Settings, display: str | None = None) -> Document:
    """Read and load one file; whatever goes wrong becomes a problem on the document."""
    display = display or display_path(path)
    try:
        if not path.is_file():
            what = "is a folder" if path.is_dir() else "does not exist or is not a regular file"
            return _unreadable(display, f"the path {what}")
        size = path.stat().st_size
        if size > settings.max_file_size:
            return _unreadable(
                display, f"the file is {size:,} bytes, over the limit of {settings.max_file_size:,}"
            )
        raw = path.read_bytes()
    except OSError as error:
        return _unreadable(display, f"the file cannot be read: {error.strerror or error}")
    return parse_document(display, raw)


def parse_document(display: str, raw: bytes) -> Document:
    try:
        return load_document(display, raw)
    except Exception as error:  # the one place where a loader failure becomes a finding
        return _unreadable(display, f"the file could not be loaded ({type(error).__name__})")


def _unreadable(display: str, message: str) -> Document:
    return Document(display, [], problems=[Problem(message, code="NC011", line=1, column=1)])


def enabled_checks(settings: Settings) -> list[Rule]:
    return [r for r in RULES.values() if r.check is not None and settings.is_enabled(r.code)]


PRECHECK_FROM = 50  # files: compiling the schema pre-check pays off from about this many


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
    if problem.code == code:
        return problem
    return Problem(
        problem.message,
        problem.pointer,
        problem.at_key,
        problem.line,
        problem.column,
        code,
        problem.fix,
    )


def to_finding(
    document: Document, problem: Problem, settings: Settings, path: str | None = None
) -> Finding:
    """Place a problem in its file and stamp its rule's name and severity on it."""
    assert problem.code is not None, "every problem names its rule"
    rule = RULES[problem.code]
    if problem.line is not None:
        line, column = problem.line, problem.column or 1
    else:
        line, column = document.position(problem.pointer, problem.at_key)
    severity = settings.severity_of(rule.code, rule.severity)
    return Finding(
        path or document.path,
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
class _Run:
    """What a lint run keeps about each file while it runs: findings, suppressions, sources."""

    settings: Settings
    report: LintReport = field(default_factory=LintReport)
    sources: list[Source] = field(default_factory=list)
    suppressions: dict[str, list[Suppression]] = field(default_factory=dict)
    documents: dict[str, Document] = field(default_factory=dict)  # only those with comments
    on_disk: dict[str, Path] = field(default_factory=dict)

    def add(
        self, document: Document, checks: list[Rule], path: Path | None, use_precheck: bool
    ) -> None:
        findings = check_document(document, self.settings, checks, use_precheck)
        suppressions, invalid = find_suppressions(document)
        findings += [
            to_finding(document, problem, self.settings)
            for problem in invalid
            if _applies(problem, document.path, self.settings)
        ]
        if suppressions:
            self.suppressions[document.path] = suppressions
            self.documents[document.path] = document
        self.report.findings[document.path] = sorted(findings)
        self.report.files += 1
        for finding in findings:
            self.report.excerpts[(finding.path, finding.line)] = document.source_line(finding.line)
        source = source_of(document)
        if source is not None:
            self.sources.append(source)
        if path is not None:
            self.on_disk[document.path] = path

    def finish(self, collection: Iterable[Source]) -> LintReport:
        findings = self.report.findings
        for display, problem in duplicate_problems([*self.sources, *collection], set(findings)):
            if _applies(problem, display, self.settings):
                finding = to_finding(Document(display, []), problem, self.settings)
                findings[display].append(finding)
                findings[display].sort()
                self._excerpt(display, finding.line)
        for display, suppressions in self.suppressions.items():
            kept, unused = apply_suppressions(
                findings[display], suppressions, self.settings, display
            )
            document = self.documents[display]
            for problem in unused:
                if _applies(problem, display, self.settings):
                    kept.append(to_finding(document, problem, self.settings))
                    self._excerpt(display, problem.line or 1, document)
            findings[display] = sorted(kept)
        return self.report

    def _excerpt(self, display: str, line: int, document: Document | None = None) -> None:
        if (display, line) in self.report.excerpts:
            return
        if document is not None:
            self.report.excerpts[(display, line)] = document.source_line(line)
        elif display in self.on_disk:
            self.report.excerpts[(display, line)] = _source_line(self.on_disk[display], line)


Transform = Callable[[Path | None, Document], Document]


def lint(
    paths: Iterable[Path],
    settings: Settings,
    stdin: StdinFile | None = None,
    transform: Transform | None = None,
) -> LintReport:
    """Lint the article files among ``paths`` (and standard input, if given), comparing them
    with every article under the content roots. ``transform`` (such as a fixer) may replace
    each document, given its path (None for standard input), before it is checked."""
    run = _Run(settings)
    checks = enabled_checks(settings)
    linted: set[str] = set()
    targets = discover(paths, settings.is_excluded)
    use_precheck = len(targets) >= PRECHECK_FROM
    if stdin is not None:
        document = parse_document(display_path(stdin.path), stdin.content)
        run.add(transform(None, document) if transform else document, checks, None, False)
        linted.add(os.path.abspath(stdin.path))
    for path in targets:
        document = read_document(path, settings)
        run.add(transform(path, document) if transform else document, checks, path, use_precheck)
        linted.add(os.path.abspath(path))
    collection = []
    if settings.is_enabled("NC601"):
        for path in discover(settings.roots, settings.is_excluded):
            if os.path.abspath(path) not in linted:
                other = scan_source(path, display_path(path), settings.max_file_size)
                if other is not None:
                    collection.append(other)
    return run.finish(collection)


def _source_line(path: Path, line: int) -> str:
    try:
        text = path.read_bytes().decode("utf-8", "replace")
    except OSError:
        return ""
    lines = split_lines(text)
    return lines[line - 1] if 0 < line <= len(lines) else ""
