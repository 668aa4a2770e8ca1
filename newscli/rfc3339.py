"""RFC 3339 date-times as an author writes them: parsed, or refused with a reason."""

from __future__ import annotations

import functools
import re
from datetime import UTC, datetime, timedelta, timezone

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
