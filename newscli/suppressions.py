"""Inline suppressions: ``# newscli: ignore[CODE] reason`` comments in the front matter."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from newscli.document import Document
from newscli.findings import Finding, Problem
from newscli.rules import RULES
from newscli.settings import Settings

UNUSED, INVALID = "NC901", "NC902"
# A YAML comment starts at a # that opens the line or follows white space.
_COMMENT = re.compile(r"(?:^|(?<=\s))#\s*newscli:\s*(?P<kind>[\w-]*)\s*(?:\[(?P<codes>[^\]]*)\])?")


@dataclass(slots=True)
class Suppression:
    """One comment: the codes it hides on its line, or in the whole file."""

    line: int
    column: int
    codes: tuple[str, ...]
    whole_file: bool
    used: set[str] = field(default_factory=set)


def find_suppressions(document: Document) -> tuple[list[Suppression], list[Problem]]:
    """The suppression comments of a document's front matter, and problems with malformed ones."""
    suppressions: list[Suppression] = []
    problems: list[Problem] = []
    for line in document.front_matter_lines():
        text = document.source_line(line)
        if "newscli:" not in text:
            continue
        for match in _COMMENT.finditer(text):
            column = match.start() + 1
            kind, codes = match["kind"], match["codes"]
            if kind not in ("ignore", "ignore-file") or codes is None:
                problems.append(
                    Problem(
                        "a suppression is written `# newscli: ignore[CODE] reason` or "
                        "`# newscli: ignore-file[CODE] reason`",
                        code=INVALID,
                        line=line,
                        column=column,
                    )
                )
                continue
            names = tuple(code.strip().upper() for code in codes.split(",") if code.strip())
            unknown = [code for code in names if code not in RULES]
            for code in unknown:
                problems.append(
                    Problem(
                        f"the suppression names {code!r}, which is not a rule "
                        "code; see `newscli rules`",
                        code=INVALID,
                        line=line,
                        column=column,
                    )
                )
            if not names:
                problems.append(
                    Problem(
                        "the suppression names no rule code", code=INVALID, line=line, column=column
                    )
                )
            known = tuple(code for code in names if code not in unknown)
            if known:
                suppressions.append(Suppression(line, column, known, kind == "ignore-file"))
    return suppressions, problems


def apply_suppressions(
    findings: Iterable[Finding], suppressions: list[Suppression], settings: Settings, path: str
) -> tuple[list[Finding], list[Problem]]:
    """The findings no comment hides, and a problem for each suppression that hid nothing."""
    kept = []
    for finding in findings:
        hidden = False
        if finding.code not in (UNUSED, INVALID):
            for suppression in suppressions:
                if finding.code in suppression.codes and (
                    suppression.whole_file or suppression.line == finding.line
                ):
                    suppression.used.add(finding.code)
                    hidden = True
        if not hidden:
            kept.append(finding)
    unused = [
        Problem(
            f"the suppression of {code} hides nothing; remove it",
            code=UNUSED,
            line=suppression.line,
            column=suppression.column,
        )
        for suppression in suppressions
        for code in suppression.codes
        if code not in suppression.used
        and settings.is_enabled(code)
        and not settings.ignored_in_file(path, code)
    ]
    return kept, unused
