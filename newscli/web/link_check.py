"""Checking many links at once, politely: HEAD first (GET when HEAD is refused), a limit on
connections per host and overall, a time-out per request, retries with backoff on time-outs,
resets and server errors, Retry-After honoured on 429 and 503 (for the whole host), and
redirects followed one at a time, so that a move is told from a detour and a loop is caught.
Only headers are read: a body is never asked for beyond what a refused HEAD makes necessary,
and never read."""

from __future__ import annotations

import asyncio
import contextlib
import http
import itertools
import re
import time
from collections import defaultdict, deque
from collections.abc import AsyncIterator, Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import httpcore
import httpx

from newscli.web.answers import Answer, Verdict
from newscli.web.fetch import USER_AGENT
from newscli.web.routes import AsyncGuardedBackend, Reach, tls_context
from newscli.web.values import joined, seconds_to_wait

PERMANENT = frozenset({301, 308})
TEMPORARY = frozenset({302, 303, 307})
GONE = frozenset({404, 410})
HEAD_REFUSED = frozenset({403, 405, 501})  # servers that answer HEAD so mean "ask with GET"
RATE_LIMITED = frozenset({429, 503})
KEPT_CONNECTIONS = 512  # idle, for the hosts still to be asked
_LONGEST_REASON = 200  # of an error's own words: it may quote what the server sent
WINDOW = 2000  # links in progress at once: the rest wait their turn, holding nothing


@dataclass(frozen=True, slots=True)
class CheckLimits:
    per_host: int = 2  # requests in flight to one host
    overall: int = 32  # requests in flight in all
    seconds: float = 10.0  # for one answer as a whole: connecting, headers, the redirect's
    run_seconds: float | None = None  # for the whole run: links not asked by then fail
    retries: int = 2  # after a time-out, a reset or a 5xx
    backoff: float = 1.0  # seconds before the first retry, doubled for each next one
    longest_wait: float = 60.0  # Retry-After waits for one link, in all; longer is a failure
    redirects: int = 10


class _Failure(Exception):
    def __init__(self, reason: str, status: int | None = None) -> None:
        super().__init__(reason)
        self.reason, self.status = reason, status


Answered = Callable[[str, Answer], None]


class LinkChecker:
    """Checks links within ``limits``; ``rate_limited`` are the hosts that asked to slow down."""

    def __init__(
        self,
        limits: CheckLimits = CheckLimits(),
        reach: Reach | None = None,
        ca_file: Path | None = None,
    ) -> None:
        self.limits = limits
        self.reach = reach or Reach()
        self.ca_file = ca_file
        self.rate_limited: set[str] = set()
        self._resume: dict[str, float] = {}  # host: when it may be asked again (Retry-After)

    def check(self, urls: Iterable[str], answered: Answered) -> None:
        """Check every one of ``urls`` (each once), telling ``answered`` as each is known.
        A KeyboardInterrupt stops it; what was told before stays told."""
        asyncio.run(self._check_all(list(dict.fromkeys(urls)), answered))

    async def _check_all(self, urls: list[str], answered: Answered) -> None:
        # Made in the loop that uses them.
        self._overall = asyncio.Semaphore(self.limits.overall)
        self._per_host: defaultdict[str, asyncio.Semaphore] = defaultdict(
            lambda: asyncio.Semaphore(self.limits.per_host)
        )
        told: set[str] = set()

        def tell(url: str, answer: Answer) -> None:
            told.add(url)
            answered(url, answer)

        try:
            async with asyncio.timeout(self.limits.run_seconds), self._client() as client:
                pending: set[asyncio.Task[None]] = set()
                for url in _by_turns(urls):
                    if len(pending) >= WINDOW:
                        done, pending = await asyncio.wait(
                            pending, return_when=asyncio.FIRST_COMPLETED
                        )
                        _raise_any(done)
                    pending.add(asyncio.create_task(self._tell(client, url, tell)))
                if pending:
                    done, _ = await asyncio.wait(pending)
                    _raise_any(done)
        except TimeoutError:
            reason = f"not asked: the run's time limit of {self.limits.run_seconds:g} s was up"
            for url in urls:
                if url not in told:
                    answered(url, Answer(Verdict.FAILED, reason=reason))

    async def _tell(self, client: httpx.AsyncClient, url: str, answered: Answered) -> None:
        try:
            answer = await self.answer(client, url)
        except (asyncio.CancelledError, KeyboardInterrupt):
            raise
        except Exception as error:  # one link's surprise is that link's failure, never the run's
            reason = f"could not be checked ({type(error).__name__}: {error})"
            answer = Answer(Verdict.FAILED, reason=reason[:_LONGEST_REASON])
        answered(url, answer)

    @contextlib.asynccontextmanager
    async def _client(self) -> AsyncIterator[httpx.AsyncClient]:
        context = tls_context(self.ca_file)
        # The semaphores bound the requests in flight; the pool keeps the connections of
        # every host open between them, or it would close one host's to open another's, and
        # each link would pay a new TLS handshake.
        kept = KEPT_CONNECTIONS
        transport = httpx.AsyncHTTPTransport(
            verify=context,
            limits=httpx.Limits(max_connections=None, max_keepalive_connections=kept),
        )
        # As newscli.web.fetch.client does for one page at a time.
        transport._pool = httpcore.AsyncConnectionPool(
            ssl_context=context,
            max_connections=None,
            max_keepalive_connections=kept,
            network_backend=AsyncGuardedBackend(self.reach),
        )
        async with httpx.AsyncClient(
            transport=transport,
            follow_redirects=False,  # each hop is looked at: permanent, temporary, a loop
            timeout=httpx.Timeout(self.limits.seconds),
            headers={"User-Agent": USER_AGENT},
        ) as client:
            yield client

    async def answer(self, client: httpx.AsyncClient, url: str) -> Answer:
        """What ``url`` answers, its redirects followed."""
        chain, current, moved_to, permanent = [url], url, None, True
        for _ in range(self.limits.redirects + 1):
            try:
                status, location = await self._ask(client, current)
            except _Failure as failure:
                return Answer(Verdict.FAILED, failure.status, reason=failure.reason)
            if status in PERMANENT | TEMPORARY:
                if not location:
                    return _failed(status, "with no Location to go to")
                following = joined(current, location)
                if following is None:
                    return _failed(status, f"to {location[:_LONGEST_REASON]!r}, not a URL")
                if urlsplit(following).scheme not in ("http", "https"):
                    return _failed(status, f"to {following!r}, not a web address")
                if following in chain:
                    return Answer(Verdict.FAILED, status, reason="its redirects go round in a loop")
                if permanent and status in PERMANENT:
                    moved_to = following  # as far as the permanent hops go
                else:
                    permanent = False
                chain.append(following)
                current = following
                continue
            if 200 <= status < 300:
                if moved_to is not None:
                    return Answer(Verdict.MOVED, status, moved_to)
                if len(chain) > 1:
                    return Answer(Verdict.REDIRECTED, status, current)
                return Answer(Verdict.OK, status)
            target = current if len(chain) > 1 else None
            if status in GONE:
                return Answer(Verdict.GONE, status, target)
            return Answer(Verdict.FAILED, status, target, f"the server answered {_said(status)}")
        return Answer(Verdict.FAILED, reason=f"more than {self.limits.redirects} redirects")

    async def _ask(self, client: httpx.AsyncClient, url: str) -> tuple[int, str | None]:
        """One URL's status and Location, retried as the limits say; raises _Failure."""
        host = _host(url)
        reason, status, waited = "", None, 0.0
        for attempt in range(self.limits.retries + 1):
            wait = self.limits.backoff * 2**attempt
            try:
                async with self._slot(host):
                    # Each read has its time-out, and the whole answer the same one, so that a
                    # server dripping its headers a byte at a time cannot hold a slot for ever.
                    async with asyncio.timeout(self.limits.seconds):
                        status, headers = await self._headers(client, url)
            except (httpx.TimeoutException, TimeoutError):
                reason, status = f"no answer within {self.limits.seconds:g} seconds", None
            except httpx.UnsupportedProtocol as error:
                raise _Failure(_transport_reason(error)) from None
            except httpx.TransportError as error:  # refused, reset, cut off, TLS
                reason, status = _transport_reason(error), None
            except httpx.InvalidURL as error:
                raise _Failure(f"not a URL that can be asked for ({error})") from None
            else:
                if status not in RATE_LIMITED and status < 500:
                    return status, headers.get("location")
                reason = f"the server answered {_said(status)}"
                asked = seconds_to_wait(headers.get("retry-after"))
                if status in RATE_LIMITED and (status == 429 or asked is not None):
                    self.rate_limited.add(host)
                if asked is not None:
                    if waited + asked > self.limits.longest_wait:
                        raise _Failure(
                            f"{reason} and asked to wait {asked:.0f} s, more than the "
                            f"{self.limits.longest_wait:g} s a link is waited for",
                            status,
                        )
                    wait = asked
                    self._resume[host] = max(self._resume.get(host, 0.0), time.monotonic() + wait)
            if attempt < self.limits.retries:
                waited += wait
                await asyncio.sleep(wait)
        attempts = self.limits.retries + 1
        raise _Failure(f"{reason} ({attempts} attempts)" if attempts > 1 else reason, status)

    async def _headers(self, client: httpx.AsyncClient, url: str) -> tuple[int, httpx.Headers]:
        response = await client.head(url)
        if response.status_code in HEAD_REFUSED:
            # The body is never read: leaving the stream closes the connection under it.
            async with client.stream("GET", url) as response:
                pass
        return response.status_code, response.headers

    @contextlib.asynccontextmanager
    async def _slot(self, host: str) -> AsyncIterator[None]:
        # The host's slot first: a link waiting for its host holds none of the others'.
        async with self._per_host[host]:
            pause = self._resume.get(host, 0.0) - time.monotonic()
            if pause > 0:
                await asyncio.sleep(pause)
            async with self._overall:
                yield


def _raise_any(done: set[asyncio.Task[None]]) -> None:
    for task in done:
        task.result()  # a bug in a task is raised here, not lost


def _by_turns(urls: list[str]) -> Iterable[str]:
    """The URLs host by host in turn: the first links of every host before the second ones,
    so that the links in progress keep every host busy."""
    queues: defaultdict[str, deque[str]] = defaultdict(deque)
    for url in urls:
        queues[_host(url)].append(url)
    lanes = list(queues.values())
    for turn in itertools.zip_longest(*lanes):
        yield from (url for url in turn if url is not None)


def _host(url: str) -> str:
    try:
        parts = urlsplit(url)
        return f"{parts.scheme}://{(parts.hostname or '').lower()}:{parts.port or ''}"
    except ValueError:  # a port that is not a number: the URL fails on its own
        return url


def _said(status: int) -> str:
    try:
        return f"{status} {http.HTTPStatus(status).phrase}"
    except ValueError:
        return str(status)


def _failed(status: int, how: str) -> Answer:
    return Answer(Verdict.FAILED, status, reason=f"the server answered {_said(status)} {how}")


def _transport_reason(error: httpx.TransportError) -> str:
    # "[Errno -2] Name or service not known": the words, without the C library's number.
    text = re.sub(r"^\[Errno -?\d+\] ", "", str(error))[:_LONGEST_REASON] or type(error).__name__
    if isinstance(error, httpx.ConnectError):
        return f"cannot connect: {text}"
    if isinstance(error, httpx.RemoteProtocolError | httpx.ReadError):
        return f"the connection was cut: {text}"
    return text
