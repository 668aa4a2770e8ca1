"""Ranking stories: the score, and every sort order, each with a deterministic tie-break.

The score follows the published formulas of Hacker News and Reddit: a story's points (its
editor's quality, boosted by the logarithm of its heat) are divided by its age in hours plus
two, raised to a configurable gravity, so that every story loses rank as it ages::

    score = quality * log10(10 + heat) / (age_hours + 2) ** gravity

A story with no quality or no date scores 0 (it cannot be ranked), no heat counts as 0, and
a date after ``now`` as age 0.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from datetime import UTC, datetime

from newscli.curation.stories import Story

DEFAULT_GRAVITY = 1.8
_OLDEST = datetime.min.replace(tzinfo=UTC)
SORT_KEYS = ("date", "quality", "heat", "title", "score")


def score(story: Story, now: datetime, gravity: float = DEFAULT_GRAVITY) -> float:
    if story.published_at is None:
        return 0.0
    points = (story.quality or 0) * math.log10(10 + max(story.heat or 0, 0))
    age = (now - story.published_at).total_seconds() / 3600
    return float(points / (max(age, 0.0) + 2) ** gravity)


def _newer_first(story: Story) -> float:
    return -(story.published_at or _OLDEST).timestamp()


def ranked(
    stories: Iterable[Story],
    by: str,
    now: datetime,
    gravity: float = DEFAULT_GRAVITY,
    reverse: bool = False,
) -> list[tuple[Story, float]]:
    """Stories with their scores, in the order ``by`` asks for (best, newest or A to Z first).

    Ties are broken by newer first, then by path, so the same files always give the same list;
    ``reverse`` turns the whole order around.
    """
    scored = [(story, score(story, now, gravity)) for story in stories]
    primary: dict[str, Callable[[tuple[Story, float]], float | str]] = {
        "score": lambda item: -item[1],
        "quality": lambda item: -(item[0].quality if item[0].quality is not None else -1),
        "heat": lambda item: -(item[0].heat if item[0].heat is not None else -1),
        "date": lambda item: _newer_first(item[0]),
        "title": lambda item: item[0].title.casefold(),
    }
    # Three stable sorts, last key first: the order of one sort by (key, newer, path), without
    # a tuple of keys held for each of 100,000 stories.
    scored.sort(key=lambda item: item[0].path)
    scored.sort(key=lambda item: _newer_first(item[0]))
    if by != "date":  # by date, the tie-break is the key itself
        scored.sort(key=primary[by])
    if reverse:
        scored.reverse()
    return scored
