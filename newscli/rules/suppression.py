"""Inline suppressions, ``# newscli: ignore[CODE] reason`` comments in the front matter, and
the two rules about the comments themselves."""

from __future__ import annotations

import re
from collections.abc import Container, Iterable
from dataclasses import dataclass, field

from newscli.document.model import Document
from newscli.findings import Finding, Problem, Severity
from newscli.rules.base import Example, Rule
from newscli.settings import Settings

UNUSED_SUPPRESSION = Rule(
    "NC901",
    "unused-suppression",
    Severity.WARNING,
    "A `# newscli: ignore[CODE]` comment hides nothing.",
    "A suppression outlives the problem it was written for once the value is fixed; left "
    "behind, it would silently hide the next real problem on that line. Remove it.",
    Example("title: Markets rally  # newscli: ignore[NC505]\n"),
    Example('title: " Markets rally"  # newscli: ignore[NC505] the spacing is the brand\'s\n'),
)
INVALID_SUPPRESSION = Rule(
    "NC902",
    "invalid-suppression",
    Severity.WARNING,
    "A suppression comment is malformed or names an unknown rule code.",
    "A suppression with a typo in its code hides nothing, so the finding it was meant for "
    "still shows up and the comment misleads the next reader. Write "
    "`# newscli: ignore[CODE] reason` on the finding's line, or "
    "`# newscli: ignore-file[CODE] reason` anywhere in the front matter for the whole file.",
    Example("quality: 150  # newscli: ignore[NC13]\n"),
    Example("quality: 15  # the editor's rating\n"),
)

COVERS = "suppression comments: unused or malformed"
RULES = [UNUSED_SUPPRESSION, INVALID_SUPPRESSION]
_ABOUT_SUPPRESSIONS = (UNUSED_SUPPRESSION.code, INVALID_SUPPRESSION.code)
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

    def hides(self, finding: Finding) -> bool:
        return finding.code in self.codes and (self.whole_file or self.line == finding.line)


def find_suppressions(
    document: Document, known: Container[str]
) -> tuple[list[Suppression], list[Problem]]:
    """The suppression comments of a document's front matter, and problems with malformed ones
    or ones that name codes not in ``known``."""
    suppressions: list[Suppression] = []
    problems: list[Problem] = []
    if "newscli:" not in document.text:  # nearly every file: one search, no walk of its lines
        return suppressions, problems
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
                        code=INVALID_SUPPRESSION.code,
                        line=line,
                        column=column,
                    )
                )
                continue
            names = tuple(code.strip().upper() for code in codes.split(",") if code.strip())
            unknown = [code for code in names if code not in known]
            for code in unknown:
                problems.append(
                    Problem(
                        f"the suppression names {code!r}, which is not a rule "
                        "code; see `newscli rules`",
                        code=INVALID_SUPPRESSION.code,
                        line=line,
                        column=column,
                    )
                )
            if not names:
                problems.append(
                    Problem(
                        "the suppression names no rule code",
                        code=INVALID_SUPPRESSION.code,
                        line=line,
                        column=column,
                    )
                )
            known = tuple(code for code in names if code not in unknown)
            if known:
                suppressions.append(Suppression(line, column, known, kind == "ignore-file"))
    return suppressions, problems


def apply_suppressions(
    findings: Iterable[Finding],
    suppressions: list[Suppression],
    settings: Settings,
    path: str,
    ran: Container[str],
) -> tuple[list[Finding], list[Problem]]:
    """The findings no comment hides, and a problem for each suppression that hid nothing
    although its rule ran (the codes in ``ran``): lint never judges a comment for a rule only
    ``newscli links`` runs, nor the reverse."""
    kept = []
    for finding in findings:
        hidden = False
        if finding.code not in _ABOUT_SUPPRESSIONS:
            for suppression in suppressions:
                if suppression.hides(finding):
                    suppression.used.add(finding.code)
                    hidden = True
        if not hidden:
            kept.append(finding)
    unused = [
        Problem(
            f"the suppression of {code} hides nothing; remove it",
            code=UNUSED_SUPPRESSION.code,
            line=suppression.line,
            column=suppression.column,
        )
        for suppression in suppressions
        for code in suppression.codes
        if code not in suppression.used and code in ran and not settings.ignored_in_file(path, code)
    ]
    return kept, unused


def is_hidden(finding: Finding, suppressions: Iterable[Suppression]) -> bool:
    """Whether a comment hides ``finding``, without counting it as used."""
    return finding.code not in _ABOUT_SUPPRESSIONS and any(s.hides(finding) for s in suppressions)
