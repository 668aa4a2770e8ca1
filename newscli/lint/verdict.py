"""The exit code of a lint run, decided in one place."""

from __future__ import annotations

from newscli.exit_codes import ExitCode
from newscli.lint.results import LintReport, summary_counts


def exit_code(report: LintReport, *, strict: bool = False, diff: bool = False) -> ExitCode:
    """1 when errors were found (warnings too with ``strict``, and folders without articles)
    or a fix could not be made; with ``diff``, when any fix would be made. 0 otherwise."""
    if report.fix_failures or (strict and report.empty):
        return ExitCode.FINDINGS
    if diff:
        return ExitCode.FINDINGS if report.changed else ExitCode.OK
    counts = summary_counts(report)
    failed = counts["errors"] > 0 or (strict and counts["warnings"] > 0)
    return ExitCode.FINDINGS if failed else ExitCode.OK
