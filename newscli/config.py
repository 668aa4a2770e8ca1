"""Settings that rules read: the vocabularies, the tracking parameters, time tolerance."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

DEFAULT_CATEGORIES = ("news", "blog", "research", "opinion", "video", "podcast", "press-release")
DEFAULT_TYPES = ("article", "video", "podcast", "paper")
DEFAULT_TRACKING_PARAMETERS = (
    "utm_*",
    "fbclid",
    "gclid",
    "dclid",
    "gbraid",
    "wbraid",
    "msclkid",
    "yclid",
    "mc_cid",
    "mc_eid",
    "igshid",
    "_ga",
    "_gl",
)


@dataclass(frozen=True, slots=True)
class Settings:
    """Everything a rule may depend on besides the article itself."""

    categories: tuple[str, ...] = DEFAULT_CATEGORIES
    types: tuple[str, ...] = DEFAULT_TYPES
    topics: tuple[str, ...] = ()  # empty: any topic is accepted
    tracking_parameters: tuple[str, ...] = DEFAULT_TRACKING_PARAMETERS
    future_tolerance: timedelta = timedelta(0)
    max_file_size: int = 10 * 1024 * 1024
    now: datetime = field(default_factory=lambda: datetime.now(UTC))
