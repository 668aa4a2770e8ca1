"""Walking an article's data: the article and its related stories, their images and texts.

Each walk is made once per document, by the first rule that asks, and shared by the rest:
a dozen rules look at the same texts."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from newscli.document.model import Document
from newscli.document.pointers import escape_token

Story = tuple[str, dict[str, Any]]  # pointer, mapping

# The keys that only an article has: a site's other pages share its title, dates, tags and
# layout, never these.
ARTICLE_KEYS = (
    "sourceUrl",
    "publishedDateTime",
    "provider",
    "quality",
    "heat",
    "ampUrl",
    "cdnAmpUrl",
    "related",
    "secured",
)


def looks_like_article(data: Any) -> bool:
    """Whether loaded front matter holds any of an article's own keys (the rest of a page's
    problems only mean something when it is meant to be an article)."""
    return not isinstance(data, dict) or any(key in data for key in ARTICLE_KEYS)


def each_article(document: Document) -> list[Story]:
    """The article itself and each related story, with the pointer of each."""
    found: list[Story] | None = document.memo.get("articles")
    if found is None:
        found = document.memo["articles"] = list(_articles(document.fields))
    return found


def images(document: Document) -> list[Story]:
    """Every image mapping in the article: the article's, its provider's, and related ones'."""
    found: list[Story] | None = document.memo.get("images")
    if found is None:
        found = document.memo["images"] = list(_images(each_article(document)))
    return found


def text_fields(document: Document, *keys: str) -> Iterator[tuple[str, str]]:
    """(pointer, value) for each text value of the given keys in the article and related
    stories, story by story."""
    texts: list[dict[str, tuple[str, str]]] | None = document.memo.get("texts")
    if texts is None:
        texts = document.memo["texts"] = [
            {
                key: (f"{prefix}/{escape_token(key)}", value)
                for key, value in story.items()
                if isinstance(value, str)
            }
            for prefix, story in each_article(document)
        ]
    for strings in texts:
        for key in keys:
            item = strings.get(key)
            if item is not None:
                yield item


def _articles(data: dict[str, Any]) -> Iterator[Story]:
    yield "", data
    related = data.get("related")
    if isinstance(related, list):
        for index, story in enumerate(related):
            if isinstance(story, dict):
                yield f"/related/{index}", story


def _images(stories: list[Story]) -> Iterator[Story]:
    for prefix, story in stories:
        for owner, owner_pointer in (
            (story, prefix),
            (story.get("provider"), f"{prefix}/provider"),
        ):
            if not isinstance(owner, dict):
                continue
            items = owner.get("images")
            if isinstance(items, list):
                for index, image in enumerate(items):
                    if isinstance(image, dict):
                        yield f"{owner_pointer}/images/{index}", image
