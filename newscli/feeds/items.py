"""What a feed says of a story, read from its article: the fields a reader shows, as text any
feed format can carry."""

from __future__ import annotations

import mimetypes
import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

from newscli.curation.stories import Story
from newscli.document.loader import read_document
from newscli.rules.links import image_url_problem
from newscli.settings import Settings
from newscli.urls import url_problem

# What XML 1.0 cannot hold (C0 controls but tab and line ends, lone surrogates, U+FFFE and
# U+FFFF), the C1 controls, and the bidi embeddings, overrides and isolates, which would let a
# title reorder the text around it in a reader.
_UNSAFE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff\u202a-\u202e\u2066-\u2069]"
)


def feed_text(text: str) -> str:
    """``text`` without the characters a feed must not carry, line ends as spaces."""
    text = _UNSAFE.sub("", unicodedata.normalize("NFC", text))
    return " ".join(text.split())


@dataclass(frozen=True, slots=True)
class Image:
    url: str
    type: str | None
    width: int | None
    height: int | None


@dataclass(frozen=True, slots=True)
class FeedItem:
    url: str  # also the item's stable id
    title: str
    published: datetime
    excerpt: str
    topics: tuple[str, ...]
    provider: str
    image: Image | None


def feed_items(stories: list[Story], settings: Settings, site: str) -> list[FeedItem]:
    """The items of ``stories``, in their order: a story without a time or a valid URL, which
    no feed can date or link, is left out (lint reports it). Site-root image paths are made
    absolute on ``site``."""
    items = []
    for story in stories:
        if story.published_at is None or url_problem(story.source_url) is not None:
            continue
        document = read_document(Path(story.path), settings)
        fields: dict[str, Any] = document.fields if document.data is not None else {}
        excerpt = fields.get("excerpt")
        items.append(
            FeedItem(
                url=story.source_url,
                title=feed_text(story.title),
                published=story.published_at,
                excerpt=feed_text(excerpt) if isinstance(excerpt, str) else "",
                topics=tuple(dict.fromkeys(t for t in map(feed_text, story.topics) if t)),
                provider=feed_text(story.provider),
                image=_first_image(fields.get("images"), site),
            )
        )
    return items


def _first_image(images: Any, site: str) -> Image | None:
    for image in images if isinstance(images, list) else []:
        url = image.get("url") if isinstance(image, dict) else None
        if not isinstance(url, str) or image_url_problem(url) is not None:
            continue
        absolute = urljoin(site, url)
        kind, _ = mimetypes.guess_type(absolute.split("?")[0])
        return Image(absolute, kind, _size(image.get("width")), _size(image.get("height")))
    return None


def _size(value: Any) -> int | None:
    return value if type(value) is int and value > 0 else None
