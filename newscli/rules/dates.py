"""Rules about dates: RFC 3339 as the author wrote it, and never in the future."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone

from newscli.document import Document
from newscli.findings import Problem, Severity
from newscli.pointers import label
from newscli.rules.base import Example, Rule
from newscli.rules.fields import text_fields
from newscli.settings import Settings
from newscli.text import quote

_DATE_KEY = "publishedDateTime"
_RFC3339 = re.compile(
    r"(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})"
    r"(?:[Tt ](?P<hour>\d{2}):(?P<minute>\d{2}):(?P<second>\d{2})(?P<fraction>\.\d+)?"
    r"(?P<offset>[Zz]|[+-]\d{2}:\d{2})?)?"
)


class DateTimeError(ValueError):
    """Text that is not an RFC 3339 date-time; the message says what is wrong."""


def parse_date_time(text: str) -> datetime:
    """Parse an RFC 3339 date-time with an offset, as written; raise DateTimeError otherwise."""
    parsed = _parsed(text)
    if isinstance(parsed, str):
        raise DateTimeError(parsed)
    return parsed


@functools.lru_cache(maxsize=1024)  # several rules read each date; the answer is the same
def _parsed(text: str) -> datetime | str:
    try:
        return _parse(text)
    except DateTimeError as error:
        return str(error)


def _parse(text: str) -> datetime:
    match = _RFC3339.fullmatch(text)
    if match is None:
        raise DateTimeError("is not a date-time; expected RFC 3339 such as 2024-05-14T09:30:00Z")
    if match["hour"] is None:
        raise DateTimeError(
            f"has a date but no time; expected a date-time such as {match.group()}T00:00:00Z"
        )
    if match["offset"] is None:
        written = f"{match.group()[:10]}T{match.group()[11:]}"
        raise DateTimeError(f"is missing offset: add Z for UTC or +hh:mm, as in {written}Z")
    offset = match["offset"].upper()
    try:
        zone = UTC if offset == "Z" else _zone(offset)
        second = min(int(match["second"]), 59)  # RFC 3339 allows a leap second
        micro = int((match["fraction"] or ".0")[1:7].ljust(6, "0"))
        return datetime(
            int(match["year"]),
            int(match["month"]),
            int(match["day"]),
            int(match["hour"]),
            int(match["minute"]),
            second,
            micro,
            tzinfo=zone,
        )
    except ValueError as error:
        raise DateTimeError(f"is not a real date-time: {error}") from None


def _zone(offset: str) -> timezone:
    hours, minutes = int(offset[1:3]), int(offset[4:6])
    if hours > 23 or minutes > 59:
        raise ValueError(f"the offset {offset} is out of range")
    sign = -1 if offset[0] == "-" else 1
    return timezone(sign * timedelta(hours=hours, minutes=minutes))


def _dates(document: Document) -> Iterator[tuple[str, str]]:
    yield from text_fields(document.fields, _DATE_KEY)


def check_date_times(document: Document, settings: Settings) -> Iterator[Problem]:
    for pointer, text in _dates(document):
        try:
            parse_date_time(text)
        except DateTimeError as error:
            yield Problem(f"`{label(pointer)}` {quote(text)} {error}", pointer)


INVALID_DATE_TIME = Rule(
    "NC201",
    "invalid-date-time",
    Severity.ERROR,
    "A date is not an RFC 3339 date-time with an offset.",
    "Without an offset (`Z` or `+02:00`) a time means a different moment in every time zone, "
    "so the ordering of stories depends on where the site is built. The check reads the text "
    "as written, whether or not it is quoted.",
    Example("publishedDateTime: 2024-05-14 09:30:00\n"),
    Example("publishedDateTime: 2024-05-14T09:30:00+02:00\n"),
    check=check_date_times,
)


def _future(document: Document, settings: Settings) -> Iterator[tuple[str, str, datetime]]:
    limit = settings.now + settings.future_tolerance
    for pointer, text in _dates(document):
        try:
            moment = parse_date_time(text)
        except DateTimeError:
            continue
        if moment > limit:
            yield pointer, text, moment


def future_dates(document: Document, settings: Settings) -> list[datetime]:
    """The document's dates that lie in the future, tolerance included."""
    return [moment - settings.future_tolerance for _, _, moment in _future(document, settings)]


def check_future_dates(document: Document, settings: Settings) -> Iterator[Problem]:
    for pointer, text, _ in _future(document, settings):
        yield Problem(f"`{label(pointer)}` {quote(text)} is in the future", pointer)


DATE_IN_FUTURE = Rule(
    "NC202",
    "date-in-future",
    Severity.ERROR,
    "A date lies in the future.",
    "A story cannot have been published in the future: the date is a typo (a wrong year or "
    "month) and would pin the story to the top of every date-sorted list.",
    Example("publishedDateTime: 2999-05-14T09:30:00Z\n"),
    Example("publishedDateTime: 2024-05-14T09:30:00Z\n"),
    check=check_future_dates,
)

RULES = [INVALID_DATE_TIME, DATE_IN_FUTURE]
