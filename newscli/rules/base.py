"""What a rule is: a code, a name, its documentation with examples, its check, and what else its
findings depend on, so that the engine asks the rule instead of knowing it by name."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from newscli.document.issues import LoadIssue
from newscli.document.model import Document
from newscli.document.source import Source
from newscli.findings import Problem, Severity
from newscli.settings import Settings
from newscli.web.answers import Answer

Check = Callable[[Document, Settings], Iterable[Problem]]
# (the sources of every article, the paths being linted, the settings) -> (path, problem)
Compare = Callable[[list[Source], set[str], Settings], Iterator[tuple[str, Problem]]]
# (a document, the settings, what its links answered, by URL) -> problems
Answered = Callable[[Document, Settings, Mapping[str, Answer]], Iterable[Problem]]
Files = Callable[[Document, Settings], Iterable[Path]]
Moments = Callable[[Document, Settings], Iterable[datetime]]


@dataclass(frozen=True, slots=True)
class Example:
    """A piece of front matter that shows a rule. Unless ``whole_file`` is set it is a fragment:
    its top-level keys replace those of a valid article (the tests do exactly that).
    ``encoding`` and ``newline`` say how it is saved; ``settings`` are the settings it assumes,
    as keyword arguments of ``Settings`` (paths relative to the article's folder); ``files``
    are other files it assumes, by path relative to that folder, and ``note`` says so in words.
    ``answers`` are what the web answers for the example's links (a URL: its status, and
    where a redirect leads), for the rules about what links answer.
    """

    text: str
    whole_file: bool = False
    encoding: str = "utf-8"
    newline: str = "\n"  # how the example's lines end in the file
    settings: dict[str, Any] = field(default_factory=dict)
    files: dict[str, bytes] = field(default_factory=dict)
    note: str = ""
    answers: dict[str, str] = field(default_factory=dict)  # "404", "301 https://…"


@dataclass(frozen=True, slots=True)
class Rule:
    """One rule, and everything the engine needs to know about it.

    A rule has exactly one of ``check`` (looks at one document), ``compare`` (compares the
    articles of a collection) and ``answered`` (looks at what a document's links answered,
    for ``newscli links``), or none for the two rules the suppression comments produce.
    The engine stamps the rule's code on every problem its check yields. An ``opt_in`` rule
    runs only when its code, or a prefix longer than ``NC``, is selected.
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
    answered: Answered | None = None
    opt_in: bool = False

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
