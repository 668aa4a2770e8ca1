"""From a composed YAML node tree to plain data, recording where each value was written."""

from __future__ import annotations

from typing import Any, ClassVar

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from newscli.document.issues import LoadIssue
from newscli.document.model import Document
from newscli.document.pointers import escape_token
from newscli.findings import Problem
from newscli.text import quote

try:  # libyaml's composer is several times faster; the pure-Python one gives the same nodes.
    from yaml import CSafeLoader as _BaseLoader

    LIBYAML = True
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _BaseLoader  # type: ignore[assignment]

    LIBYAML = False

_TAGS_KEPT = 10_000  # short plain scalars whose tag is remembered, across the run's documents
_SHORT = 40


class SafeLoader(_BaseLoader):
    """PyYAML's safe loader, remembering the tag of each short plain scalar: the resolver is
    asked about every scalar of every file (a regular expression or more each time), and a
    collection repeats the same keys and small values in every one. The answer depends on the
    text alone, since the safe loader has no path resolvers."""

    _tags: ClassVar[dict[tuple[str, tuple[bool, bool]], str]] = {}

    def resolve(self, kind: type[Node], value: Any, implicit: Any) -> str:
        if kind is not ScalarNode or len(value) > _SHORT:
            return str(super().resolve(kind, value, implicit))  # type: ignore[no-untyped-call]
        key = (value, implicit)
        tag = self._tags.get(key)
        if tag is None:
            tag = str(super().resolve(kind, value, implicit))  # type: ignore[no-untyped-call]
            if len(self._tags) < _TAGS_KEPT:
                self._tags[key] = tag
        return tag


READER_OFFSETS_IN_BYTES = LIBYAML  # libyaml reports a bad character's offset in UTF-8 bytes

__all__ = ["LIBYAML", "READER_OFFSETS_IN_BYTES", "YAML_TAG", "Converter", "SafeLoader"]

YAML_TAG = "tag:yaml.org,2002:"
_PLAIN_TAGS = {f"{YAML_TAG}{name}" for name in ("str", "int", "float", "bool", "null", "timestamp")}
_KNOWN_TAGS = _PLAIN_TAGS | {f"{YAML_TAG}map", f"{YAML_TAG}seq"}
_MERGE, _NULL, _STR = f"{YAML_TAG}merge", f"{YAML_TAG}null", f"{YAML_TAG}str"
_CONSTRUCTOR = SafeConstructor()
_SCALAR_BUILDERS = {
    f"{YAML_TAG}int": _CONSTRUCTOR.construct_yaml_int,
    f"{YAML_TAG}float": _CONSTRUCTOR.construct_yaml_float,
    f"{YAML_TAG}bool": _CONSTRUCTOR.construct_yaml_bool,
}


class Converter:
    """Turns the composed node tree into plain data, recording each value's node by pointer."""

    def __init__(self, document: Document, yaml_text: str, max_depth: int) -> None:
        self.document = document
        self.yaml_text = yaml_text
        self.max_depth = max_depth
        self.seen: set[int] = set()

    def run(self, root: MappingNode) -> None:
        self.document.values[""] = root
        try:
            self.document.data = self.convert(root, "", 0)
        except _Refused:
            self.document.data = None

    def problem(self, message: str, kind: LoadIssue, node: Node, pointer: str = "") -> None:
        mark = node.start_mark
        line = self.document.front_matter_line + mark.line
        self.document.problems.append(
            Problem(message, pointer, kind=kind, line=line, column=mark.column + 1)
        )

    def convert(self, node: Node, pointer: str, depth: int) -> Any:
        if id(node) in self.seen:
            self.report_aliases()
            raise _Refused
        self.seen.add(id(node))
        if depth > self.max_depth:
            message = f"values are nested more than {self.max_depth} levels deep"
            self.problem(message, LoadIssue.TOO_DEEP, node)
            raise _Refused
        if node.tag not in _KNOWN_TAGS:
            self.problem(_tag_message(node.tag), LoadIssue.TAG, node)
        if isinstance(node, MappingNode):
            return self.convert_mapping(node, pointer, depth)
        if isinstance(node, SequenceNode):
            values, items = self.document.values, []
            for index, item in enumerate(node.value):
                child = f"{pointer}/{index}"
                values[child] = item
                items.append(self.convert(item, child, depth + 1))
            return items
        assert isinstance(node, ScalarNode), "a YAML node is a mapping, a sequence or a scalar"
        return self.convert_scalar(node, pointer)

    def convert_mapping(self, node: MappingNode, pointer: str, depth: int) -> dict[str, Any]:
        result: dict[str, Any] = {}
        first_keys: dict[str, Node] = {}
        values, keys, seen = self.document.values, self.document.keys, self.seen
        plain_scalars = depth + 1 <= self.max_depth
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE:
                self.problem(
                    "merge keys (<<) are not allowed; write the keys out", LoadIssue.ALIAS, key_node
                )
                continue
            if not isinstance(key_node, ScalarNode):
                self.problem(
                    "a key must be plain text, not a list or mapping",
                    LoadIssue.YAML_SYNTAX,
                    key_node,
                )
                continue
            key = str(key_node.value)
            child = f"{pointer}/{escape_token(key)}"
            if key in first_keys:
                first = self.document.front_matter_line + first_keys[key].start_mark.line
                self.problem(
                    f"duplicate key {quote(key)}; it was already set on line {first}",
                    LoadIssue.DUPLICATE_KEY,
                    key_node,
                )
            else:
                first_keys[key] = key_node
            keys[child] = key_node
            values[child] = value_node
            if plain_scalars and type(value_node) is ScalarNode and value_node.tag in _PLAIN_TAGS:
                # Most values: the checks of ``convert`` that can apply to a scalar, inline.
                if id(value_node) in seen:
                    self.report_aliases()
                    raise _Refused
                seen.add(id(value_node))
                tag = value_node.tag
                result[key] = (
                    value_node.value if tag == _STR else self.convert_scalar(value_node, child)
                )
            else:
                result[key] = self.convert(value_node, child, depth + 1)
        return result

    def convert_scalar(self, node: ScalarNode, pointer: str) -> Any:
        tag = node.tag
        if tag == _NULL:
            return None
        builder = _SCALAR_BUILDERS.get(tag)
        if builder is None:
            return node.value  # text, and timestamps kept as written
        try:
            return builder(node)
        except ValueError:
            self.problem(
                f"the number {quote(node.value)} is too large to read",
                LoadIssue.NUMBER_TOO_LARGE,
                node,
                pointer,
            )
            return node.value

    def report_aliases(self) -> None:
        """Name every alias with its position; only reached for files that use them."""
        for event in yaml.parse(self.yaml_text, Loader=SafeLoader):
            if isinstance(event, yaml.AliasEvent):
                self.document.problems.append(
                    Problem(
                        f"the alias *{event.anchor} repeats another value; anchors and aliases "
                        "are not allowed in an article, write the value out",
                        kind=LoadIssue.ALIAS,
                        line=self.document.front_matter_line + event.start_mark.line,  # type: ignore[union-attr]
                        column=event.start_mark.column + 1,  # type: ignore[union-attr]
                    )
                )


class _Refused(Exception):
    """The front matter uses a construct newscli will not walk (aliases, extreme nesting)."""


def _tag_message(tag: str) -> str:
    short = tag.replace(YAML_TAG, "!!")
    return f"the tag {short} is not allowed in an article; write plain text, numbers and lists"
