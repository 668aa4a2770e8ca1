"""The loaded article: its text, its front matter as plain data, and where each value sits."""

from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, TypeGuard

from yaml.nodes import Node, ScalarNode

from newscli.findings import Problem

LINE_BREAK = re.compile(r"\r\n|[\r\n\x85\u2028\u2029]")  # as YAML counts lines
_OTHER_BREAKS = ("\r", "\x85", "\u2028", "\u2029")


@dataclass(slots=True)
class Document:
    """One article: its text, its front matter as plain data, and where each value was written.

    ``data`` is None when the front matter could not be loaded as a mapping; ``problems`` then
    says why.
    Timestamps are kept as the text the author wrote, never as ``datetime`` objects.
    """

    path: str
    lines: list[str]
    data: dict[str, Any] | None = None
    text: str = ""  # the decoded file, byte order mark removed
    bom: bool = False
    values: dict[str, Node] = field(default_factory=dict)
    keys: dict[str, Node] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    front_matter_line: int = 1  # 1-based line of the first line inside the front matter block
    front_matter_end: int = 0  # 1-based line of the closing ---, or 0 when there is none
    # Results several rules share (the schema's errors), computed once by the first that asks.
    memo: dict[str, Any] = field(default_factory=dict, repr=False)
    # Counts of the work done on the document, such as fast paths taken, for --verbose.
    tally: Counter[str] = field(default_factory=Counter, repr=False)
    # The file's size, mtime, ctime and inode as it was read; None for text read elsewhere.
    stamp: tuple[int, int, int, int] | None = None

    def position(self, pointer: str, at_key: bool = False) -> tuple[int, int]:
        """Line and column (1-based) of the value at ``pointer``, or of its key.

        A pointer that names nothing in the file (a missing key) falls back to its nearest
        parent that exists, so a missing key is reported at the mapping that lacks it.
        """
        while True:
            node = (self.keys if at_key else self.values).get(pointer)
            if node is None and at_key:
                node = self.values.get(pointer)
            if node is not None:
                mark = node.start_mark
                return self.front_matter_line + mark.line, mark.column + 1
            if not pointer:
                return self.front_matter_line, 1
            pointer = pointer.rpartition("/")[0]
            at_key = False

    def offset_position(self, offset: int) -> tuple[int, int]:
        """Line and column (1-based) of an offset into ``text``, as YAML counts lines."""
        starts: list[int] | None = self.memo.get("line starts")
        if starts is None:  # once per document: a fix may hold thousands of edits
            starts = [0, *(match.end() for match in LINE_BREAK.finditer(self.text))]
            self.memo["line starts"] = starts
        line = bisect.bisect_right(starts, offset)
        return line, offset - starts[line - 1] + 1

    def end_position(self, pointer: str, at_key: bool = False) -> tuple[int, int] | None:
        """Line and column just after the value at ``pointer`` (or its key), or None when
        nothing in the file stands at that pointer."""
        node = (self.keys if at_key else self.values).get(pointer)
        if node is None:
            return None
        mark = node.end_mark
        return self.front_matter_line + mark.line, mark.column + 1

    @property
    def fields(self) -> dict[str, Any]:
        """The front matter's keys and values; empty when it could not be loaded."""
        return self.data if self.data is not None else {}

    def node(self, pointer: str) -> Node | None:
        return self.values.get(pointer)

    def front_matter_lines(self) -> range:
        """The 1-based numbers of the lines inside the front matter block."""
        return range(self.front_matter_line, self.front_matter_end)

    def source_line(self, line: int) -> str:
        """The text of a 1-based line, or "" past the end."""
        return self.lines[line - 1] if 0 < line <= len(self.lines) else ""


def split_lines(text: str) -> list[str]:
    """Lines as YAML counts them: CR, LF, CRLF, NEL, LS and PS all end a line."""
    if not any(mark in text for mark in _OTHER_BREAKS):  # nearly every file: LF alone
        return text.split("\n")
    return LINE_BREAK.split(text)


def is_plain(node: Node | None) -> TypeGuard[ScalarNode]:
    """True for an unquoted scalar (libyaml says style "", the pure-Python loader None)."""
    return isinstance(node, ScalarNode) and not node.style
