"""Reporters: the same findings written for a person, a terminal, a script or a CI service."""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Callable, Iterator
from typing import TextIO

from newscli import __version__
from newscli.findings import Finding, Severity
from newscli.linter import LintReport
from newscli.text import visible

JSON_SCHEMA_VERSION = 1
_EXCERPT_WIDTH = 120


def write_concise(report: LintReport, out: TextIO) -> None:
    """``path:line:col: CODE message``, one finding a line."""
    for finding in report.all():
        out.write(
            f"{visible(finding.path)}:{finding.line}:{finding.column}: {finding.code} "
            f"{visible(finding.message)}\n"
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
                (" [*]" if finding.fixable else "", "cyan"),
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
    only on a terminal, so a hook or a pipe does not pay for importing it."""
    if not out.isatty():
        for line in _full_lines(report):
            out.write("".join(text for text, _ in line) + "\n")
        return
    from rich.console import Console
    from rich.text import Text

    console = Console(file=out, highlight=False, markup=False, emoji=False, soft_wrap=True)
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


def finding_record(finding: Finding) -> dict[str, object]:
    return {
        "path": finding.path,
        "line": finding.line,
        "column": finding.column,
        "code": finding.code,
        "name": finding.name,
        "severity": finding.severity.value,
        "message": finding.message,
        "pointer": finding.pointer,
        "fixable": finding.fixable,
    }


def write_json(report: LintReport, out: TextIO) -> None:
    """One JSON object, documented in the README; ``version`` changes when its shape does."""
    counts = summary_counts(report)
    document = {
        "version": JSON_SCHEMA_VERSION,
        "tool": {"name": "newscli", "version": __version__},
        "summary": counts,
        "findings": [finding_record(finding) for finding in report.all()],
    }
    # ASCII escapes keep every character of the data while nothing raw reaches a terminal.
    json.dump(document, out, ensure_ascii=True, indent=2)
    out.write("\n")


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


def write_json_lines(report: LintReport, out: TextIO) -> None:
    """One JSON object a finding, each carrying the format's version."""
    for finding in report.all():
        record = {"version": JSON_SCHEMA_VERSION, **finding_record(finding)}
        out.write(json.dumps(record, ensure_ascii=True) + "\n")


def write_sarif(report: LintReport, out: TextIO) -> None:
    """SARIF 2.1.0, as GitHub code scanning reads it: every rule with its help, every result
    with its region."""
    from newscli.ruledocs import rule_markdown
    from newscli.rules import RULES

    index = {code: position for position, code in enumerate(RULES)}
    rules = [
        {
            "id": rule.code,
            "name": rule.name,
            "shortDescription": {"text": rule.summary},
            "fullDescription": {"text": rule.why},
            "help": {"text": rule.why, "markdown": rule_markdown(rule)},
            "defaultConfiguration": {"level": rule.severity.value},
        }
        for rule in RULES.values()
    ]
    results = [
        {
            "ruleId": finding.code,
            "ruleIndex": index[finding.code],
            "level": finding.severity.value,
            "message": {"text": finding.message},
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": {"uri": _uri(finding.path)},
                        "region": {"startLine": finding.line, "startColumn": finding.column},
                    }
                }
            ],
        }
        for finding in report.all()
    ]
    sarif = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "newscli",
                        "version": __version__,
                        "informationUri": "https://pypi.org/project/newscli/",
                        "rules": rules,
                    }
                },
                "columnKind": "unicodeCodePoints",
                "results": results,
            }
        ],
    }
    json.dump(sarif, out, ensure_ascii=True, indent=2)
    out.write("\n")


def _uri(path: str) -> str:
    from urllib.parse import quote as percent_encode

    return percent_encode(path.removeprefix("./"), safe="/")


def write_statistics(report: LintReport, out: TextIO) -> None:
    """A count of findings per rule, most frequent first."""
    counts: dict[tuple[str, str], int] = {}
    for finding in report.all():
        counts[(finding.code, finding.name)] = counts.get((finding.code, finding.name), 0) + 1
    ordered = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    width = max((len(str(count)) for _, count in ordered), default=1)
    for (code, name), count in ordered:
        out.write(f"{count:>{width}}\t{code}\t{name}\n")


REPORTERS: dict[str, Callable[[LintReport, TextIO], None]] = {
    "full": write_full,
    "concise": write_concise,
    "json": write_json,
    "json-lines": write_json_lines,
    "github": write_github,
    "sarif": write_sarif,
}


def summary_counts(report: LintReport) -> dict[str, int]:
    findings = list(report.all())
    errors = sum(1 for finding in findings if finding.severity is Severity.ERROR)
    return {
        "files": report.files,
        "files_with_findings": sum(1 for found in report.findings.values() if found),
        "errors": errors,
        "warnings": len(findings) - errors,
    }


def summary_line(report: LintReport) -> str:
    """``3 errors, 1 warning in 2 of 120 files.``, or that nothing was found, and what --fix
    would repair."""
    counts = summary_counts(report)
    files = _plural(counts["files"], "file")
    if not counts["errors"] and not counts["warnings"]:
        return f"No problems found in {files}."
    parts = [_plural(counts["errors"], "error"), _plural(counts["warnings"], "warning")]
    line = f"{', '.join(parts)} in {counts['files_with_findings']} of {files}."
    fixes = [finding.fix for finding in report.all() if finding.fix is not None]
    safe = sum(1 for fix in fixes if fix.safe)
    if safe:
        line += f" {safe:,} fixable with `newscli lint --fix`"
        line += f" ({len(fixes) - safe:,} more with --unsafe-fixes)." if len(fixes) > safe else "."
    elif fixes:
        line += f" {len(fixes):,} fixable with `newscli lint --fix --unsafe-fixes`."
    return line


def _plural(count: int, word: str) -> str:
    return f"{count:,} {word}{'' if count == 1 else 's'}"
