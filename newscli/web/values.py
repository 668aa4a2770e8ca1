"""Values that come from the network, read without trust: a URL a page or a header names, a
wait a server asks for, a charset. Each reader gives the value, or None when the text cannot be
used; none of them raises, so that one malformed value is a refusal for its own item and never
the end of a run."""

from __future__ import annotations

import codecs
import email.utils
import re
import time
from urllib.parse import urljoin, urlsplit

from newscli.urls import MAX_URL_LENGTH  # lint holds article URLs to the same length

_DIGITS = re.compile(r"[0-9]{1,12}")  # ASCII digits: "①".isdigit() is true, int() refuses it
# Codecs Python knows that are no text encoding a page can be written in.
_NOT_CHARSETS = {"idna", "punycode", "raw_unicode_escape", "unicode_escape", "undefined"}


def joined(base: str, reference: str) -> str | None:
    """``reference`` resolved against ``base``, or None when the result is not a URL that can
    be asked for: an unterminated IPv6 literal, a port that is not a number, a host that has
    no ASCII form, or more than MAX_URL_LENGTH characters."""
    try:
        url = urljoin(base, reference)
        parts = urlsplit(url)
        _ = parts.port  # raises ValueError for a port out of range or not a number
        host = parts.hostname or ""
    except ValueError:
        return None
    if len(url) > MAX_URL_LENGTH or not ascii_host(host):
        return None
    return url


def ascii_host(host: str) -> str | None:
    """A host name's ASCII form (IDNA), or None when it has none (a label too long, an
    ``xn--`` label that does not decode)."""
    if host.startswith("[") or not host:
        return host
    try:
        encoded = host.encode("idna").decode("ascii")
        if any(label.startswith("xn--") for label in encoded.split(".")):
            encoded.encode("ascii").decode("idna")  # a fake A-label fails here
    except (UnicodeError, ValueError):
        return None
    return encoded


def seconds_to_wait(value: str | None) -> float | None:
    """A Retry-After header in seconds from now: whole seconds, or an HTTP date (a date past
    is 0); None when absent or unreadable."""
    if value is None:
        return None
    text = value.strip()
    if _DIGITS.fullmatch(text):
        return float(text)
    try:
        when = email.utils.parsedate_to_datetime(text)
        moment = when.timestamp() if when.tzinfo is not None else None
    except (TypeError, ValueError, OverflowError, IndexError):
        return None
    return None if moment is None else max(0.0, moment - time.time())


def text_encoding(name: str | None) -> str | None:
    """The codec a page names for its text, when it is one Python reads text with; None for
    an unknown name, a codec of bytes (base64, zlib) or one that is no charset (idna)."""
    if not name:
        return None
    try:
        info = codecs.lookup(name)
    except (LookupError, ValueError, TypeError):
        return None
    if not getattr(info, "_is_text_encoding", True) or info.name in _NOT_CHARSETS:
        return None
    return info.name


def decoded(body: bytes, *charsets: str | None) -> str:
    """``body`` as text in the first usable charset of ``charsets``, else UTF-8; a byte that
    is not in the charset becomes U+FFFD."""
    for name in charsets:
        encoding = text_encoding(name)
        if encoding is None:
            continue
        try:
            return body.decode(encoding, "replace")
        except (UnicodeError, LookupError, ValueError, TypeError):
            continue
    return body.decode("utf-8", "replace")
