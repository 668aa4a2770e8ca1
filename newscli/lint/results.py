"""What a lint run produces: each file's result, the fixes made, and the report of the run."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Protocol

from newscli.document.model import Document
from newscli.document.source import Source
from newscli.findings import Finding, Severity
from newscli.rules import Rule
from newscli.rules.suppression import Suppression
from newscli.settings import Settings


@dataclass(slots=True)
class FileResult:
    """All a run needs from one linted file, kept after the document is gone: findings,
    suppressions, the source used by the collection rules, and the source lines to show.
    It is what worker processes send back and what the results cache stores."""

    path: str
    findings: list[Finding]
    source: Source | None = None
    excerpts: dict[int, str] = field(default_factory=dict)
    suppressions: list[Suppression] = field(default_factory=list)
    dependencies: tuple[tuple[str, int, int], ...] = ()  # other files the findings depend on
    expires: float | None = None  # when a time-dependent finding may change (a future date)
    tally: dict[str, int] | None = None  # work counts, for --verbose
    stamp: tuple[int, int, int, int] | None = None  # the file's, as it was read


class FixOutcome(Protocol):
    """What a fixer returns for one document (``newscli.fix.fixing.Outcome``)."""

    @property
    def document(self) -> Document: ...
    @property
    def findings(self) -> list[Finding]: ...
    @property
    def new_bytes(self) -> bytes | None: ...
    @property
    def applied(self) -> int: ...
    @property
    def refused(self) -> str | None: ...


# Fixes one loaded document with the given checks, and says what it gave; never writes.
Fixer = Callable[[Document, Settings, list[Rule]], FixOutcome]


@dataclass(frozen=True, slots=True)
class FileFix:
    """What fixing one file did: the text before and after, and how many fixes were applied.
    ``failure`` says why nothing was written, when something should have been."""

    path: str
    before: str
    after: str
    applied: int
    failure: str | None = None


@dataclass(slots=True)
class LintReport:
    """Every finding of a run, grouped by file in the order the files were given, and what
    the run did besides: the fixes, and counts of the work (fast paths taken)."""

    findings: dict[str, list[Finding]] = field(default_factory=dict)
    files: int = 0
    # The source line of each finding, by (path, line): all a reporter needs of the file.
    excerpts: dict[tuple[str, int], str] = field(default_factory=dict)
    fixes: list[FileFix] = field(default_factory=list)
    tally: Counter[str] = field(default_factory=Counter)
    empty: list[str] = field(default_factory=list)  # folders given that hold no article
    stdin_output: bytes | None = None  # the fixed text of standard input, with --fix
    docs_url: str = "docs/rules.md"  # where the rule pages are, for the machine formats

    def all(self) -> Iterator[Finding]:
        for findings in self.findings.values():
            yield from findings

    @property
    def fix_failures(self) -> list[FileFix]:
        return [fix for fix in self.fixes if fix.failure is not None]

    @property
    def changed(self) -> list[FileFix]:
        """The files whose text was (or, without writing, would be) changed."""
        return [fix for fix in self.fixes if fix.failure is None and fix.after != fix.before]


def merged(reports: list[LintReport]) -> LintReport:
    """One report of the runs over several projects, its files in path order as each run's."""
    if len(reports) == 1:
        return reports[0]
    whole = LintReport()
    for report in reports:
        whole.findings.update(report.findings)
        whole.files += report.files
        whole.excerpts.update(report.excerpts)
        whole.fixes += report.fixes
        whole.tally.update(report.tally)
        whole.empty += report.empty
        if report.stdin_output is not None:
            whole.stdin_output = report.stdin_output
    whole.findings = {path: whole.findings[path] for path in sorted(whole.findings)}
    if reports:
        whole.docs_url = reports[0].docs_url
    return whole


def summary_counts(report: LintReport) -> dict[str, int]:
    findings = list(report.all())
    errors = sum(1 for finding in findings if finding.severity is Severity.ERROR)
    return {
        "files": report.files,
        "files_with_findings": sum(1 for found in report.findings.values() if found),
        "errors": errors,
        "warnings": len(findings) - errors,
    }
