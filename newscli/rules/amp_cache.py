"""Rules about AMP Cache URLs, which must be exactly what the cache derives from ``ampUrl``."""

from __future__ import annotations

from collections.abc import Iterator

from newscli.amp import cache_url, origin_url
from newscli.document import Document
from newscli.findings import Problem, Severity
from newscli.pointers import label
from newscli.rewrite import value_fix
from newscli.rules.base import Example, Rule
from newscli.rules.fields import stories, text_fields
from newscli.rules.links import url_problem
from newscli.settings import Settings
from newscli.text import quote
from newscli.urls import UrlError

_AMP = "ampUrl: https://mobile.reuters.com/article/amp/idUSKBN1Y60MN\n"


def _cacheable_amp_urls(document: Document) -> Iterator[tuple[str, dict[str, object], str]]:
    """(prefix, story, ampUrl) for each story whose ampUrl is a well-formed URL."""
    for prefix, story in stories(document.fields):
        amp_url = story.get("ampUrl")
        if isinstance(amp_url, str) and url_problem(amp_url) is None:
            yield prefix, story, amp_url


def check_cache_urls(document: Document, settings: Settings) -> Iterator[Problem]:
    for prefix, story, amp_url in _cacheable_amp_urls(document):
        written = story.get("cdnAmpUrl")
        if not isinstance(written, str):
            continue
        try:
            expected = cache_url(amp_url)
        except UrlError:
            continue  # reported by amp-url-not-cacheable
        if written != expected:
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
)


def check_cacheable(document: Document, settings: Settings) -> Iterator[Problem]:
    for prefix, _, amp_url in _cacheable_amp_urls(document):
        try:
            cache_url(amp_url)
        except UrlError as error:
            pointer = f"{prefix}/ampUrl"
            yield Problem(f"`{label(pointer)}` {quote(amp_url, 60)} {error}", pointer)


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
    for pointer, text in text_fields(document.fields, "sourceUrl"):
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

RULES = [
    CDN_AMP_URL_MISMATCH,
    CDN_AMP_URL_WITHOUT_AMP_URL,
    AMP_URL_NOT_CACHEABLE,
    SOURCE_URL_IS_AMP_CACHE,
]
