"""The Google AMP Cache URL of a page, as the AMP Cache URL format defines it.

This follows ``@ampproject/toolbox-cache-url`` (the reference implementation) in how it builds
the cache subdomain, lengths included: they are counted in UTF-16 code units, as JavaScript
counts them. It departs from it on purpose in two places where that code is wrong: the path is
kept exactly as written (the reference drops a ``/`` standing right before ``?`` or ``#``), and
the serving type is always ``/c/`` (the reference picks ``/i/`` or ``/r/`` from a file
extension, which the cache does not do for documents).
"""

from __future__ import annotations

import base64
import functools
import hashlib
import re

from newscli.urls import UrlError, host_problem, split_url, unicode_host, url_problem

CACHE_DOMAIN = "cdn.ampproject.org"
_MAX_LABEL = 63
# The character classes the reference uses to refuse mixed-direction names, over UTF-16
# units; compiled only for a name that is not ASCII (ASCII has no right-to-left letter).
_LTR = (
    "[A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02b8\u0300-\u0590\u0800-\u1fff\u200e"
    "\u2c00-\ufb1c\ufe00-\ufe6f\ufefd-\uffff]"
)
_RTL = "[\u0591-\u06ef\u06fa-\u07ff\u200f\ufb1d-\ufdff\ufe70-\ufefc]"


@functools.cache
def _direction_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    return re.compile(_LTR), re.compile(_RTL)


@functools.lru_cache(maxsize=1024)  # the rules and the fixer ask about the same ampUrl
def cache_url(amp_url: str) -> str:
    """The AMP Cache URL of ``amp_url``; raises UrlError when the cache cannot serve it."""
    url = split_url(amp_url)
    if url.scheme not in ("http", "https"):
        raise UrlError("is not an http or https URL")
    problem = host_problem(url.host)
    if problem:
        raise UrlError(problem)
    if url.userinfo is not None:
        raise UrlError("has a user name, which the AMP Cache cannot serve")
    if not url.has_default_port:
        raise UrlError(f"has port {url.port}, which the AMP Cache cannot serve")
    problem = url_problem(amp_url)  # white space, unescaped characters: what lint refuses
    if problem:
        raise UrlError(problem)
    serving = "/c/s/" if url.scheme == "https" else "/c/"
    subdomain = cache_subdomain(url.hostname)
    return f"https://{subdomain}.{CACHE_DOMAIN}{serving}{url.hostname}{url.rest}"


_CACHE_PATH = re.compile(r"/[cirv]/(?P<secure>s/)?(?P<origin>[^/?#].*)", re.S)


def origin_url(url: str) -> str | None:
    """The page an AMP Cache URL serves (``https://a-com.cdn.ampproject.org/c/s/a.com/x`` gives
    ``https://a.com/x``), or None when ``url`` is not an AMP Cache URL."""
    try:
        parts = split_url(url)
    except UrlError:
        return None
    if not parts.hostname.endswith("." + CACHE_DOMAIN):
        return None
    match = _CACHE_PATH.fullmatch(parts.rest)
    if match is None:
        return None
    scheme = "https" if match["secure"] else "http"
    return f"{scheme}://{match['origin']}"


def cache_subdomain(hostname: str) -> str:
    """The cache subdomain of a lower-case host name: readable when possible, else hashed."""
    if _readable_eligible(hostname):
        readable = _readable_subdomain(hostname)
        if len(readable) > _MAX_LABEL:
            return _hashed_subdomain(hostname)
        if _has_hyphens_at_3_4(readable):
            # A label with "--" at positions 3-4 is reserved for IDNA; the cache wraps it.
            return f"0-{readable}-0"
        return readable
    return _hashed_subdomain(hostname)


def _readable_eligible(hostname: str) -> bool:
    if _has_hyphens_at_3_4(hostname):
        return False
    utf16 = _utf16(unicode_host(hostname))
    mixed_direction = False
    if not utf16.isascii():
        left_to_right, right_to_left = _direction_patterns()
        mixed_direction = bool(left_to_right.search(utf16) and right_to_left.search(utf16))
    return _utf16_length(hostname) <= _MAX_LABEL and not mixed_direction and "." in hostname


def _readable_subdomain(hostname: str) -> str:
    label = unicode_host(hostname).replace("-", "--").replace(".", "-")
    if not label.isascii():
        label = "xn--" + label.encode("punycode").decode("ascii")
    return label.lower()


def _hashed_subdomain(hostname: str) -> str:
    digest = hashlib.sha256(hostname.encode("utf-8")).digest()
    return base64.b32encode(digest).decode("ascii").lower()[:52]


def _has_hyphens_at_3_4(name: str) -> bool:
    units = _utf16(name)  # positions as JavaScript counts them: an emoji takes two
    return units[2:4] == "--" and units[:2] != "xn"


def _utf16(text: str) -> str:
    """Text as JavaScript sees it: an astral character becomes two surrogate code units."""
    if text.isascii():
        return text
    data = text.encode("utf-16-le", "surrogatepass")
    return "".join(chr(data[i] | data[i + 1] << 8) for i in range(0, len(data), 2))


def _utf16_length(text: str) -> int:
    return len(text.encode("utf-16-le", "surrogatepass")) // 2
