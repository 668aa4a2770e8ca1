"""An article file loaded into plain data that knows where every value sits in the file.

Loading never raises for bad input: each problem with the bytes, the front matter block or the
YAML becomes a ``Problem`` carried on the document, so one broken file never stops the others.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, TypeGuard

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from newscli.findings import Problem
from newscli.pointers import escape_token
from newscli.text import quote

try:  # libyaml's composer is several times faster; the pure-Python one gives the same nodes.
    from yaml import CSafeLoader as _Loader

    _READER_OFFSETS_IN_BYTES = True  # libyaml reports a bad character's offset in UTF-8 bytes
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

    _READER_OFFSETS_IN_BYTES = False

# An article nests four levels deep and holds a few dozen values; far more is broken or hostile
# (nested YAML costs memory per value, and deep nesting breaks recursive tools).
MAX_DEPTH = 64
MAX_VALUES = 200_000
_LINE_BREAK = re.compile(r"\r\n|[\r\n\x85\u2028\u2029]")
_DELIMITER = re.compile(r"---[ \t]*")
_LEADING_BLANKS = re.compile(r"[ \t]*")
_YAML = "tag:yaml.org,2002:"
_PLAIN_TAGS = {f"{_YAML}{name}" for name in ("str", "int", "float", "bool", "null", "timestamp")}
_KNOWN_TAGS = _PLAIN_TAGS | {f"{_YAML}map", f"{_YAML}seq"}
_MERGE, _NULL = f"{_YAML}merge", f"{_YAML}null"
_VALUE_EVENTS = (yaml.ScalarEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent, yaml.AliasEvent)
_CONSTRUCTOR = SafeConstructor()
_SCALAR_BUILDERS = {
    f"{_YAML}int": _CONSTRUCTOR.construct_yaml_int,
    f"{_YAML}float": _CONSTRUCTOR.construct_yaml_float,
    f"{_YAML}bool": _CONSTRUCTOR.construct_yaml_bool,
}


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
    return _LINE_BREAK.split(text)


def is_plain(node: Node | None) -> TypeGuard[ScalarNode]:
    """True for an unquoted scalar (libyaml says style "", the pure-Python loader None)."""
    return isinstance(node, ScalarNode) and not node.style


@dataclass(frozen=True, slots=True)
class Limits:
    """How deep and how large a front matter newscli will load."""

    max_depth: int = MAX_DEPTH
    max_values: int = MAX_VALUES


def load_document(path: str, raw: bytes, limits: Limits = Limits()) -> Document:
    """Decode, split and load one article file; every problem found is kept on the result."""
    text, problem = _decode(raw)
    if problem is not None:  # keep the lines, with replacement characters, to show the place
        return Document(
            path,
            split_lines(raw.removeprefix(b"\xef\xbb\xbf").decode("utf-8", "replace")),
            problems=[problem],
        )
    lines = split_lines(text)
    document = Document(path, lines, text=text, bom=raw.startswith(b"\xef\xbb\xbf"))
    block = _front_matter_block(lines, document.problems)
    if block is None:
        return document
    first, last = block
    document.front_matter_line, document.front_matter_end = first + 1, last + 1
    _check_indentation(lines, first, last, document)
    yaml_text = "\n".join(lines[first:last]) + "\n"
    if _too_many_values(yaml_text, limits.max_values):
        message = (
            f"the front matter holds more than {limits.max_values:,} values; an article holds "
            "a few dozen (the limit is the max-values setting)"
        )
        document.problems.append(Problem(message, code="NC012", line=first + 1, column=1))
        return document
    try:
        root = yaml.compose(yaml_text, Loader=_Loader)
    except yaml.YAMLError as error:
        if not any(p.code == "NC007" for p in document.problems):
            document.problems.append(_syntax_problem(error, yaml_text, document.front_matter_line))
        return document
    except RecursionError:
        document.problems.append(
            Problem("the front matter is nested too deeply to load", code="NC010", line=first + 1)
        )
        return document
    if not isinstance(root, MappingNode):
        document.problems.append(_not_a_mapping(root, first))
        return document
    _Converter(document, yaml_text, limits.max_depth).run(root)
    return document


def _too_many_values(yaml_text: str, limit: int) -> bool:
    """Whether the YAML holds more than ``limit`` values, counted from the event stream, which
    needs no memory per value; only texts long enough to hold that many are counted."""
    if len(yaml_text) <= 2 * limit:  # every value takes at least two characters
        return False
    count = 0
    try:
        for event in yaml.parse(yaml_text, Loader=_Loader):
            if isinstance(event, _VALUE_EVENTS):
                count += 1
                if count > limit:
                    return True
    except yaml.YAMLError:
        return False  # composing reports the error with its position
    return False


def _decode(raw: bytes) -> tuple[str, Problem | None]:
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8"), None
    except UnicodeDecodeError as error:
        before = split_lines(raw[: error.start].decode("utf-8", "replace"))
        line, column = len(before), len(before[-1]) + 1
        what = "UTF-16" if raw[:2] in (b"\xff\xfe", b"\xfe\xff") else "UTF-8"
        message = f"byte 0x{raw[error.start]:02x} is not valid UTF-8; save the file as UTF-8"
        if what == "UTF-16":
            message = "the file is UTF-16; save it as UTF-8"
        return "", Problem(message, code="NC001", line=line, column=column)


def _front_matter_block(lines: list[str], problems: list[Problem]) -> tuple[int, int] | None:
    """The 0-based [first, last) line range inside the --- lines, or None with a problem."""
    head = lines[0] if lines else ""
    if not _DELIMITER.fullmatch(head):
        problems.append(Problem(_missing_front_matter(lines), code="NC002", line=1, column=1))
        return None
    for index in range(1, len(lines)):
        if _DELIMITER.fullmatch(lines[index]):
            return 1, index
    problems.append(
        Problem(
            "the front matter opened on line 1 is never closed; add a --- line after it",
            code="NC003",
            line=1,
            column=1,
        )
    )
    return None


def _missing_front_matter(lines: list[str]) -> str:
    head = lines[0].strip() if lines else ""
    if not head and len(lines) <= 1:
        return "the file is empty; an article starts with front matter between --- lines"
    if head.startswith("+++"):
        return "this is TOML front matter (+++), not YAML front matter between --- lines"
    if head.startswith("{"):
        return "this is JSON front matter, not YAML front matter between --- lines"
    return "the file does not start with a --- line; an article starts with YAML front matter"


def _check_indentation(lines: list[str], first: int, last: int, document: Document) -> None:
    for index in range(first, last):
        blanks = _LEADING_BLANKS.match(lines[index])
        if blanks and "\t" in blanks.group():
            column = blanks.group().index("\t") + 1
            document.problems.append(
                Problem(
                    "a tab in the indentation; YAML indents with spaces only",
                    code="NC007",
                    line=index + 1,
                    column=column,
                )
            )


def _syntax_problem(error: yaml.YAMLError, yaml_text: str, offset: int) -> Problem:
    problem = getattr(error, "problem", None)
    context = getattr(error, "context", None)
    mark = getattr(error, "problem_mark", None)
    if problem and "end of stream" in problem and getattr(error, "context_mark", None):
        # "Unexpected end" is found at the end; what was left open is where it started.
        mark = error.context_mark  # type: ignore[attr-defined]
    what = f"{context}, {problem}" if context and problem else problem or str(error).splitlines()[0]
    if mark is not None:
        line, column = offset + mark.line, mark.column + 1
    else:  # a ReaderError knows only its offset: in bytes from libyaml, in characters otherwise
        position = getattr(error, "position", 0)
        if _READER_OFFSETS_IN_BYTES:
            before = yaml_text.encode("utf-8")[:position].decode("utf-8", "ignore")
        else:
            before = yaml_text[:position]
        line = offset + before.count("\n")
        column = len(before) - (before.rfind("\n") + 1) + 1
        character = getattr(error, "character", None)
        if isinstance(character, int):
            character = chr(character)
        if isinstance(character, str):
            what = f"the character U+{ord(character):04X} is not allowed in YAML"
    return Problem(f"the YAML does not parse: {what}", code="NC004", line=line, column=column)


def _not_a_mapping(root: Node | None, first: int) -> Problem:
    if root is None:
        return Problem(
            "the front matter is empty; expected key: value pairs",
            code="NC005",
            line=first + 1,
            column=1,
        )
    kind = "a list" if isinstance(root, SequenceNode) else "a single value"
    return Problem(
        f"the front matter is {kind}; expected key: value pairs",
        code="NC005",
        line=first + 1 + root.start_mark.line,
        column=root.start_mark.column + 1,
    )


class _Converter:
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

    def problem(self, message: str, code: str, node: Node, pointer: str = "") -> None:
        mark = node.start_mark
        line = self.document.front_matter_line + mark.line
        self.document.problems.append(
            Problem(message, pointer, code=code, line=line, column=mark.column + 1)
        )

    def convert(self, node: Node, pointer: str, depth: int) -> Any:
        if id(node) in self.seen:
            self.report_aliases()
            raise _Refused
        self.seen.add(id(node))
        if depth > self.max_depth:
            message = f"values are nested more than {self.max_depth} levels deep"
            self.problem(message, "NC010", node)
            raise _Refused
        if node.tag not in _KNOWN_TAGS:
            self.problem(_tag_message(node.tag), "NC009", node)
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
        values, keys = self.document.values, self.document.keys
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE:
                self.problem(
                    "merge keys (<<) are not allowed; write the keys out", "NC008", key_node
                )
                continue
            if not isinstance(key_node, ScalarNode):
                self.problem("a key must be plain text, not a list or mapping", "NC004", key_node)
                continue
            key = str(key_node.value)
            child = f"{pointer}/{escape_token(key)}"
            if key in first_keys:
                first = self.document.front_matter_line + first_keys[key].start_mark.line
                self.problem(
                    f"duplicate key {quote(key)}; it was already set on line {first}",
                    "NC006",
                    key_node,
                )
            else:
                first_keys[key] = key_node
            keys[child] = key_node
            values[child] = value_node
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
                f"the number {quote(node.value)} is too large to read", "NC103", node, pointer
            )
            return node.value

    def report_aliases(self) -> None:
        """Name every alias with its position; only reached for files that use them."""
        for event in yaml.parse(self.yaml_text, Loader=_Loader):
            if isinstance(event, yaml.AliasEvent):
                self.document.problems.append(
                    Problem(
                        f"the alias *{event.anchor} repeats another value; anchors and aliases "
                        "are not allowed in an article, write the value out",
                        code="NC008",
                        line=self.document.front_matter_line + event.start_mark.line,  # type: ignore[union-attr]
                        column=event.start_mark.column + 1,  # type: ignore[union-attr]
                    )
                )


class _Refused(Exception):
    """The front matter uses a construct newscli will not walk (aliases, extreme nesting)."""


def _tag_message(tag: str) -> str:
    short = tag.replace(_YAML, "!!")
    return f"the tag {short} is not allowed in an article; write plain text, numbers and lists"
