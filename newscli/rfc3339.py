"""RFC 3339 date-times (section 5.6, with its errata) as an author writes them: parsed, or
refused with a reason.

Written by hand: rfc3339-validator, which python-jsonschema uses, matches any Unicode digit with
``\\d`` and refuses every leap second, and ``datetime.fromisoformat`` accepts much of ISO 8601
that RFC 3339 does not. The JSON Schema Test Suite's ``date-time`` cases are run by the tests.
"""

from __future__ import annotations

import functools
import re
from datetime import UTC, datetime, timedelta, timezone

_RFC3339 = re.compile(
    r"(?P<year>[0-9]{4})-(?P<month>[0-9]{2})-(?P<day>[0-9]{2})"
    r"(?:(?P<separator>[Tt ])(?P<hour>[0-9]{2}):(?P<minute>[0-9]{2}):(?P<second>[0-9]{2})"
    r"(?P<fraction>\.[0-9]+)?(?P<offset>[Zz]|[+-][0-9]{2}:[0-9]{2})?)?"
)
EXAMPLE = "2024-05-14T09:30:00Z"


class DateTimeError(ValueError):
    """Text that is not an RFC 3339 date-time; the message says what is wrong, and
    ``corrected`` is the same moment written correctly, where only the spelling is off."""

    def __init__(self, message: str, corrected: str | None = None) -> None:
        super().__init__(message)
        self.corrected = corrected


def parse_date_time(text: str) -> datetime:
    """Parse an RFC 3339 date-time with an offset, as written; raise DateTimeError otherwise.
    A leap second (23:59:60 UTC) is read as the second before it."""
    parsed = _parsed(text)
    if isinstance(parsed, tuple):
        raise DateTimeError(*parsed)
    return parsed


@functools.lru_cache(maxsize=1024)  # several rules read each date; the answer is the same
def _parsed(text: str) -> datetime | tuple[str, str | None]:
    try:
        return _parse(text)
    except DateTimeError as error:
        return str(error), error.corrected


def _parse(text: str) -> datetime:
    match = _RFC3339.fullmatch(text)
    if match is None:
        raise DateTimeError(f"is not a date-time; expected RFC 3339 such as {EXAMPLE}")
    if match["hour"] is None:
        raise DateTimeError(
            f"has a date but no time; expected a date-time such as {match.group()}T00:00:00Z"
        )
    written = f"{text[:10]}T{text[11:]}"
    if match["offset"] is None:
        raise DateTimeError(f"is missing offset: add Z for UTC or +hh:mm, as in {written}Z")
    hour, minute, second = int(match["hour"]), int(match["minute"]), int(match["second"])
    offset = match["offset"].upper()
    try:
        zone = UTC if offset == "Z" else _zone(offset)
        if second > 60:
            raise ValueError(f"second must be in 0..59, or 60 for a leap second; found {second}")
        if second == 60 and not _last_minute_of_a_utc_day(hour, minute, zone):
            raise ValueError("a leap second (second 60) only follows 23:59:59 UTC")
        micro = int((match["fraction"] or ".0")[1:7].ljust(6, "0"))
        moment = datetime(
            int(match["year"]),
            int(match["month"]),
            int(match["day"]),
            hour,
            minute,
            min(second, 59),
            micro,
            tzinfo=zone,
        )
    except ValueError as error:
        raise DateTimeError(f"is not a real date-time: {error}") from None
    if match["separator"] == " ":
        # RFC 3339 lets an application agree on a space; the article format, its JSON Schema
        # (format: date-time) and the tools that read it do not.
        raise DateTimeError(
            f"separates the date and the time with a space; RFC 3339 writes a T: {written}",
            corrected=written,
        )
    return moment


def _last_minute_of_a_utc_day(hour: int, minute: int, zone: timezone) -> bool:
    offset = zone.utcoffset(None)
    in_utc = (hour * 60 + minute - offset.total_seconds() // 60) % (24 * 60)
    return in_utc == 23 * 60 + 59


def _zone(offset: str) -> timezone:
    hours, minutes = int(offset[1:3]), int(offset[4:6])
    if hours > 23 or minutes > 59:
        raise ValueError(f"the offset {offset} is out of range")
    sign = -1 if offset[0] == "-" else 1
    return timezone(sign * timedelta(hours=hours, minutes=minutes))
