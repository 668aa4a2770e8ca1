"""The collection: every article under the content root, seen through its ``sourceUrl`` only."""

from __future__ import annotations

import re
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import yaml

from newscli.document import Document
from newscli.findings import Problem

_TOP_LEVEL_SOURCE = re.compile(r"^sourceUrl:[ \t]*(.*?)[ \t]*\r?$", re.M)
_FRONT_MATTER = re.compile(r"\A(?:\ufeff)?---[ \t]*\r?\n(.*?)^---[ \t]*\r?$", re.S | re.M)


@dataclass(frozen=True, slots=True)
class Source:
    """Where one article gives its ``sourceUrl``."""

    url: str
    path: str
    line: int
    column: int


def source_of(document: Document) -> Source | None:
    """The ``sourceUrl`` of a loaded article, if it has a text one."""
    url = document.fields.get("sourceUrl")
    if not isinstance(url, str) or not url.strip():
        return None
    return Source(url, document.path, *document.position("/sourceUrl"))


def scan_source(path: Path, display: str, limit: int) -> Source | None:
    """The ``sourceUrl`` of an article that is not being linted, read as cheaply as possible.

    Only the top-level ``sourceUrl:`` line of the front matter is parsed; unreadable or
    unusual files are skipped, since they are reported when they are linted themselves.
    """
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode) or info.st_size > limit:
            return None  # a named pipe would block the read forever
        text = path.read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    block = _FRONT_MATTER.match(text)
    if block is None:
        return None
    match = _TOP_LEVEL_SOURCE.search(block.group(1))
    if match is None:
        return None
    try:
        url = yaml.safe_load(match.group(1)) if match.group(1)[:1] in "'\"" else match.group(1)
    except yaml.YAMLError:
        return None
    if not isinstance(url, str) or not url.strip():
        return None
    start = block.start(1) + match.start()
    line = text.count("\n", 0, start) + 1
    return Source(url.split(" #")[0].strip(), display, line, match.start(1) - match.start() + 1)


def _key(url: str) -> str:
    return url.strip()


def duplicate_problems(
    sources: Iterable[Source], linted: set[str]
) -> Iterator[tuple[str, Problem]]:
    """(path, problem) for each linted article whose ``sourceUrl`` another article also has."""
    by_url: dict[str, list[Source]] = {}
    for source in sources:
        by_url.setdefault(_key(source.url), []).append(source)
    for group in by_url.values():
        if len(group) < 2:
            continue
        for source in group:
            if source.path not in linted:
                continue
            others = [other for other in group if other is not source]
            named = ", ".join(f"{other.path}:{other.line}" for other in others[:3])
            more = f" and {len(others) - 3} more" if len(others) > 3 else ""
            message = f"the same sourceUrl is used by {named}{more}"
            yield (
                source.path,
                Problem(
                    message, "/sourceUrl", code="NC601", line=source.line, column=source.column
                ),
            )
