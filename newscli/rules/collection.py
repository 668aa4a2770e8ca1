"""Rules that compare the articles of a collection with each other."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from newscli.document.source import Source
from newscli.findings import Problem, Severity
from newscli.rules.base import Example, Rule


def _key(url: str) -> str:
    return url.strip()


def duplicate_problems(
    sources: Iterable[Source], linted: set[str]
) -> Iterator[tuple[str, Problem]]:
    """(path, problem) for each linted article whose ``sourceUrl`` another article also has."""
    by_url: dict[str, list[Source]] = {}
    for source in sources:
        by_url.setdefault(_key(source.url), []).append(source)
    for group in by_url.values():
        if len(group) < 2:
            continue
        for source in group:
            if source.path not in linted:
                continue
            others = [other for other in group if other is not source]
            named = ", ".join(f"{other.path}:{other.line}" for other in others[:3])
            more = f" and {len(others) - 3} more" if len(others) > 3 else ""
            message = f"the same sourceUrl is used by {named}{more}"
            yield (
                source.path,
                Problem(message, "/sourceUrl", line=source.line, column=source.column),
            )


DUPLICATE_SOURCE_URL = Rule(
    "NC601",
    "duplicate-source-url",
    Severity.ERROR,
    "Two articles have the same `sourceUrl`.",
    "One story filed twice shows up twice in every list and splits its heat between the copies. "
    "Both files are reported, each naming the other. When lint is given only some files (as a "
    "pre-commit hook does), it still compares them with every article under the content root.",
    Example("sourceUrl: https://www.reuters.com/markets/rally\n"),
    Example("sourceUrl: https://www.reuters.com/markets/rally-2\n"),
    compare=duplicate_problems,
)

COVERS = "the collection: no two articles share a `sourceUrl`"
RULES = [DUPLICATE_SOURCE_URL]
