"""Which stories a view shows: filters as pure functions, and times as people write them."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from newscli.curation.stories import Story
from newscli.urls import ascii_host, is_within_domain

_RELATIVE = re.compile(r"(\d+)\s*([hdw])")
_UNITS = {"h": timedelta(hours=1), "d": timedelta(days=1), "w": timedelta(weeks=1)}


class TimeError(ValueError):
    """A time a person wrote that cannot be read; the message says what is expected."""


def parse_time(text: str, now: datetime) -> datetime:
    """``24h``, ``7d`` or ``4w`` before ``now``; an ISO date (midnight UTC); or an ISO
    date-time (UTC when it has no offset)."""
    text = text.strip()
    relative = _RELATIVE.fullmatch(text)
    if relative:
        return now - int(relative[1]) * _UNITS[relative[2]]
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        try:
            moment = datetime.combine(date.fromisoformat(text), time())
        except ValueError:
            raise TimeError(
                f"{text!r} is not a time; expected an ISO date (2024-05-14), an ISO date-time "
                "(2024-05-14T09:30:00Z) or a span before now (24h, 7d, 4w)"
            ) from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


@dataclass(frozen=True, slots=True)
class Filters:
    """What to keep. Empty fields keep everything; ``published`` None keeps both kinds."""

    topics: tuple[str, ...] = ()
    provider: str | None = None
    category: str | None = None
    type: str | None = None
    since: datetime | None = None
    until: datetime | None = None
    min_quality: int | None = None
    published: bool | None = True


def matches(story: Story, filters: Filters) -> bool:
    """Whether one story passes every filter."""
    if filters.published is not None and story.published != filters.published:
        return False
    if filters.topics:
        wanted = {topic.casefold() for topic in filters.topics}
        if not wanted & {topic.casefold() for topic in story.topics}:
            return False
    if filters.provider and not _provider_matches(story, filters.provider):
        return False
    if filters.category and story.category.casefold() != filters.category.casefold():
        return False
    if filters.type and story.type.casefold() != filters.type.casefold():
        return False
    if filters.since or filters.until:
        if story.published_at is None:
            return False
        if filters.since and story.published_at < filters.since:
            return False
        if filters.until and story.published_at > filters.until:
            return False
    return filters.min_quality is None or (
        story.quality is not None and story.quality >= filters.min_quality
    )


def _provider_matches(story: Story, wanted: str) -> bool:
    if story.provider.casefold() == wanted.casefold():
        return True
    try:
        return bool(story.domain) and is_within_domain(ascii_host(story.domain), wanted)
    except UnicodeError:
        return False


def keep(stories: Iterable[Story], filters: Filters) -> list[Story]:
    """The stories that pass every filter, in the order given."""
    return [story for story in stories if matches(story, filters)]
