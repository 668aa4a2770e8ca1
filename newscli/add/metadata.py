"""What a page says about itself, read with lexbor (selectolax): JSON-LD ``NewsArticle`` or
``Article`` (also inside ``@graph`` and lists) first, then OpenGraph and ``article:*``, then
Twitter cards, then ``<title>`` and ``<meta name=description>``. Texts come back with entities
decoded and white space collapsed; nothing here is trusted further than that."""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from struct import error as struct_error
from typing import Any

from selectolax.lexbor import LexborHTMLParser

MAX_JSON_LD = 1024 * 1024  # characters of one JSON-LD block that are read
MAX_SIZED = 3  # images whose size is read from the image itself
_ARTICLE_TYPES = {
    "NewsArticle",
    "Article",
    "ReportageNewsArticle",
    "AnalysisNewsArticle",
    "BlogPosting",
    "ScholarlyArticle",
    "Report",
    "VideoObject",
    "PodcastEpisode",
}
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class Image:
    url: str
    width: int | None = None
    height: int | None = None


@dataclass(slots=True)
class Metadata:
    """The fields a page gives, each as written there (None when it gives none)."""

    title: str | None = None
    description: str | None = None
    published: str | None = None
    canonical: str | None = None
    amp: str | None = None
    site_name: str | None = None
    publisher: str | None = None
    images: list[Image] = field(default_factory=list)


def with_sizes(images: list[Image], head: Callable[[str], bytes | None]) -> list[Image]:
    """The images, each without a width or height given one from its own header (``head``
    gives an image's first bytes), read by imagesize; at most MAX_SIZED are asked for."""
    import io

    import imagesize  # type: ignore[import-untyped]

    sized = []
    for index, image in enumerate(images):
        if (image.width and image.height) or index >= MAX_SIZED:
            sized.append(image)
            continue
        data = head(image.url)
        try:
            width, height = imagesize.get(io.BytesIO(data)) if data else (-1, -1)
        except (ValueError, OSError, IndexError, struct_error):
            width, height = -1, -1
        if width > 0 and height > 0:
            sized.append(Image(image.url, width, height))
        else:
            sized.append(image)
    return sized


def read_metadata(html: str) -> Metadata:
    tree = LexborHTMLParser(html)
    found = Metadata()
    article = next(_json_ld_articles(tree), None)
    meta = _meta_tags(tree)
    if article is not None:
        found.title = _ld_text(article.get("headline")) or _ld_text(article.get("name"))
        found.description = _ld_text(article.get("description"))
        found.published = _text(article.get("datePublished"))
        found.publisher = _name(article.get("publisher"))
        found.images = list(_ld_images(article.get("image")))
    found.title = found.title or meta.get("og:title") or meta.get("twitter:title")
    found.description = (
        found.description or meta.get("og:description") or meta.get("twitter:description")
    )
    found.published = found.published or meta.get("article:published_time")
    found.site_name = meta.get("og:site_name")
    if not found.images:
        twitter = meta.get("twitter:image")
        found.images = _og_images(tree) or ([Image(twitter)] if twitter else [])
    title = tree.css_first("title")
    found.title = found.title or (_text(title.text()) if title is not None else None)
    found.description = found.description or meta.get("description")
    found.canonical = _link(tree, "canonical") or meta.get("og:url")
    found.amp = _link(tree, "amphtml")
    return found


def _json_ld_articles(tree: LexborHTMLParser) -> Iterator[dict[str, Any]]:
    for script in tree.css('script[type="application/ld+json"]'):
        text = script.text()
        if len(text) > MAX_JSON_LD:
            continue  # no article's metadata is that long
        try:
            data = json.loads(text)
        except (ValueError, RecursionError):
            continue
        yield from _articles_in(data, depth=0)


def _articles_in(data: Any, depth: int) -> Iterator[dict[str, Any]]:
    if depth > 8:
        return
    if isinstance(data, list):
        for item in data:
            yield from _articles_in(item, depth + 1)
    elif isinstance(data, dict):
        kinds = data.get("@type")
        kinds = kinds if isinstance(kinds, list) else [kinds]
        if any(kind in _ARTICLE_TYPES for kind in kinds if isinstance(kind, str)):
            yield data
        yield from _articles_in(data.get("@graph"), depth + 1)


def _meta_tags(tree: LexborHTMLParser) -> dict[str, str]:
    """The first value of each ``<meta property|name=…>``."""
    found: dict[str, str] = {}
    for node in tree.css("meta"):
        attributes = node.attributes
        name = (attributes.get("property") or attributes.get("name") or "").strip().lower()
        content = _text(attributes.get("content"))
        if name and content:
            found.setdefault(name, content)
    return found


def _og_images(tree: LexborHTMLParser) -> list[Image]:
    """Each ``og:image``, with the width and height that follow it, as OpenGraph groups them
    (``og:image:url`` names the same image as the ``og:image`` before it)."""
    images: list[Image] = []
    for node in tree.css("meta"):
        name = (node.attributes.get("property") or "").strip().lower()
        content = _text(node.attributes.get("content"))
        if not content:
            continue
        if name == "og:image" or (name in ("og:image:url", "og:image:secure_url") and not images):
            images.append(Image(content))
        elif name == "og:image:width" and images:
            images[-1] = Image(images[-1].url, _whole(content), images[-1].height)
        elif name == "og:image:height" and images:
            images[-1] = Image(images[-1].url, images[-1].width, _whole(content))
    return images


def _ld_images(value: Any) -> Iterator[Image]:
    values = value if isinstance(value, list) else [value]
    for item in values[:20]:
        if isinstance(item, str) and _text(item):
            yield Image(_text(item) or "")
        elif isinstance(item, dict):
            url = _text(item.get("url")) or _text(item.get("contentUrl"))
            if url:
                yield Image(url, _whole(item.get("width")), _whole(item.get("height")))


def _link(tree: LexborHTMLParser, relation: str) -> str | None:
    for node in tree.css("link"):
        relations = (node.attributes.get("rel") or "").lower().split()
        if relation in relations:
            return _text(node.attributes.get("href"))
    return None


def _name(value: Any) -> str | None:
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        return _ld_text(value.get("name"))
    return _ld_text(value)


def _whole(value: Any) -> int | None:
    if isinstance(value, int) and not isinstance(value, bool) and value > 0:
        return value
    if isinstance(value, str) and value.strip().isdigit():
        number = int(value.strip())
        return number if 0 < number < 100_000 else None
    if isinstance(value, dict):  # schema.org QuantitativeValue
        return _whole(value.get("value"))
    return None


def _ld_text(value: Any) -> str | None:
    """A JSON-LD text: publishers often escape its entities as if it were HTML."""
    return _text(html.unescape(value)) if isinstance(value, str) else None


def _text(value: Any) -> str | None:
    """A text value with its white space collapsed, or None when it is not one or is empty."""
    if not isinstance(value, str):
        return None
    collapsed = _SPACES.sub(" ", value).strip()
    return collapsed or None
