"""Rules about dates: RFC 3339 as the author wrote it, and never in the future."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

from newscli.document.edits import value_fix
from newscli.document.fields import text_fields
from newscli.document.model import Document
from newscli.document.pointers import label
from newscli.findings import Problem, Severity
from newscli.rfc3339 import DateTimeError, parse_date_time
from newscli.rules.base import Example, Rule
from newscli.settings import Settings
from newscli.text import quote

_DATE_KEY = "publishedDateTime"


def _dates(document: Document) -> Iterator[tuple[str, str]]:
    yield from text_fields(document, _DATE_KEY)


def check_date_times(document: Document, settings: Settings) -> Iterator[Problem]:
    for pointer, text in _dates(document):
        try:
            parse_date_time(text)
        except DateTimeError as error:
            fix = None
            if error.corrected:  # unquoted stays unquoted: YAML then reads a timestamp again
                fix = value_fix(document, pointer, error.corrected, raw=True) or value_fix(
                    document, pointer, error.corrected
                )
            yield Problem(f"`{label(pointer)}` {quote(text)} {error}", pointer, fix=fix)


INVALID_DATE_TIME = Rule(
    "NC201",
    "invalid-date-time",
    Severity.ERROR,
    "A date is not an RFC 3339 date-time with an offset.",
    "Without an offset (`Z` or `+02:00`) a time means a different moment in every time zone, "
    "so the ordering of stories depends on where the site is built. The check reads the text "
    "as written, whether or not it is quoted, character for character as RFC 3339 section 5.6 "
    "(with its errata) defines it: ASCII digits, `T` and `Z` in either case, a leap second only "
    "at 23:59:60 UTC. A space between the date and the time, which RFC 3339 leaves to "
    "applications, is refused, as the article's JSON Schema (`format: date-time`) refuses it; "
    "the fix writes the `T`.",
    Example("publishedDateTime: 2024-05-14 09:30:00\n"),
    Example("publishedDateTime: 2024-05-14T09:30:00+02:00\n"),
    check=check_date_times,
    fix="write a T between the date and the time",
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
    """When the document's future dates stop being in the future, tolerance included."""
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
    expires=future_dates,
)

COVERS = "dates: RFC 3339 with an offset, as written; never in the future"
RULES = [INVALID_DATE_TIME, DATE_IN_FUTURE]
