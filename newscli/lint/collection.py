"""The collection: each article under the content roots that is not being linted, seen
through its ``sourceUrl`` only and read as cheaply as possible."""

from __future__ import annotations

import codecs
import stat
from pathlib import Path

import yaml

from newscli.document.source import Source

SCAN_LIMIT = 256 * 1024  # bytes read of each file: a front matter is a few kilobytes
_KEY = "sourceUrl:"


def scan_source(path: Path, display: str, limit: int) -> Source | None:
    """The ``sourceUrl`` of an article that is not being linted, read as cheaply as possible.

    Only the top-level ``sourceUrl:`` line of the front matter, within the first
    ``SCAN_LIMIT`` bytes, is parsed, by plain string work that is linear in the line whatever
    it holds; unreadable or unusual files are skipped, since they are reported when they are
    linted themselves.
    """
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode) or info.st_size > limit:
            return None  # a named pipe would block the read forever
        with path.open("rb") as stream:
            prefix = stream.read(SCAN_LIMIT)
        text = codecs.getincrementaldecoder("utf-8")().decode(prefix, final=False)
    except (OSError, UnicodeDecodeError):
        return None
    return source_in(text, display)


def source_in(text: str, display: str) -> Source | None:
    """The top-level ``sourceUrl`` of an article's text (or of the start of it), as
    ``scan_source`` reads it from a file: an editor's unsaved buffer is given this way."""
    lines = text.removeprefix("\ufeff").split("\n")
    if lines[0].rstrip("\r").rstrip(" \t") != "---":
        return None
    for number, line in enumerate(lines[1:], start=2):
        line = line.removesuffix("\r")
        if line.rstrip(" \t") == "---":
            return None  # the front matter closed without one
        if line.startswith(_KEY):
            return _source(line, number, display)
    return None


def _source(line: str, number: int, display: str) -> Source | None:
    value = line[len(_KEY) :]
    column = len(_KEY) + len(value) - len(value.lstrip(" \t")) + 1
    value = value.strip(" \t")
    if value[:1] in ("'", '"'):
        try:
            url = yaml.safe_load(value)
        except yaml.YAMLError:
            return None
    else:
        url = value.split(" #")[0].strip()
    if not isinstance(url, str) or not url.strip():
        return None
    return Source(url.strip(), display, number, column)
