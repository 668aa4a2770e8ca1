"""Minimal edits to an article's text, made from the positions the loader recorded.

An edit replaces one span of the decoded text. Values keep their quoting style, inserted keys
take the indentation and line ending of their neighbour, and every other character of the file
(the byte order mark, comments, key order, the body) stays as it was.
"""

from __future__ import annotations

import json
import re

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode

from newscli.document.model import Document
from newscli.document.yaml_tree import SafeLoader
from newscli.findings import Edit, Fix

_BREAK = re.compile(r"\r\n|[\r\n\x85\u2028\u2029]")
_STR = "tag:yaml.org,2002:str"
_PLAIN_START = set("-?:,[]{}#&*!|>'\"%@`")


class Locator:
    """Turns node marks into offsets of a document's text."""

    def __init__(self, document: Document) -> None:
        self.document = document
        self.starts = [0, *(match.end() for match in _BREAK.finditer(document.text))]

    def offset(self, node: Node, end: bool = False) -> int:
        mark = node.end_mark if end else node.start_mark
        index = self.document.front_matter_line - 1 + mark.line
        return self.starts[index] + mark.column

    def line_end(self, index: int) -> tuple[int, str]:
        """The offset where 0-based line ``index`` ends, and its line ending."""
        text = self.document.text
        next_start = self.starts[index + 1] if index + 1 < len(self.starts) else len(text)
        match = _BREAK.search(text, self.starts[index], next_start)
        if match is None:
            return next_start, "\n"
        return match.start(), match.group()


def scalar_text(value: str, style: str | None) -> str:
    """``value`` in the given YAML style, or double-quoted where that style cannot hold it."""
    if not style and _plain_safe(value):
        return value
    if style == "'" and "\n" not in value and _printable(value):
        return "'" + value.replace("'", "''") + "'"
    return json.dumps(value, ensure_ascii=False)


def _printable(value: str) -> bool:
    return all(char.isprintable() for char in value)


def _plain_safe(value: str) -> bool:
    if not value or value != value.strip() or value[0] in _PLAIN_START or not _printable(value):
        return False
    if ": " in value or " #" in value or value.endswith(":"):
        return False
    resolver = yaml.resolver.Resolver()
    tag: str = resolver.resolve(ScalarNode, value, (True, False))  # type: ignore[no-untyped-call]
    return tag == _STR


def replace_value(
    document: Document,
    locator: Locator,
    pointer: str,
    value: str,
    style: str | None = None,
    raw: bool = False,
) -> Edit | None:
    """An edit that writes ``value`` in place of the scalar at ``pointer``.

    The value keeps the node's quoting style unless ``style`` names another; ``raw`` writes
    ``value`` as YAML text (``true``, a number) rather than as a string.
    """
    node = document.node(pointer)
    if not isinstance(node, ScalarNode):
        return None
    start, end = locator.offset(node), locator.offset(node, end=True)
    if raw:
        return Edit(start, end, value) if not node.style else None
    if style is None and node.style in ("|", ">"):
        return _block_edit(document, locator, node, value)
    return Edit(start, end, scalar_text(value, node.style if style is None else style))


def _block_edit(document: Document, locator: Locator, node: ScalarNode, value: str) -> Edit:
    """Keep the block header and write the new value as its content, when that reads back
    as the value under the header's chomping and indentation; else a double-quoted scalar
    in place of the whole block, which always does."""
    start = locator.offset(node)
    first = document.front_matter_line - 1 + node.start_mark.line
    header_end, newline = locator.line_end(first)
    first_content = document.lines[first + 1] if first + 1 < len(document.lines) else ""
    indent = first_content[: len(first_content) - len(first_content.lstrip(" "))]
    indent = indent or " " * (node.start_mark.column + 2)
    last = document.front_matter_line - 1 + node.end_mark.line
    if node.end_mark.column == 0:
        last -= 1
    while last > first + 1 and not document.lines[last].strip():
        last -= 1
    content_end, _ = locator.line_end(last)
    content = newline.join(indent + line if line else line for line in value.split("\n"))
    header = document.text[start:header_end]
    try:
        reads_back = yaml.load(f"k: {header}\n{content}\n", Loader=SafeLoader) == {"k": value}
    except yaml.YAMLError:
        reads_back = False
    if reads_back:
        return Edit(header_end, content_end, f"{newline}{content}")
    return Edit(start, content_end, json.dumps(value, ensure_ascii=False))


def insert_after(
    document: Document, locator: Locator, sibling: str, key: str, value: str
) -> Edit | None:
    """An edit that adds ``key: value`` on the line after the entry at ``sibling``."""
    key_node, value_node = document.keys.get(sibling), document.node(sibling)
    parent = document.node(sibling.rpartition("/")[0])
    if key_node is None or value_node is None or _is_flow(parent):
        return None
    indent = " " * key_node.start_mark.column
    entry = f"{key}: {scalar_text(value, '')}"
    end_index = document.front_matter_line - 1 + value_node.end_mark.line
    if value_node.end_mark.column == 0 and value_node.end_mark.line > key_node.start_mark.line:
        # A block value ends at the start of the next line: insert before that line.
        _, newline = locator.line_end(end_index - 1)
        return Edit(locator.starts[end_index], locator.starts[end_index], indent + entry + newline)
    line_end, newline = locator.line_end(end_index)
    return Edit(line_end, line_end, newline + indent + entry)


def remove_entry(document: Document, locator: Locator, pointer: str) -> Edit | None:
    """An edit that removes the lines of the entry at ``pointer``, if it has lines of its own."""
    key_node, value_node = document.keys.get(pointer), document.node(pointer)
    parent = document.node(pointer.rpartition("/")[0])
    if key_node is None or value_node is None or _is_flow(parent):
        return None
    first = document.front_matter_line - 1 + key_node.start_mark.line
    if document.lines[first][: key_node.start_mark.column].strip():
        return None  # the key shares its line (a list item's "- "): removing it would break it
    last = document.front_matter_line - 1 + value_node.end_mark.line
    if value_node.end_mark.column == 0 and last > first:
        return Edit(locator.starts[first], locator.starts[last], "")
    end = locator.starts[last + 1] if last + 1 < len(locator.starts) else len(document.text)
    return Edit(locator.starts[first], end, "")


def _is_flow(node: Node | None) -> bool:
    return isinstance(node, MappingNode) and bool(node.flow_style)


def apply_edits(text: str, edits: list[Edit]) -> tuple[str, list[Edit]]:
    """The text with the edits made, and those left out because they overlap an earlier one."""
    result, position, skipped = [], 0, []
    for edit in sorted(edits):
        if edit.start < position:
            skipped.append(edit)
            continue
        result.append(text[position : edit.start])
        result.append(edit.replacement)
        position = edit.end
    result.append(text[position:])
    return "".join(result), skipped


def encode(document: Document, text: str) -> bytes:
    """The bytes of a rewritten document: UTF-8, with its byte order mark if it had one."""
    return (b"\xef\xbb\xbf" if document.bom else b"") + text.encode("utf-8")


def value_fix(
    document: Document,
    pointer: str,
    value: str,
    *,
    style: str | None = None,
    raw: bool = False,
    safe: bool = True,
) -> Fix | None:
    """A fix that writes ``value`` in place of the scalar at ``pointer``, if that can be done."""
    edit = replace_value(document, Locator(document), pointer, value, style, raw)
    return Fix((edit,), safe) if edit is not None else None
