"""The lint run: read each file, apply every rule, compare the collection, collect findings."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from newscli.collection import Source, duplicate_problems, scan_source, source_of
from newscli.config import Settings
from newscli.discovery import discover, display_path
from newscli.document import Document, load_document, split_lines
from newscli.findings import Finding, Problem
from newscli.rules import RULES
from newscli.schema import schema_problems

_CHECKED = [rule for rule in RULES.values() if rule.check is not None]


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
    try:
        return load_document(display, raw)
    except Exception as error:  # the one place where a loader failure becomes a finding
        return _unreadable(display, f"the file could not be loaded ({type(error).__name__})")


def _unreadable(display: str, message: str) -> Document:
    return Document(display, [], problems=[Problem(message, code="NC011", line=1, column=1)])


def check_document(document: Document, settings: Settings) -> list[Finding]:
    """The findings of every single-file rule on one loaded document."""
    problems = list(document.problems)
    if document.data is not None:
        reported = {problem.pointer for problem in problems if problem.pointer}
        found: list[Problem] = list(schema_problems(document))
        for rule in _CHECKED:
            found.extend(_stamp(problem, rule.code) for problem in rule.check(document, settings))  # type: ignore[misc]
        problems.extend(problem for problem in found if problem.pointer not in reported)
    return sorted(to_finding(document, problem) for problem in problems)


def _stamp(problem: Problem, code: str) -> Problem:
    if problem.code == code:
        return problem
    return Problem(
        problem.message, problem.pointer, problem.at_key, problem.line, problem.column, code
    )


def to_finding(document: Document, problem: Problem, path: str | None = None) -> Finding:
    """Place a problem in its file and stamp its rule's name and severity on it."""
    assert problem.code is not None, "every problem names its rule"
    rule = RULES[problem.code]
    if problem.line is not None:
        line, column = problem.line, problem.column or 1
    else:
        line, column = document.position(problem.pointer, problem.at_key)
    return Finding(
        path or document.path,
        line,
        column,
        rule.code,
        rule.name,
        rule.severity,
        problem.message,
        problem.pointer,
        rule.fixable,
    )


def lint(paths: Iterable[Path], root: Path, settings: Settings) -> LintReport:
    """Lint the article files among ``paths``, comparing them with every article under ``root``."""
    report = LintReport()
    sources: list[Source] = []
    targets = discover(paths)
    linted: set[str] = set()
    path_of: dict[str, Path] = {}
    for path in targets:
        document = read_document(path, settings)
        findings = check_document(document, settings)
        report.findings[document.path] = findings
        for finding in findings:
            report.excerpts[(finding.path, finding.line)] = document.source_line(finding.line)
        report.files += 1
        linted.add(os.path.abspath(path))
        path_of[document.path] = path
        source = source_of(document)
        if source is not None:
            sources.append(source)
    for path in discover([root]):
        if os.path.abspath(path) not in linted:
            other = scan_source(path, display_path(path), settings.max_file_size)
            if other is not None:
                sources.append(other)
    for display, problem in duplicate_problems(sources, set(report.findings)):
        finding = to_finding(Document(display, []), problem)
        report.findings[display].append(finding)
        report.findings[display].sort()
        if (display, finding.line) not in report.excerpts:
            report.excerpts[(display, finding.line)] = _source_line(path_of[display], finding.line)
    return report


def _source_line(path: Path, line: int) -> str:
    try:
        text = path.read_bytes().decode("utf-8", "replace")
    except OSError:
        return ""
    lines = split_lines(text)
    return lines[line - 1] if 0 < line <= len(lines) else ""
