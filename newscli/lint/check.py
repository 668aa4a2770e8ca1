"""Checking one loaded document: the enabled rules' problems, placed in the file and stamped with
their rule, then what the run keeps of the file."""

from __future__ import annotations

import dataclasses
import os
from collections import Counter

from newscli.document.fields import looks_like_article
from newscli.document.issues import LoadIssue
from newscli.document.model import Document
from newscli.document.source import source_of
from newscli.findings import Finding, Problem
from newscli.lint.results import FileResult
from newscli.rules import RULES, Rule
from newscli.rules.loading import NOT_AN_ARTICLE
from newscli.rules.suppression import find_suppressions
from newscli.settings import Settings

_NOT_AN_ARTICLE = {
    LoadIssue.NOT_UTF8,
    LoadIssue.NO_FRONT_MATTER,
    LoadIssue.UNTERMINATED,
    LoadIssue.YAML_SYNTAX,
    LoadIssue.NOT_A_MAPPING,
}
MAX_PLACED_EDITS = 100  # edits of one fix that reports carry; a fix with more is only applied
MAX_PER_RULE = 100  # findings of one rule in one file; past that, one finding counts the rest


# The rules that explain why a file could not be loaded: those that run on any document.
LOADING_RULES = [rule for rule in RULES.values() if rule.check is not None and not rule.needs_data]


def enabled_rules(settings: Settings) -> list[Rule]:
    return [
        rule
        for rule in RULES.values()
        if (settings.is_chosen(rule.code) if rule.opt_in else settings.is_enabled(rule.code))
    ]


def enabled_checks(settings: Settings) -> list[Rule]:
    """The enabled rules that look at one document at a time."""
    return [rule for rule in enabled_rules(settings) if rule.check is not None]


def check_document(
    document: Document, settings: Settings, checks: list[Rule] | None = None
) -> list[Finding]:
    """The findings of every enabled single-file rule on one loaded document, in order.

    A value the loader already reported (a number too large to read) is not reported again
    by the rules that look at values.
    """
    loaded = {id(problem) for problem in document.problems}
    reported = {problem.pointer for problem in document.problems if problem.pointer}
    rules = enabled_checks(settings) if checks is None else checks
    if not looks_like_article(document.data):
        # One finding says what is wrong with a page that is no article, not one per key.
        rules = [rule for rule in rules if not rule.needs_data or rule is NOT_AN_ARTICLE]
    forced: list[Rule] = []
    if document.data is None:
        # A file that could not be read or loaded is always reported, whatever is selected or
        # ignored, as ruff reports syntax errors: otherwise a broken file would pass silently.
        forced = [rule for rule in LOADING_RULES if rule not in rules]
    findings = []
    for rule in [*rules, *forced]:
        assert rule.check is not None
        if rule.needs_data and document.data is None:
            continue
        always = document.data is None and not rule.needs_data
        for problem in rule.check(document, settings):
            if id(problem) in loaded or problem.pointer not in reported:
                finding = to_finding(document, _stamp(problem, rule), settings)
                if always or not settings.ignored_in_file(document.path, finding.code):
                    findings.append(finding)
    return sorted(findings)


def _stamp(problem: Problem, rule: Rule) -> Problem:
    return problem if problem.code == rule.code else dataclasses.replace(problem, code=rule.code)


def applies(problem: Problem, path: str, settings: Settings) -> bool:
    """Whether a problem that the run made itself (not a check) is reported for ``path``."""
    code = problem.code or ""
    return settings.is_enabled(code) and not settings.ignored_in_file(path, code)


def to_finding(document: Document, problem: Problem, settings: Settings) -> Finding:
    """Place a problem in its file and stamp its rule's name and severity on it."""
    assert problem.code is not None, "every problem names its rule"
    rule = RULES[problem.code]
    end = None
    if problem.line is not None:
        line, column = problem.line, problem.column or 1
    else:
        line, column = document.position(problem.pointer, problem.at_key)
        end = document.end_position(problem.pointer, problem.at_key)
    severity = settings.severity_of(rule.code, rule.severity)
    end_line, end_column = end if end is not None and end > (line, column) else (0, 0)
    planned = problem.fix.edits if problem.fix else ()
    edits = tuple(
        (
            *document.offset_position(edit.start),
            *document.offset_position(edit.end),
            edit.replacement,
        )
        for edit in (planned if len(planned) <= MAX_PLACED_EDITS else ())
    )
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
        end_line,
        end_column,
        edits,
    )


def check_file(document: Document, settings: Settings, checks: list[Rule]) -> FileResult:
    """Every single-file finding of a document, with what the run needs to finish it."""
    return file_result(document, settings, check_document(document, settings, checks), checks)


def file_result(
    document: Document, settings: Settings, findings: list[Finding], checks: list[Rule]
) -> FileResult:
    """What the run keeps of a checked document, given its findings."""
    suppressions, invalid = find_suppressions(document, RULES)
    findings = findings + [
        to_finding(document, problem, settings)
        for problem in invalid
        if applies(problem, document.path, settings)
    ]
    findings = bounded(sorted(findings))
    lines = {finding.line for finding in findings} | {s.line for s in suppressions}
    if any(problem.kind in _NOT_AN_ARTICLE for problem in document.problems):
        lines = set()  # never show a line of a file that may not be an article (/etc/passwd)
    return FileResult(
        document.path,
        findings,
        source_of(document),
        {line: document.source_line(line) for line in lines if line <= len(document.lines)},
        suppressions,
        file_dependencies(document, settings, checks),
        expiry(document, settings, checks),
        dict(document.tally) or None,
        document.stamp,
    )


def bounded(findings: list[Finding]) -> list[Finding]:
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


def file_dependencies(
    document: Document, settings: Settings, checks: list[Rule]
) -> tuple[tuple[str, int, int], ...]:
    """The files besides the article that enabled rules read, with their size and mtime."""
    paths = {
        str(path): None
        for rule in checks
        if rule.files is not None and document.data is not None
        for path in rule.files(document, settings)
    }
    stamps = []
    for path in paths:
        try:
            info = os.stat(path)
            stamps.append((path, info.st_size, info.st_mtime_ns))
        except OSError:
            stamps.append((path, -1, -1))
    return tuple(stamps)


def expiry(document: Document, settings: Settings, checks: list[Rule]) -> float | None:
    """The earliest moment at which an enabled rule's findings change by themselves."""
    moments = [
        moment.timestamp()
        for rule in checks
        if rule.expires is not None and document.data is not None
        for moment in rule.expires(document, settings)
    ]
    return min(moments) if moments else None
