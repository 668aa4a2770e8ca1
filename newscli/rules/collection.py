"""Rules that compare the articles of a collection with each other."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from newscli.document.source import Source
from newscli.findings import Problem, Severity
from newscli.rules.base import Example, Rule
from newscli.settings import Settings
from newscli.urls import comparable_url


def duplicate_problems(
    sources: Iterable[Source], linted: set[str], settings: Settings
) -> Iterator[tuple[str, Problem]]:
    """(path, problem) for each linted article whose ``sourceUrl`` names the page another
    article's names, however the two are spelled."""
    first: dict[str, Source] = {}  # of each URL; a list only for those used twice or more
    groups: dict[str, list[Source]] = {}
    tracking = settings.tracking_parameters
    for source in sources:
        known = source.comparable
        key = comparable_url(source.url, tracking) if known is None else known
        earlier = first.setdefault(key, source)
        if earlier is not source:
            groups.setdefault(key, [earlier]).append(source)
    for group in groups.values():
        spellings = {source.url.strip() for source in group}
        for source in group:
            if source.path not in linted:
                continue
            # The first three others are named: a group of thousands costs no more per file.
            others = [other for other in group[:4] if other is not source][:3]
            named = ", ".join(f"{other.path}:{other.line}" for other in others)
            rest = len(group) - 1 - len(others)
            more = f" and {rest:,} more" if rest > 0 else ""
            spelled = len(spellings) == 1
            what = "the same sourceUrl" if spelled else "a sourceUrl of the same page"
            message = f"{what} is used by {named}{more}"
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
    "pre-commit hook does), it still compares them with every article under the content root. "
    "URLs that differ only in spelling name the same page: the scheme (http or https), the case "
    "of the host, a leading `www.`, a default port, a fragment, tracking parameters and the "
    "spelling of escapes (`%7e` and `~`) are not compared; the path and the other parameters "
    "are, exactly.",
    Example("sourceUrl: https://www.reuters.com/markets/rally\n"),
    Example("sourceUrl: https://www.reuters.com/markets/rally-2\n"),
    compare=duplicate_problems,
)

COVERS = "the collection: no two articles share a `sourceUrl`"
RULES = [DUPLICATE_SOURCE_URL]
