"""Findings for programs: JSON, JSON lines and SARIF, each with a documented, versioned shape."""

from __future__ import annotations

import json
from typing import TextIO

from newscli import __version__
from newscli.findings import Finding
from newscli.lint.results import LintReport, summary_counts
from newscli.text import visible

JSON_SCHEMA_VERSION = 1


def rule_url(docs_url: str, code: str, name: str) -> str:
    """The address of a rule's section in the rule pages (their headings' anchors)."""
    return f"{docs_url}#{code.lower()}-{name}"


def finding_record(finding: Finding, docs_url: str = "docs/rules.md") -> dict[str, object]:
    return {
        "path": finding.path,
        "line": finding.line,
        "column": finding.column,
        "end_line": finding.end[0],
        "end_column": finding.end[1],
        "code": finding.code,
        "name": finding.name,
        "severity": finding.severity.value,
        "message": finding.message,
        "pointer": finding.pointer,
        "fixable": finding.fixable,
        "fix": None if finding.fix is None else _fix_record(finding),
        "url": rule_url(docs_url, finding.code, finding.name),
    }


MAX_EDIT = 1_000  # characters of new text a report carries; a longer edit is left out


def _fix_record(finding: Finding) -> dict[str, object]:
    """As ruff writes a fix: its applicability, and each edit's place and new text (null when
    the edits are too many or too long to carry in a report; `newscli lint --fix` still makes
    them)."""
    if not finding.edits or any(len(edit[4]) > MAX_EDIT for edit in finding.edits):
        return {"applicability": _applicability(finding), "edits": None}
    return {
        "applicability": _applicability(finding),
        "edits": [
            {
                "content": content,
                "location": {"row": line, "column": column},
                "end_location": {"row": end_line, "column": end_column},
            }
            for line, column, end_line, end_column, content in finding.edits
        ],
    }


def _applicability(finding: Finding) -> str:
    return "safe" if finding.fix is not None and finding.fix.safe else "unsafe"


def write_json(report: LintReport, out: TextIO) -> None:
    """One JSON object, documented in the README; ``version`` changes when its shape does."""
    counts = summary_counts(report)
    document = {
        "version": JSON_SCHEMA_VERSION,
        "tool": {"name": "newscli", "version": __version__},
        "summary": counts,
        "findings": [finding_record(finding, report.docs_url) for finding in report.all()],
    }
    # ASCII escapes keep every character of the data while nothing raw reaches a terminal.
    json.dump(document, out, ensure_ascii=True, indent=2)
    out.write("\n")


def write_json_lines(report: LintReport, out: TextIO) -> None:
    """One JSON object a finding, each carrying the format's version."""
    for finding in report.all():
        record = {"version": JSON_SCHEMA_VERSION, **finding_record(finding, report.docs_url)}
        out.write(json.dumps(record, ensure_ascii=True) + "\n")


def write_sarif(report: LintReport, out: TextIO) -> None:
    """SARIF 2.1.0, as GitHub code scanning reads it: every rule with its help, every result
    with its region."""
    from newscli.report.rule_docs import rule_markdown
    from newscli.rules import RULES

    index = {code: position for position, code in enumerate(RULES)}
    rules = [
        {
            "id": rule.code,
            "name": rule.name,
            "shortDescription": {"text": rule.summary},
            "fullDescription": {"text": rule.why},
            "help": {"text": rule.why, "markdown": rule_markdown(rule)},
            **(
                {"helpUri": rule_url(report.docs_url, rule.code, rule.name)}
                if report.docs_url.startswith(("https://", "http://"))
                else {}
            ),
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
            **(
                {"properties": {"fixApplicability": _applicability(finding)}}
                if finding.fix is not None
                else {}
            ),
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": {"uri": _uri(finding.path)},
                        "region": {
                            "startLine": finding.line,
                            "startColumn": finding.column,
                            "endLine": finding.end[0],
                            "endColumn": finding.end[1],
                        },
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

    # A name that is not UTF-8 holds lone surrogates: its own bytes are what the URI escapes.
    raw = path.removeprefix("./").encode("utf-8", "surrogateescape")
    return percent_encode(raw, safe="/")


def write_junit(report: LintReport, out: TextIO) -> None:
    """JUnit XML, as CI services show test results: a test suite per file, a failing test
    case per finding. Text is escaped by the XML writer and made visible, so it always parses."""
    import xml.etree.ElementTree as ElementTree

    root = ElementTree.Element("testsuites", name="newscli")
    for path, findings in report.findings.items():
        suite = ElementTree.SubElement(
            root,
            "testsuite",
            name=visible(path),
            tests=str(len(findings)),
            failures=str(len(findings)),
        )
        for finding in findings:
            case = ElementTree.SubElement(
                suite,
                "testcase",
                classname=visible(path),
                name=f"{finding.code} {finding.name} at {finding.line}:{finding.column}",
            )
            failure = ElementTree.SubElement(
                case, "failure", message=visible(finding.message), type=finding.severity.value
            )
            failure.text = (
                f"{visible(path)}:{finding.line}:{finding.column}: {visible(finding.message)}"
            )
    ElementTree.indent(root)
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    out.write(ElementTree.tostring(root, encoding="unicode"))
    out.write("\n")
