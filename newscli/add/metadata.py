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
    sources: dict[str, str] = field(default_factory=dict)  # field: where on the page it was


# Where a page may give its publication time, most reliable first (after JSON-LD): the meta
# names publishers, Dublin Core, Parse.ly, Sailthru and citation tags use.
_DATE_NAMES = (
    "article:published_time",
    "og:published_time",
    "published_time",
    "datepublished",
    "pubdate",
    "publishdate",
    "publish-date",
    "publish_date",
    "article.published",
    "original-publish-date",
    "parsely-pub-date",
    "sailthru.date",
    "dc.date.issued",
    "dcterms.issued",
    "dc.date.created",
    "dcterms.created",
    "dc.date",
    "dcterms.date",
    "citation_publication_date",
    "citation_date",
    "date",
)
# A date in the URL's path, as many sites write it: /2013/11/27/, /2023-11-17/, /20231117/.
_URL_DATE = re.compile(
    r"/(?P<year>(?:19|20)\d{2})[/-](?P<month>0[1-9]|1[0-2])[/-](?P<day>0[1-9]|[12]\d|3[01])(?=[/_.-]|$)"
    r"|/(?P<y>(?:19|20)\d{2})(?P<m>0[1-9]|1[0-2])(?P<d>0[1-9]|[12]\d|3[01])(?=[/_.-]|$)"
)


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


def read_metadata(html: str, url: str = "") -> Metadata:
    """What the page at ``url`` says of itself, each field from the most reliable source
    that gives it, and where that was (``sources``)."""
    tree = LexborHTMLParser(html)
    article = next(_json_ld_articles(tree), None) or {}
    meta = _meta_tags(tree)
    items = _itemprops(tree)
    title = tree.css_first("title")
    found = Metadata()
    chosen = _Choice(found.sources)
    found.title = chosen.first(
        "title",
        ("JSON-LD headline", _ld_text(article.get("headline"))),
        ("JSON-LD name", _ld_text(article.get("name"))),
        ("og:title", meta.get("og:title")),
        ("twitter:title", meta.get("twitter:title")),
        ("<title>", _text(title.text()) if title is not None else None),
        ("<h1>", _first_text(tree, "h1")),
    )
    found.description = chosen.first(
        "description",
        ("JSON-LD description", _ld_text(article.get("description"))),
        ("og:description", meta.get("og:description")),
        ("twitter:description", meta.get("twitter:description")),
        ("<meta name=description>", meta.get("description")),
    )
    found.published = chosen.first(
        "published",
        ("JSON-LD datePublished", _text(article.get("datePublished"))),
        *((f"<meta {name}>", meta.get(name)) for name in _DATE_NAMES),
        ("itemprop datePublished", items.get("datepublished")),
        ("<time pubdate>", _time(tree, "time[pubdate]")),
        ("<time datetime>", _time(tree, "article time[datetime]") or _time(tree, "time[datetime]")),
        ("JSON-LD dateCreated", _text(article.get("dateCreated"))),
        ("the date in the URL (no time of day)", _url_date(url)),
    )
    found.publisher = chosen.first(
        "publisher",
        ("JSON-LD publisher", _name(article.get("publisher"))),
        ("itemprop publisher", items.get("publisher")),
    )
    found.site_name = chosen.first(
        "site_name",
        ("og:site_name", meta.get("og:site_name")),
        ("<meta application-name>", meta.get("application-name")),
        ("twitter:site", _handle(meta.get("twitter:site"))),
    )
    ld_images = list(_ld_images(article.get("image")))
    twitter = meta.get("twitter:image") or meta.get("twitter:image:src")
    image_link = _link(tree, "image_src")
    for source, images in (
        ("JSON-LD image", ld_images),
        ("og:image", _og_images(tree)),
        ("twitter:image", [Image(twitter)] if twitter else []),
        ("<link rel=image_src>", [Image(image_link)] if image_link else []),
    ):
        if images:
            found.images = images
            found.sources["images"] = source
            break
    found.canonical = chosen.first(
        "canonical",
        ("<link rel=canonical>", _link(tree, "canonical")),
        ("og:url", meta.get("og:url")),
    )
    found.amp = chosen.first("amp", ("<link rel=amphtml>", _link(tree, "amphtml")))
    return found


@dataclass(slots=True)
class _Choice:
    """The first value that a page gives for a field, noting where it was."""

    sources: dict[str, str]

    def first(self, name: str, *candidates: tuple[str, str | None]) -> str | None:
        for source, value in candidates:
            if value:
                self.sources[name] = source
                return value
        return None


def _itemprops(tree: LexborHTMLParser) -> dict[str, str]:
    """The first value of each microdata ``itemprop``: a ``content`` or ``datetime``
    attribute, else the element's text (a publisher's name)."""
    found: dict[str, str] = {}
    for node in tree.css("[itemprop]"):
        name = (node.attributes.get("itemprop") or "").strip().lower()
        if not name or name in found:
            continue
        value = (
            _text(node.attributes.get("content"))
            or _text(node.attributes.get("datetime"))
            or (
                _text(node.text())
                if name != "publisher" or not node.css_first("[itemprop]")
                else None
            )
        )
        if name == "publisher":
            inner = node.css_first('[itemprop="name"]')
            value = _text(inner.attributes.get("content") or inner.text()) if inner else value
        if value and len(value) < 300:
            found[name] = value
    return found


def _time(tree: LexborHTMLParser, selector: str) -> str | None:
    node = tree.css_first(selector)
    return _text(node.attributes.get("datetime")) if node is not None else None


def _first_text(tree: LexborHTMLParser, selector: str) -> str | None:
    node = tree.css_first(selector)
    return _text(node.text()) if node is not None else None


def _url_date(url: str) -> str | None:
    """The date a URL's path spells, as ``YYYY-MM-DD`` (a date, without a time of day)."""
    path = url.split("?", 1)[0].split("#", 1)[0]
    match = _URL_DATE.search(path)
    if match is None:
        return None
    year = match["year"] or match["y"]
    month = match["month"] or match["m"]
    day = match["day"] or match["d"]
    return f"{year}-{month}-{day}"


def _handle(value: str | None) -> str | None:
    """A site's Twitter handle as a name (``@Reuters`` → ``Reuters``)."""
    return value.lstrip("@") or None if value else None


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
    if isinstance(value, str) and value.strip().isascii() and value.strip().isdigit():
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
