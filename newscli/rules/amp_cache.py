"""Rules about AMP Cache URLs, which must be exactly what the cache derives from ``ampUrl``."""

from __future__ import annotations

from collections.abc import Iterator

from newscli.amp_cache_urls import cache_url, origin_url
from newscli.document.edits import value_fix
from newscli.document.fields import each_article, text_fields
from newscli.document.model import Document
from newscli.document.pointers import label
from newscli.findings import Problem, Severity
from newscli.rules.article_schema import SchemaIssue, schema_check
from newscli.rules.base import Example, Rule
from newscli.settings import Settings
from newscli.text import quote
from newscli.urls import UrlError, url_problem

_AMP = "ampUrl: https://mobile.reuters.com/article/amp/idUSKBN1Y60MN\n"


def derive_cache_url(amp_url: object) -> str | UrlError | None:
    """The one AMP decision, shared by the rules and ``newscli amp``: the cache URL that
    ``ampUrl`` derives; the UrlError saying why the cache cannot serve it; or None when
    ``ampUrl`` is not a well-formed URL (invalid-url reports that)."""
    if not isinstance(amp_url, str) or url_problem(amp_url) is not None:
        return None
    try:
        return cache_url(amp_url)
    except UrlError as error:
        return error


def check_cache_urls(document: Document, settings: Settings) -> Iterator[Problem]:
    for prefix, story in each_article(document):
        written, expected = story.get("cdnAmpUrl"), derive_cache_url(story.get("ampUrl"))
        if isinstance(written, str) and isinstance(expected, str) and written != expected:
            pointer = f"{prefix}/cdnAmpUrl"
            yield Problem(
                f"`{label(pointer)}` is not the AMP Cache URL of `ampUrl`; expected "
                f"{quote(expected, 200)}",
                pointer,
                fix=value_fix(document, pointer, expected),
            )


CDN_AMP_URL_MISMATCH = Rule(
    "NC401",
    "cdn-amp-url-mismatch",
    Severity.ERROR,
    "`cdnAmpUrl` is not the AMP Cache URL derived from `ampUrl`.",
    "The Google AMP Cache serves a page at one URL only, derived from the page's own URL by the "
    "AMP Cache URL format (the host's `-` doubled and `.` turned into `-`, punycode for "
    "international names, a hash when the name is too long). A hand-written cache URL that "
    "differs in one character is a dead link. `newscli amp` rewrites it.",
    Example(
        _AMP + "cdnAmpUrl: https://mobile.reuters.com.cdn.ampproject.org/c/s/"
        "mobile.reuters.com/article/amp/idUSKBN1Y60MN\n"
    ),
    Example(
        _AMP + "cdnAmpUrl: https://mobile-reuters-com.cdn.ampproject.org/c/s/"
        "mobile.reuters.com/article/amp/idUSKBN1Y60MN\n"
    ),
    check=check_cache_urls,
    fix="write the cache URL derived from `ampUrl`",
)
CDN_AMP_URL_WITHOUT_AMP_URL = Rule(
    "NC402",
    "cdn-amp-url-without-amp-url",
    Severity.ERROR,
    "`cdnAmpUrl` is set but `ampUrl` is not.",
    "The cache URL is derived from `ampUrl`; without it nobody can tell whether the cache URL "
    "is right, and it cannot be repaired. Add the AMP page's URL or remove the cache URL.",
    Example(
        "cdnAmpUrl: https://mobile-reuters-com.cdn.ampproject.org/c/s/"
        "mobile.reuters.com/article/amp/idUSKBN1Y60MN\n"
    ),
    Example(
        _AMP + "cdnAmpUrl: https://mobile-reuters-com.cdn.ampproject.org/c/s/"
        "mobile.reuters.com/article/amp/idUSKBN1Y60MN\n"
    ),
    check=schema_check(SchemaIssue.MISSING_DEPENDENCY),
)


def check_cacheable(document: Document, settings: Settings) -> Iterator[Problem]:
    for prefix, story in each_article(document):
        error = derive_cache_url(story.get("ampUrl"))
        if isinstance(error, UrlError):
            pointer = f"{prefix}/ampUrl"
            yield Problem(f"`{label(pointer)}` {quote(story['ampUrl'], 60)} {error}", pointer)


AMP_URL_NOT_CACHEABLE = Rule(
    "NC403",
    "amp-url-not-cacheable",
    Severity.ERROR,
    "`ampUrl` is a URL that the AMP Cache cannot serve.",
    "The AMP Cache fetches pages on the standard ports only, so an AMP page on a port such as "
    "8080 has no cache URL at all.",
    Example("ampUrl: https://mobile.reuters.com:8080/article/amp/idUSKBN1Y60MN\n"),
    Example(_AMP),
    check=check_cacheable,
)


def check_cache_sources(document: Document, settings: Settings) -> Iterator[Problem]:
    for pointer, text in text_fields(document, "sourceUrl"):
        origin = origin_url(text)
        if origin is not None and url_problem(origin) is None:
            yield Problem(
                f"`{label(pointer)}` is an AMP Cache URL; link to the page itself: "
                f"{quote(origin, 120)}",
                pointer,
                fix=value_fix(document, pointer, origin),
            )


SOURCE_URL_IS_AMP_CACHE = Rule(
    "NC404",
    "source-url-is-amp-cache",
    Severity.ERROR,
    "A `sourceUrl` is an AMP Cache URL rather than the publisher's own page.",
    "AMP is no longer required by search engines and publishers are leaving it; a source link "
    "through `cdn.ampproject.org` breaks when the publisher stops serving AMP, hides the "
    "publisher's domain, and duplicates a story filed under its real URL. The cache URL spells "
    "out the page it serves, so it is decoded back to that page.",
    Example(
        "sourceUrl: https://www-reuters-com.cdn.ampproject.org/c/s/www.reuters.com/markets/rally\n"
    ),
    Example("sourceUrl: https://www.reuters.com/markets/rally\n"),
    check=check_cache_sources,
    fix="write the page the cache URL serves",
)

COVERS = (
    "AMP Cache URLs: `cdnAmpUrl` is exactly what the AMP Cache derives "
    "from `ampUrl`; no cache URL as `sourceUrl`"
)
RULES = [
    CDN_AMP_URL_MISMATCH,
    CDN_AMP_URL_WITHOUT_AMP_URL,
    AMP_URL_NOT_CACHEABLE,
    SOURCE_URL_IS_AMP_CACHE,
]
