"""What a rule is: a code, a name, its documentation with examples, and an optional check."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from newscli.document import Document
from newscli.findings import Problem, Severity
from newscli.settings import Settings

Check = Callable[[Document, Settings], Iterable[Problem]]


@dataclass(frozen=True, slots=True)
class Example:
    """A piece of front matter that shows a rule. Unless ``whole_file`` is set it is a fragment:
    its top-level keys replace those of a valid article (the tests do exactly that).
    ``settings`` are the settings the example assumes, as keyword arguments of ``Settings``
    (paths relative to the article's folder); ``files`` are other files it assumes, by path
    relative to that folder, and ``note`` says so in words.
    """

    text: str
    whole_file: bool = False
    encoding: str = "utf-8"
    settings: dict[str, Any] = field(default_factory=dict)
    files: dict[str, bytes] = field(default_factory=dict)
    note: str = ""


@dataclass(frozen=True, slots=True)
class Rule:
    """One rule. ``check`` is None for rules found while loading or by the schema."""

    code: str
    name: str
    severity: Severity
    summary: str
    why: str
    bad: Example
    good: Example
    check: Check | None = None
    fix: str | None = None
    collection: bool = False  # compares files with each other rather than looking at one

    @property
    def fixable(self) -> bool:
        return self.fix is not None
