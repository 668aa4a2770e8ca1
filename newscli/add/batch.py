"""Adding many pages at once: fetched side by side, a few at a time per host and overall, and
each outcome given as it comes."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor, as_completed
from typing import TypeVar
from urllib.parse import urlsplit

from newscli.add.article import AddError

PER_HOST = 2  # requests at once to one site: a publisher is not to be hammered
OVERALL = 8

Outcome = TypeVar("Outcome")


def side_by_side(
    urls: list[str],
    work: Callable[[str], Outcome],
    per_host: int = PER_HOST,
    overall: int = OVERALL,
) -> Iterator[tuple[str, Outcome | AddError]]:
    """``work(url)`` for each URL, at most ``overall`` at once and ``per_host`` for one host;
    (url, what it gave or the AddError it raised), as each finishes."""
    lock = threading.Lock()
    hosts: dict[str, threading.Semaphore] = {}

    def limited(url: str) -> Outcome | AddError:
        try:
            host = (urlsplit(url).hostname or "").lower()
        except ValueError:  # not a URL: work() says so, as for any other page it refuses
            host = ""
        with lock:
            gate = hosts.setdefault(host, threading.Semaphore(per_host))
        with gate:
            try:
                return work(url)
            except AddError as error:
                return error
            except Exception as error:  # one page's surprise is that page's failure only
                return AddError(f"{url}: could not be added ({type(error).__name__}: {error})")

    with ThreadPoolExecutor(max_workers=max(1, overall)) as pool:
        running = {pool.submit(limited, url): url for url in urls}
        for done in as_completed(running):
            yield running[done], done.result()
