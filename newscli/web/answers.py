"""What a link answered, as the link rules read it and the links cache keeps it."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Verdict(StrEnum):
    OK = "ok"  # answered 2xx, directly
    GONE = "gone"  # 404 or 410, directly or at the end of its redirects
    MOVED = "moved"  # permanent redirects (301, 308) to a page that answers
    REDIRECTED = "redirected"  # a temporary redirect (302, 303, 307) to a page that answers
    FAILED = "failed"  # no usable answer after the retries: the reason says why


@dataclass(frozen=True, slots=True)
class Answer:
    verdict: Verdict
    status: int | None = None  # the last status seen
    target: str | None = None  # where a move or a redirect leads
    reason: str = ""  # a failure, in words


# Worth keeping for days: a failure may be over by the next run, so it is asked again.
LASTING = (Verdict.OK, Verdict.GONE, Verdict.MOVED, Verdict.REDIRECTED)
