"""The collection: each article under the content roots that is not being linted, seen
through its ``sourceUrl`` only and read as cheaply as possible."""

from __future__ import annotations

import re
import stat
from pathlib import Path

import yaml

from newscli.document.source import Source

_TOP_LEVEL_SOURCE = re.compile(r"^sourceUrl:[ \t]*(.*?)[ \t]*\r?$", re.M)
_FRONT_MATTER = re.compile(r"\A(?:\ufeff)?---[ \t]*\r?\n(.*?)^---[ \t]*\r?$", re.S | re.M)


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
