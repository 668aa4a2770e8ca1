"""Fetching a page with httpx: a time-out, a bounded number of redirects, a size limit on the
body read as it arrives, HTML only, the charset from the headers or the markup, and a
User-Agent that names newscli. Whatever goes wrong is one FetchError, in words."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import httpcore
import httpx

from newscli import __version__
from newscli.web.routes import GuardedBackend, Reach, tls_context, whole_exchange
from newscli.web.values import decoded

USER_AGENT = f"newscli/{__version__} (+https://newscli.dev)"
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)


class FetchError(Exception):
    """Why a page could not be read, in one line for the person who asked for it."""


@dataclass(frozen=True, slots=True)
class Limits:
    seconds: float = 20.0  # for the whole of one answer: connecting, headers and body
    redirects: int = 5
    max_bytes: int = 5 * 1024 * 1024  # a news page is a few hundred kilobytes


@dataclass(frozen=True, slots=True)
class Page:
    """A page as served: where it ended up after redirects, and its text."""

    url: str
    text: str


def client(
    limits: Limits = Limits(),
    reach: Reach | None = None,
    ca_file: Path | None = None,
) -> httpx.Client:
    """An HTTP client within ``limits``; ``reach`` says where connections may go (routes to a
    test server, private addresses), ``ca_file`` an authority to trust besides the system's."""
    context = tls_context(ca_file)
    transport = httpx.HTTPTransport(verify=context)
    # httpx takes no resolver of its own: its connection pool gets a network backend that
    # connects where the routes say and checks every other address, as httpx does the rest.
    transport._pool = httpcore.ConnectionPool(
        ssl_context=context, network_backend=GuardedBackend(reach or Reach())
    )
    return httpx.Client(
        transport=transport,
        follow_redirects=True,
        max_redirects=limits.redirects,
        timeout=httpx.Timeout(limits.seconds),
        headers={"User-Agent": USER_AGENT, "Accept": "text/html,application/xhtml+xml"},
    )


def fetch_page(http: httpx.Client, url: str, limits: Limits = Limits()) -> Page:
    """The HTML page at ``url``; raises FetchError saying why not."""
    try:
        with whole_exchange(limits.seconds), http.stream("GET", url) as response:
            if response.status_code != 200:
                raise FetchError(f"{url}: the server answered {response.status_code}")
            kind = response.headers.get("content-type", "").split(";")[0].strip().lower()
            if kind not in ("text/html", "application/xhtml+xml"):
                raise FetchError(f"{url}: not an HTML page ({kind or 'no content type'})")
            body = _bounded(response, limits.max_bytes, url)
            final = str(response.url)
            charset = response.charset_encoding
    except httpx.TooManyRedirects:
        raise FetchError(f"{url}: more than {limits.redirects} redirects") from None
    except httpx.TimeoutException:
        raise FetchError(f"{url}: no answer within {limits.seconds:g} seconds") from None
    except (httpx.InvalidURL, UnicodeError, ValueError) as error:
        raise FetchError(f"{url}: not a URL that can be fetched ({error})") from None
    except httpx.ConnectError as error:
        raise FetchError(f"{url}: cannot connect: {error}") from None
    except httpx.HTTPError as error:
        raise FetchError(f"{url}: {type(error).__name__}: {error}") from None
    return Page(final, decoded(body, charset, _markup_charset(body)))


IMAGE_HEAD = 64 * 1024  # bytes of an image read to learn its size: its header is near the start


def image_head(http: httpx.Client, url: str, seconds: float = 20.0) -> bytes | None:
    """The first bytes of the image at ``url`` (asked for as a range, and cut there whatever
    the server sends), or None when it cannot be had."""
    ranged = {"Range": f"bytes=0-{IMAGE_HEAD - 1}"}
    try:
        with whole_exchange(seconds), http.stream("GET", url, headers=ranged) as response:
            if response.status_code not in (200, 206):
                return None
            head = _first_bytes(response, IMAGE_HEAD)
    except (httpx.HTTPError, httpcore.TimeoutException, UnicodeError, ValueError):
        return None
    return head[:IMAGE_HEAD]


def _bounded(response: httpx.Response, limit: int, url: str) -> bytes:
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise FetchError(f"{url}: the page is {int(declared):,} bytes, over the limit of {limit:,}")
    body = _first_bytes(response, limit + 1)
    if len(body) > limit:
        raise FetchError(f"{url}: the page is over the limit of {limit:,} bytes")
    return body


def _first_bytes(response: httpx.Response, wanted: int) -> bytes:
    """The body as it arrives, until ``wanted`` bytes have come (a little more, at most one
    part's worth): the rest is never read."""
    parts, size = [], 0
    for part in response.iter_bytes():
        parts.append(part)
        size += len(part)
        if size >= wanted:
            break
    return b"".join(parts)


def _markup_charset(body: bytes) -> str | None:
    match = _META_CHARSET.search(body[:4096])
    return match.group(1).decode("ascii") if match else None
