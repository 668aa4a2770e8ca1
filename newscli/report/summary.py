"""What a lint run comes to: counts, the summary line, and the count of findings per rule."""

from __future__ import annotations

from typing import TextIO

from newscli.lint.results import LintReport, summary_counts


def write_statistics(report: LintReport, out: TextIO) -> None:
    """A count of findings per rule, most frequent first."""
    counts: dict[tuple[str, str], int] = {}
    for finding in report.all():
        counts[(finding.code, finding.name)] = counts.get((finding.code, finding.name), 0) + 1
    ordered = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    width = max((len(str(count)) for _, count in ordered), default=1)
    for (code, name), count in ordered:
        out.write(f"{count:>{width}}\t{code}\t{name}\n")


def summary_line(report: LintReport) -> str:
    """``3 errors, 1 warning in 2 of 120 files.``, or that nothing was found, and what --fix
    would repair."""
    counts = summary_counts(report)
    files = _plural(counts["files"], "file")
    if not counts["errors"] and not counts["warnings"]:
        return f"No problems found in {files}."
    parts = [_plural(counts["errors"], "error"), _plural(counts["warnings"], "warning")]
    line = f"{', '.join(parts)} in {counts['files_with_findings']:,} of {files}."
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
