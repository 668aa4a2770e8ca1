"""What a lint run comes to: counts, the summary line, and the count of findings per rule."""

from __future__ import annotations

from typing import TextIO

from newscli.lint.results import LintReport, summary_counts


def statistics(report: LintReport) -> list[tuple[str, str, int]]:
    """(code, name, count) of each rule that found something, most frequent first."""
    counts: dict[tuple[str, str], int] = {}
    for finding in report.all():
        counts[(finding.code, finding.name)] = counts.get((finding.code, finding.name), 0) + 1
    ordered = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return [(code, name, count) for (code, name), count in ordered]


def write_statistics(report: LintReport, out: TextIO) -> None:
    """A count of findings per rule, most frequent first."""
    rows = statistics(report)
    width = max((len(str(count)) for _, _, count in rows), default=1)
    for code, name, count in rows:
        out.write(f"{count:>{width}}\t{code}\t{name}\n")


def write_statistics_json(report: LintReport, out: TextIO) -> None:
    """The same counts as one JSON object, versioned like the other JSON outputs."""
    import json

    records = [
        {"code": code, "name": name, "count": count} for code, name, count in statistics(report)
    ]
    json.dump({"version": 1, "statistics": records}, out, ensure_ascii=True, indent=2)
    out.write("\n")


def summary_line(report: LintReport, command: str = "lint") -> str:
    """``3 errors, 1 warning in 2 of 120 files.``, or that nothing was found, and what --fix
    of ``newscli COMMAND`` would repair."""
    counts = summary_counts(report)
    files = _plural(counts["files"], "file")
    if not counts["errors"] and not counts["warnings"]:
        return f"No problems found in {files}."
    parts = [_plural(counts["errors"], "error"), _plural(counts["warnings"], "warning")]
    line = f"{', '.join(parts)} in {counts['files_with_findings']:,} of {files}."
    fixes = [finding.fix for finding in report.all() if finding.fix is not None]
    safe = sum(1 for fix in fixes if fix.safe)
    if safe:
        line += f" {safe:,} fixable with `newscli {command} --fix`"
        line += f" ({len(fixes) - safe:,} more with --unsafe-fixes)." if len(fixes) > safe else "."
    elif fixes:
        line += f" {len(fixes):,} fixable with `newscli {command} --fix --unsafe-fixes`."
    return line


def _plural(count: int, word: str) -> str:
    return f"{count:,} {word}{'' if count == 1 else 's'}"
