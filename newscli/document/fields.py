"""Walking an article's data: the article and its related stories, their images and texts."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from newscli.document.pointers import escape_token


def each_article(data: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    """The article itself and each related story, with the pointer of each."""
    yield "", data
    related = data.get("related")
    if isinstance(related, list):
        for index, story in enumerate(related):
            if isinstance(story, dict):
                yield f"/related/{index}", story


def images(data: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every image mapping in the article: the article's, its provider's, and related ones'."""
    for prefix, story in each_article(data):
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


def text_fields(data: dict[str, Any], *keys: str) -> Iterator[tuple[str, str]]:
    """(pointer, value) for each text value of the given keys in the article and related stories."""
    for prefix, story in each_article(data):
        for key in keys:
            value = story.get(key)
            if isinstance(value, str):
                yield f"{prefix}/{escape_token(key)}", value
