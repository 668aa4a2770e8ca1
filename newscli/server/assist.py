"""Hover and completion from the format itself: the schema's words for a key, a rule's docs for
a finding, and the keys and values a place in the front matter may still take. Plain text in,
plain data out; the server turns them into LSP messages."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from newscli.document.loader import parse_document
from newscli.document.pointers import escape_token, label
from newscli.findings import Finding
from newscli.report.field_docs import field_keys, field_schema
from newscli.report.machine import rule_url
from newscli.rules import RULES
from newscli.rules.amp_cache import derive_cache_url
from newscli.schema_extension import SchemaExtension
from newscli.server.linting import buffer_bytes
from newscli.settings import Settings

_KEY_TYPED = re.compile(r"(?P<indent>\s*)(?P<dash>-\s+)?(?P<word>[A-Za-z]*)")
_VALUE_TYPED = re.compile(r"(?P<indent>\s*)(?:-\s+)?(?P<key>[A-Za-z]+):\s+(?P<word>\S*)")
_ITEM_TYPED = re.compile(r"(?P<indent>\s*)-\s+(?P<word>\S*)")
_KEY_LINE = re.compile(r"(?P<indent>\s*)(?P<dash>-\s+)?(?P<key>[A-Za-z]+):(?P<rest>.*)")


@dataclass(frozen=True, slots=True)
class Offer:
    """One completion: the text to insert, and a word on what it is."""

    text: str
    detail: str


def key_hover(
    text: str, line: int, column: int, extension: SchemaExtension | None = None
) -> str | None:
    """What the field whose key stands at the 1-based ``line`` and ``column`` holds (a site's
    own key, as its extension says)."""
    document = parse_document("buffer.md", buffer_bytes(text))
    for pointer, node in document.keys.items():
        first = document.front_matter_line + node.start_mark.line
        if first != line:
            continue
        if node.start_mark.column + 1 <= column <= node.end_mark.column + 1:
            described = field_schema(pointer, extension)
            words = described.get("description") if described else None
            return f"**{label(pointer)}**: {words}" if words else None
    return None


def rule_hover(finding: Finding, docs_url: str) -> str:
    rule = RULES[finding.code]
    link = rule_url(docs_url, rule.code, rule.name)
    return f"**{rule.code} {rule.name}**: {rule.summary}\n\n{rule.why}\n\n[Docs]({link})"


def offers(lines: list[str], line: int, column: int, settings: Settings) -> list[Offer]:
    """What may be typed at a 0-based ``line`` and ``column`` of the buffer's ``lines`` (its
    front matter from line 1): keys the mapping there still lacks, or values of its key."""
    if not _in_front_matter(lines, line):
        return []
    before = lines[line][:column]
    value = _VALUE_TYPED.fullmatch(before)
    if value is not None:
        pointer = _mapping_at(lines, line, _key_indent(before))
        return _values(lines, line, pointer, value["key"], settings)
    item = _ITEM_TYPED.fullmatch(before)
    extension = settings.extend_schema
    if item is not None:
        listed = _mapping_at(lines, line, len(item["indent"]))
        if listed == "/topics" and settings.topics:
            return [Offer(topic, "a configured topic") for topic in settings.topics]
        return _allowed(field_schema(f"{listed}/0", extension))
    typed = _KEY_TYPED.fullmatch(before)
    if typed is None:
        return []
    indent = len(typed["indent"]) + len(typed["dash"] or "")
    pointer = _mapping_at(lines, line, indent)
    present = _keys_at(lines, line, indent)
    return [
        Offer(f"{key}: ", _described(f"{pointer}/{escape_token(key)}", extension))
        for key in field_keys(pointer, extension)
        if key not in present
    ]


def _in_front_matter(lines: list[str], line: int) -> bool:
    if not lines or lines[0].rstrip() not in ("---", "\ufeff---"):
        return False
    closing = next((i for i in range(1, len(lines)) if lines[i].rstrip() == "---"), len(lines))
    return 0 < line < closing


def _key_indent(before: str) -> int:
    match = _KEY_LINE.match(before)
    return _columns(match)[1] if match else 0


def _described(pointer: str, extension: SchemaExtension | None) -> str:
    described = field_schema(pointer, extension)
    return str(described.get("description", "")) if described else ""


def _allowed(described: dict[str, Any] | None) -> list[Offer]:
    """The values a schema's ``enum`` (or ``const``) allows, as YAML spells them."""
    if not described:
        return []
    values = described["enum"] if isinstance(described.get("enum"), list) else []
    if "const" in described:
        values = [described["const"]]
    words = str(described.get("description", "")) or "an allowed value"
    return [Offer(_yaml_word(value), words) for value in values if _yaml_word(value)]


def _yaml_word(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    return value if isinstance(value, str) else ""


def _columns(match: re.Match[str]) -> tuple[int, int]:
    """Where a key line's dash (if any) and its key stand."""
    dash = len(match["indent"])
    return dash, dash + len(match["dash"] or "")


def _mapping_at(lines: list[str], line: int, indent: int) -> str:
    """The pointer of the mapping whose keys stand at ``indent`` around ``line``, from the keys
    above it that are indented less (a list item counts as item 0: the schema is the same for
    every item)."""
    tokens: list[str] = []
    for index in range(line - 1, 0, -1):
        match = _KEY_LINE.fullmatch(lines[index])
        if match is None:
            continue
        dash, key = _columns(match)
        if key < indent:  # the key whose value this mapping is
            tokens.append(escape_token(match["key"]))
            indent = key
        if match["dash"] and key == indent:  # the first key of the list item this is
            tokens.append("0")
            indent = dash
        if indent == 0:
            break
    return "".join(f"/{token}" for token in reversed(tokens))


def _keys_at(lines: list[str], line: int, indent: int) -> set[str]:
    """The keys already in the mapping at ``indent`` around ``line``."""
    found: set[str] = set()
    for index in range(line - 1, 0, -1):  # up to the mapping's first key
        match = _KEY_LINE.fullmatch(lines[index])
        if match is None or _columns(match)[1] > indent:
            continue
        if _columns(match)[1] < indent:
            break
        found.add(match["key"])
        if match["dash"]:
            break
    for index in range(line + 1, len(lines)):  # down to its last
        if lines[index].rstrip() == "---":
            break
        match = _KEY_LINE.fullmatch(lines[index])
        if match is None or _columns(match)[1] > indent:
            continue
        if _columns(match)[1] < indent or match["dash"]:
            break
        found.add(match["key"])
    return found


def _values(lines: list[str], line: int, pointer: str, key: str, settings: Settings) -> list[Offer]:
    if key == "category":
        return [Offer(name, "a configured category") for name in settings.categories]
    if key == "type":
        return [Offer(name, "a configured type") for name in settings.types]
    if key == "published":
        return [Offer("true", "shown"), Offer("false", "not shown")]
    if key == "cdnAmpUrl":
        amp = _sibling_value(lines, line, "ampUrl")
        derived = derive_cache_url(amp) if amp else None
        if isinstance(derived, str):
            return [Offer(derived, "the AMP Cache URL of ampUrl")]
    return _allowed(field_schema(f"{pointer}/{escape_token(key)}", settings.extend_schema))


def _sibling_value(lines: list[str], line: int, key: str) -> str | None:
    """The plain value of ``key`` in the same mapping as ``line``, as written."""
    own = _KEY_LINE.fullmatch(lines[line])
    indent = _columns(own)[1] if own else 0
    for index in range(len(lines)):
        match = _KEY_LINE.fullmatch(lines[index])
        if match is None or match["key"] != key:
            continue
        same_mapping = _mapping_at(lines, index, indent) == _mapping_at(lines, line, indent)
        if _columns(match)[1] == indent and same_mapping:
            return match["rest"].strip().strip("'\"") or None
    return None
