"""Stories: the row an article gives to the curation views, read with lint's own loader."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from newscli.document.fields import looks_like_article
from newscli.document.loader import read_document
from newscli.document.model import Document
from newscli.files.discovery import discover_names, display_path
from newscli.rfc3339 import DateTimeError, parse_date_time
from newscli.settings import Settings


@dataclass(frozen=True, slots=True)
class Story:
    """One article as the curation views see it. Values of the wrong type are left empty, so
    an article that breaks a rule is still listed (lint is the place for rule findings)."""

    path: str
    title: str
    published_at: datetime | None
    source_url: str
    provider: str
    domain: str
    topics: tuple[str, ...]
    category: str
    type: str
    quality: int | None
    heat: int | None
    published: bool

    @property
    def full_path(self) -> str:
        # Worked out when asked (only JSON shows it), not kept for each of 100,000 stories.
        return os.path.abspath(self.path)


@dataclass(frozen=True, slots=True)
class Skipped:
    """A file that could not be loaded, and the first reason why."""

    path: str
    reason: str


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _shared(value: Any) -> str:
    """A short text that many stories repeat (a provider, a topic), kept once for all of
    them: a view of 100,000 stories would otherwise hold 100,000 copies of each."""
    text = _text(value)
    return sys.intern(text) if len(text) <= _SHARED_UP_TO else text


_SHARED_UP_TO = 64


def _number(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _when(value: Any) -> datetime | None:
    try:
        return parse_date_time(value) if isinstance(value, str) else None
    except DateTimeError:
        return None


def story_of(document: Document) -> Story:
    fields = document.fields
    provider = fields.get("provider")
    provider = provider if isinstance(provider, dict) else {}
    topics = fields.get("topics")
    return Story(
        path=document.path,
        title=_text(fields.get("title")),
        published_at=_when(fields.get("publishedDateTime")),
        source_url=_text(fields.get("sourceUrl")),
        provider=_shared(provider.get("name")),
        domain=_shared(provider.get("domain")),
        topics=tuple(_shared(t) for t in topics if isinstance(t, str))
        if isinstance(topics, list)
        else (),
        category=_shared(fields.get("category")),
        type=_shared(fields.get("type")),
        quality=_number(fields.get("quality")),
        heat=_number(fields.get("heat")),
        published=fields.get("published") is True,
    )


def load_stories(
    paths: Iterable[Path], settings: Settings, nested: list[str] | None = None
) -> tuple[list[Story], list[Skipped]]:
    """Every article among ``paths`` as a story, and the files that could not be loaded;
    ``nested`` is given the folders below them that are projects of their own."""
    stories, skipped = [], []
    unwalkable: list[tuple[str, str]] = []  # unreadable folders, links out of the roots
    # Plain strings, not a Path per file: a view may load 100,000 of them.
    found = discover_names(
        paths,
        settings.excluded,
        unwalkable,
        settings.within_roots,
        boundary=settings.is_other_project,
    )
    skipped += [Skipped(display_path(where), reason) for where, reason in unwalkable]
    found.reverse()
    while found:  # each path let go once read: the stories keep their own
        document = read_document(found.pop(), settings)
        if document.data is None:
            reason = document.problems[0].message if document.problems else "it could not be loaded"
            skipped.append(Skipped(document.path, reason))
        elif not looks_like_article(document.data):
            skipped.append(Skipped(document.path, "it does not look like an article (NC014)"))
        else:
            stories.append(story_of(document))
    return stories, skipped
