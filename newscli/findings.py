"""What a check reports: problems as rules yield them, findings as the user sees them."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True, order=True)
class Edit:
    """Replace ``text[start:end]`` of a document's decoded text with ``replacement``."""

    start: int
    end: int
    replacement: str


@dataclass(frozen=True, slots=True)
class Fix:
    """How to repair a problem. A safe fix cannot change what the article means.
    ``pointers``: the values it changes or removes besides the problem's own."""

    edits: tuple[Edit, ...]
    safe: bool = True
    pointers: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Problem:
    """A rule's report, before the engine places it in the file and stamps the rule on it.

    ``pointer`` is the JSON pointer of the value concerned; ``at_key`` places the finding on the
    key rather than the value. ``line`` and ``column`` (1-based) are for problems that have no
    value to point at, such as a YAML syntax error.
    """

    message: str
    pointer: str = ""
    at_key: bool = False
    line: int | None = None
    column: int | None = None
    # The rule: stamped by the engine on what a check yields; the suppression comments, which no
    # check looks at, name their two rules themselves.
    code: str | None = None
    fix: Fix | None = None
    # What a producer that feeds several rules found (a loading or schema problem); each of
    # those rules keeps the kinds it stands for.
    kind: str = ""


@dataclass(frozen=True, slots=True, order=True)
class Finding:
    """One problem in one file, ready to report."""

    path: str
    line: int
    column: int
    code: str
    name: str
    severity: Severity
    message: str
    pointer: str = ""
    fix: Fix | None = field(default=None, compare=False, repr=False)
    # Where the value ends (the position after its last character); 0: where it starts.
    end_line: int = field(default=0, compare=False)
    end_column: int = field(default=0, compare=False)
    # The fix's edits placed in the file: (line, column, end line, end column, new text).
    edits: tuple[tuple[int, int, int, int, str], ...] = field(default=(), compare=False)

    @property
    def fixable(self) -> bool:
        return self.fix is not None

    @property
    def end(self) -> tuple[int, int]:
        return (self.end_line, self.end_column) if self.end_line else (self.line, self.column)
