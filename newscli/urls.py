"""Splitting URLs as written and judging their host names.

URLs are split by hand rather than with ``urllib.parse`` because the AMP Cache URL keeps the
path, query and fragment byte for byte, and ``urlsplit`` quietly strips tabs and new lines.
"""

from __future__ import annotations

import fnmatch
import functools
import re
import unicodedata
from dataclasses import dataclass
from urllib.parse import unquote_plus

_URL = re.compile(r"(?P<scheme>[A-Za-z][A-Za-z0-9+.-]*)://(?P<authority>[^/?#]*)(?P<rest>.*)", re.S)
_ASCII_LABEL = re.compile(r"[a-z0-9](?:[a-z0-9-]*[a-z0-9])?")
_FORBIDDEN_CATEGORIES = {"Cc", "Cs", "Co", "Cn", "Zs", "Zl", "Zp"}
# Dots that IDNA treats as label separators: a host that contains one is ambiguous.
_OTHER_DOTS = {"\u3002", "\uff0e", "\uff61"}
DEFAULT_PORTS = {"http": "80", "https": "443"}
SPACE_OR_CONTROL = re.compile(r"[\s\x00-\x1f\x7f-\x9f]")
MAX_URL_LENGTH = 2048  # what browsers, crawlers and CMSs reliably take; an article's are short


class UrlError(ValueError):
    """A URL that cannot be used; the message is written for a person."""


@dataclass(frozen=True, slots=True)
class SplitUrl:
    """A URL cut into the parts newscli cares about, each exactly as written."""

    scheme: str
    userinfo: str | None
    host: str
    port: str | None
    rest: str

    @property
    def hostname(self) -> str:
        """The host in lower case, as browsers and the AMP Cache see it."""
        return self.host.lower()

    @property
    def has_default_port(self) -> bool:
        """No port, an empty one, or the scheme's own, however written (``:00443`` is 443, as
        the WHATWG URL parser reads it)."""
        if not self.port:
            return True
        default = DEFAULT_PORTS.get(self.scheme)
        return default is not None and self.port.isascii() and int(self.port) == int(default)


@functools.lru_cache(maxsize=1024)  # several rules split the same URLs of a document
def split_url(text: str) -> SplitUrl:
    """Cut an absolute URL into scheme, user info, host, port and the rest, keeping spelling."""
    match = _URL.fullmatch(text)
    if match is None:
        raise UrlError("is not an absolute URL (expected scheme://host/path)")
    authority = match["authority"]
    userinfo: str | None = None
    if "@" in authority:
        userinfo, _, authority = authority.rpartition("@")
    host, port = authority, None
    if authority.startswith("["):
        literal, _, after = authority.partition("]")
        host, port = literal + "]", after[1:] if after.startswith(":") else None
    elif ":" in authority:
        host, _, port = authority.rpartition(":")
    if port and not port.isdigit():
        raise UrlError(f"has a port that is not a number ({port!r})")
    return SplitUrl(match["scheme"].lower(), userinfo, host, port, match["rest"])


@functools.lru_cache(maxsize=4096)  # a collection names few hosts, many times over
def host_problem(host: str) -> str | None:
    """Say what is wrong with a host name, or None when it is a valid name of two labels or more."""
    if not host:
        return "has no host name"
    if host.startswith("["):
        return "has an IP address instead of a host name"
    name = host.lower().removesuffix(".")
    labels = name.split(".")
    if len(labels) < 2:
        return (
            f"has a host name with a single label ({host!r}); expected a name such as example.com"
        )
    for label in labels:
        problem = _label_problem(label)
        if problem:
            return f"has an invalid host name ({host!r}): {problem}"
    if labels[-1].isdigit():
        return "has an IP address instead of a host name"
    if len(ascii_host(name)) > 253:
        return "has a host name longer than 253 characters"
    return None


def _label_problem(label: str) -> str | None:
    if not label:
        return "empty label"
    if label.isascii():
        if not _ASCII_LABEL.fullmatch(label):
            return f"label {label!r} may only hold letters, digits and inner hyphens"
        if label.startswith("xn--"):
            return _a_label_problem(label)
        elif len(label) > 63:
            return f"label {label[:20]!r}... is longer than 63 characters"
        return None
    for char in label:
        if char.isascii() and not (char.isalnum() or char == "-"):
            return f"character {char!r} is not allowed in a host name"
        if char in _OTHER_DOTS or unicodedata.category(char) in _FORBIDDEN_CATEGORIES:
            return f"character U+{ord(char):04X} is not allowed in a host name"
    if len(_to_ascii_label(label)) > 63:
        return "a label is longer than 63 characters in its ASCII form"
    return None


def _a_label_problem(label: str) -> str | None:
    """What keeps an ``xn--`` label from being a real international name (RFC 5890): it must
    decode, to something that is not plain ASCII, that a host name may hold, and that encodes
    back to the same label. Python's decoder, like punycode.js, accepts ``xn--`` or ``xn--a``."""
    try:
        decoded = label[4:].encode("ascii").decode("punycode")
    except UnicodeError:
        decoded = ""
    invalid = f"label {label!r} is not valid punycode"
    if decoded.isascii() or _to_ascii_label(decoded) != label.lower():
        return invalid
    problem = _label_problem(decoded)
    return f"{invalid} ({problem})" if problem else None


def _to_ascii_label(label: str) -> str:
    return label if label.isascii() else "xn--" + label.encode("punycode").decode("ascii")


def ascii_host(host: str) -> str:
    """The ASCII (punycode) form of a host name, lower case, for comparing hosts."""
    return ".".join(_to_ascii_label(label) for label in host.lower().split("."))


def unicode_host(host: str) -> str:
    """The Unicode form of a host name: each ``xn--`` label decoded."""
    return ".".join(
        label[4:].lower().encode("ascii").decode("punycode") if label.startswith("xn--") else label
        for label in host.split(".")
    )


@functools.lru_cache(maxsize=4096)  # a collection names few hosts and domains, many times
def is_within_domain(host: str, domain: str) -> bool:
    """True when ``host`` is ``domain`` or one of its subdomains, compared in ASCII form."""
    host_ascii = ascii_host(host.removesuffix("."))
    domain_ascii = ascii_host(domain.removesuffix("."))
    return host_ascii == domain_ascii or host_ascii.endswith("." + domain_ascii)


# What RFC 3986 allows unescaped after the authority: unreserved, sub-delims, ":", "@", "/",
# "?", "#" and "%" opening an escape. Non-ASCII stays allowed, as RFC 3987 (IRIs) allows it.
_ALLOWED_ASCII = frozenset(
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~!$&'()*+,;=:@/?#%"
)
_VALID_ESCAPE = re.compile(r"%[0-9A-Fa-f]{2}")


def unescaped_characters(rest: str) -> list[str]:
    """The characters of a URL's path, query and fragment that must be percent-encoded:
    those RFC 3986 does not allow there, a second ``#``, and a ``%`` that opens no valid
    escape (``%6G``, ``%A``, a lone ``%``), each once, in order."""
    fragment_at = rest.find("#")
    found = (char for index, char in enumerate(rest) if _must_escape(rest, index, fragment_at))
    return list(dict.fromkeys(found))


def percent_encoded(text: str) -> str:
    """``text`` (a URL, or a site-root path) with each character that must be escaped after
    the authority percent-encoded; valid escapes and every other character stay as written."""
    try:
        rest = split_url(text).rest
    except UrlError:
        rest = text
    fragment_at = rest.find("#")
    encoded = "".join(
        f"%{ord(char):02X}" if _must_escape(rest, index, fragment_at) else char
        for index, char in enumerate(rest)
    )
    return text[: len(text) - len(rest)] + encoded


def _must_escape(rest: str, index: int, fragment_at: int) -> bool:
    char = rest[index]
    if char.isascii() and char not in _ALLOWED_ASCII:
        return True
    if char == "#":
        return index > fragment_at
    return char == "%" and not _VALID_ESCAPE.match(rest, index)


def _as_uri(iri: str) -> str:
    """An IRI mapped to a URI as RFC 3987 section 3.1 does: non-ASCII as UTF-8 escapes."""
    if iri.isascii():
        return iri
    return "".join(
        char
        if char.isascii()
        else "".join(f"%{b:02X}" for b in char.encode("utf-8", "surrogatepass"))
        for char in iri
    )


@functools.lru_cache(maxsize=4096)  # several rules ask about the same URL of a document
def url_problem(text: str) -> str | None:
    """What makes ``text`` unusable as an article URL, or None."""
    if SPACE_OR_CONTROL.search(text):
        return "contains white space or a control character"
    if len(text) > MAX_URL_LENGTH:
        return f"is {len(text):,} characters long, over the limit of {MAX_URL_LENGTH:,}"
    try:
        url = split_url(text)
    except UrlError as error:
        return str(error)
    if url.scheme not in ("http", "https"):
        return f"uses the scheme {url.scheme}:; expected https"
    if url.userinfo is not None:
        return "contains a user name or password"
    problem = host_problem(url.host)
    if problem:
        return problem
    if text.isascii() and PLAIN_REST.fullmatch(url.rest):
        return None  # only what RFC 3986 allows unescaped, and no escapes: valid as it stands
    # rfc3986-validator is the judge of the syntax; IRIs are mapped to URIs for it first. It
    # compiles its grammar on import (9 ms), which a run that checks no URL never pays.
    from rfc3986_validator import validate_rfc3986  # type: ignore[import-untyped]

    if validate_rfc3986(_as_uri(text), rule="URI"):
        return None
    return unescaped_problem(url.rest) or "is not a valid URL (RFC 3986)"


_PCHAR = r"[A-Za-z0-9\-._~!$&'()*+,;=:@/]"  # a path's characters, "/" included, but "%"
# The path, query and fragment nearly every article URL has: nothing to escape, no escapes.
PLAIN_REST = re.compile(rf"(?:/{_PCHAR}*)?(?:\?(?:{_PCHAR}|\?)*)?(?:#(?:{_PCHAR}|\?)*)?")


def unescaped_problem(rest: str) -> str | None:
    """What is unescaped in a URL's path, query and fragment, in words, or None."""
    unescaped = unescaped_characters(rest)
    characters = [char for char in unescaped if char != "%"]
    problems = []
    if characters:
        problems.append(f"holds characters a URL must percent-encode: {' '.join(characters)}")
    if "%" in unescaped:
        problems.append("has a % that does not start an escape such as %20")
    return "; ".join(problems) or None


def _is_tracking(pair: str, patterns: tuple[str, ...]) -> bool:
    name = unquote_plus(pair.partition("=")[0]).lower()
    return any(fnmatch.fnmatchcase(name, pattern) for pattern in patterns)


def tracking_parameters(text: str, patterns: tuple[str, ...]) -> list[str]:
    """The names of the query parameters in ``text`` that match a tracking pattern."""
    query = text.partition("#")[0].partition("?")[2]
    pairs = [pair for pair in query.split("&") if pair and _is_tracking(pair, patterns)]
    return [unquote_plus(pair.partition("=")[0]) for pair in pairs]


def without_tracking(text: str, patterns: tuple[str, ...]) -> str:
    """``text`` without its tracking parameters; every other character stays as written."""
    address, hash_mark, fragment = text.partition("#")
    path, _, query = address.partition("?")
    kept = [pair for pair in query.split("&") if not (pair and _is_tracking(pair, patterns))]
    kept_query = "&".join(kept)
    return path + (f"?{kept_query}" if kept_query else "") + hash_mark + fragment


_ESCAPE = re.compile(r"%[0-9A-Fa-f]{2}")
_UNRESERVED = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")


def _normal_escape(match: re.Match[str]) -> str:
    char = chr(int(match.group()[1:], 16))
    return char if char in _UNRESERVED else match.group().upper()


def _simple_comparable(text: str) -> str | None:
    """``comparable_url`` of the URLs nearly every article has (ASCII, no port, user, query,
    fragment or escape), by string work alone: the run compares every article's URL."""
    if not text.isascii() or any(mark in text for mark in "?#%@"):
        return None
    scheme, separator, rest = text.partition("://")
    if not separator or scheme.lower() not in ("http", "https"):
        return None
    host, slash, path = rest.partition("/")
    if not host or ":" in host or "[" in host:
        return None
    host = host.lower().removesuffix(".")
    if host.startswith("www.") and host.count(".") >= 2:
        host = host[4:]
    return f"{host}/{path}" if slash else f"{host}/"


def comparable_url(text: str, tracking: tuple[str, ...]) -> str:
    """The form in which two spellings of one page's URL are equal: no scheme (http and https
    name the same page), the host in lower-case ASCII without a leading ``www.``, no default
    port, no fragment, no tracking parameters, and escapes as RFC 3986 section 6.2.2
    normalises them (``%7e`` is ``~``, ``%2f`` is ``%2F``). Text that is no URL stays as it is."""
    text = text.strip()
    simple = _simple_comparable(text)
    return simple if simple is not None else _comparable(text, tracking)


def _comparable(text: str, tracking: tuple[str, ...]) -> str:
    try:
        parts = split_url(text)
        host = ascii_host(parts.hostname.removesuffix("."))
    except (UrlError, UnicodeError):
        return text
    if host.startswith("www.") and host.count(".") >= 2:
        host = host[4:]
    port = "" if parts.has_default_port or not parts.port else f":{int(parts.port)}"
    rest = without_tracking(parts.rest.partition("#")[0], tracking)
    return f"{host}{port}{_ESCAPE.sub(_normal_escape, rest) or '/'}"
