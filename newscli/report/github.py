"""Findings as GitHub Actions workflow commands, which annotate the lines of a pull request."""

from __future__ import annotations

from typing import TextIO

from newscli.findings import Severity
from newscli.lint.results import LintReport
from newscli.text import visible


def _github_escape(text: str, property_value: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if property_value:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return visible(text)


def write_github(report: LintReport, out: TextIO) -> None:
    """GitHub Actions workflow commands, which annotate the lines of a pull request."""
    for finding in report.all():
        level = "error" if finding.severity is Severity.ERROR else "warning"
        path = _github_escape(finding.path.removeprefix("./"), True)
        title = _github_escape(f"{finding.code} ({finding.name})", True)
        out.write(
            f"::{level} file={path},line={finding.line},col={finding.column},"
            f"title={title}::{_github_escape(finding.message)}\n"
        )
