"""Findings for a person: the full format (grouped, with the source line and a caret) and the
concise one-line-a-finding format."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from typing import TextIO

from newscli.console import make_console, wants_colour
from newscli.findings import Finding, Severity
from newscli.lint.results import LintReport
from newscli.text import visible

_EXCERPT_WIDTH = 120


def fix_mark(finding: Finding) -> str:
    """`` [*]`` for what --fix repairs, `` [~]`` for what only --unsafe-fixes does."""
    if finding.fix is None:
        return ""
    return " [*]" if finding.fix.safe else " [~]"


def write_concise(report: LintReport, out: TextIO) -> None:
    """``path:line:col: CODE [*] message``, one finding a line."""
    for finding in report.all():
        out.write(
            f"{visible(finding.path)}:{finding.line}:{finding.column}: {finding.code}"
            f"{fix_mark(finding)} {visible(finding.message)}\n"
        )


Segment = tuple[str, str]  # text, and its rich style ("" for none)


def _full_lines(report: LintReport) -> Iterator[list[Segment]]:
    """The full format as lines of styled segments: a file's path, then each finding with
    its source line and a caret under the column."""
    first = True
    for path, findings in report.findings.items():
        if not findings:
            continue
        if not first:
            yield []
        first = False
        yield [(visible(path), "bold")]
        width = max(len(f"{finding.line}:{finding.column}") for finding in findings)
        for finding in findings:
            style = "bold red" if finding.severity is Severity.ERROR else "bold yellow"
            yield [
                ("  ", ""),
                (f"{finding.line}:{finding.column}".ljust(width), "dim"),
                (f"  {finding.severity.value:<7}", style),
                (f"  {finding.code}", "bold cyan"),
                (f" [{finding.name}]", "cyan"),
                (fix_mark(finding), "cyan"),
                (f"  {visible(finding.message)}", ""),
            ]
            source = report.excerpts.get((finding.path, finding.line))
            if source is not None:
                shown, before = _excerpt(source, finding.column)
                yield [(f"{str(finding.line).rjust(6)} | ", "dim"), (shown, "")]
                yield [(f"{' ' * 6} | ", "dim"), (" " * _cells(before) + "^", style)]


def _cells(text: str) -> int:
    """How many terminal columns ``text`` takes (wide characters take two)."""
    return sum(
        0 if unicodedata.combining(char) else 2 if unicodedata.east_asian_width(char) in "WF" else 1
        for char in text
    )


def write_full(report: LintReport, out: TextIO) -> None:
    """Findings grouped by file, each with the offending source line; coloured (with rich)
    only where colour is wanted, so a hook or a pipe does not pay for importing it."""
    if not wants_colour(out):
        for line in _full_lines(report):
            out.write("".join(text for text, _ in line) + "\n")
        return
    from rich.text import Text

    console = make_console(out, soft_wrap=True)
    for line in _full_lines(report):
        text = Text()
        for segment, style in line:
            text.append(segment, style=style or None)
        console.print(text)


def _excerpt(source: str, column: int) -> tuple[str, str]:
    """The visible source line (cut around ``column`` if long) and the text before the caret."""
    start = max(0, column - 1 - _EXCERPT_WIDTH // 2) if len(source) > _EXCERPT_WIDTH else 0
    window = source[start : start + _EXCERPT_WIDTH]
    prefix = "…" if start else ""
    suffix = "…" if start + _EXCERPT_WIDTH < len(source) else ""
    before = prefix + visible(source[start : max(start, column - 1)])
    return prefix + visible(window) + suffix, before
