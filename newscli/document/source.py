"""Where an article gives its ``sourceUrl``: what the collection compares across files."""

from __future__ import annotations

from typing import NamedTuple

from newscli.document.model import Document


class Source(NamedTuple):
    """Where one article gives its ``sourceUrl`` (a tuple: a run makes one per article, and a
    frozen dataclass costs several times as much to build)."""

    url: str
    path: str
    line: int
    column: int
    # The URL's comparable form when it is already known (kept in the results cache).
    comparable: str | None = None


def source_of(document: Document) -> Source | None:
    """The ``sourceUrl`` of a loaded article, if it has a text one."""
    url = document.fields.get("sourceUrl")
    if not isinstance(url, str) or not url.strip():
        return None
    return Source(url, document.path, *document.position("/sourceUrl"))
