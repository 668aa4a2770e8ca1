"""What a rule is: a code, a name, its documentation with examples, its check, and what else its
findings depend on, so that the engine asks the rule instead of knowing it by name."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from newscli.document.issues import LoadIssue
from newscli.document.model import Document
from newscli.document.source import Source
from newscli.findings import Problem, Severity
from newscli.settings import Settings

Check = Callable[[Document, Settings], Iterable[Problem]]
# (the sources of every article, the paths being linted, the settings) -> (path, problem)
Compare = Callable[[list[Source], set[str], Settings], Iterator[tuple[str, Problem]]]
Files = Callable[[Document, Settings], Iterable[Path]]
Moments = Callable[[Document, Settings], Iterable[datetime]]


@dataclass(frozen=True, slots=True)
class Example:
    """A piece of front matter that shows a rule. Unless ``whole_file`` is set it is a fragment:
    its top-level keys replace those of a valid article (the tests do exactly that).
    ``encoding`` and ``newline`` say how it is saved; ``settings`` are the settings it assumes,
    as keyword arguments of ``Settings`` (paths relative to the article's folder); ``files``
    are other files it assumes, by path relative to that folder, and ``note`` says so in words.
    """

    text: str
    whole_file: bool = False
    encoding: str = "utf-8"
    newline: str = "\n"  # how the example's lines end in the file
    settings: dict[str, Any] = field(default_factory=dict)
    files: dict[str, bytes] = field(default_factory=dict)
    note: str = ""


@dataclass(frozen=True, slots=True)
class Rule:
    """One rule, and everything the engine needs to know about it.

    A rule has exactly one of ``check`` (looks at one document) and ``compare`` (compares the
    articles of a collection), or neither for the two rules the suppression comments produce.
    The engine stamps the rule's code on every problem its check yields.
    """

    code: str
    name: str
    severity: Severity
    summary: str
    why: str
    bad: Example
    good: Example
    check: Check | None = None
    fix: str | None = None
    # False for rules about the file itself: they run even when the front matter did not load.
    needs_data: bool = True
    compare: Compare | None = None
    # Files besides the article that the findings depend on (a cached result is stale when they
    # change), and moments at which the findings change by themselves (a future date passing).
    files: Files | None = None
    expires: Moments | None = None

    @property
    def fixable(self) -> bool:
        return self.fix is not None

    @property
    def collection(self) -> bool:
        return self.compare is not None


def load_issues(*kinds: LoadIssue) -> Check:
    """The check of a rule about loading: the problems of these kinds the loader found."""

    def check(document: Document, settings: Settings) -> Iterator[Problem]:
        return (problem for problem in document.problems if problem.kind in kinds)

    return check
