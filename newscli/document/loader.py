"""Loading an article file into a Document: decoding, the front matter block, the YAML.

Loading never raises for bad input: each problem with the bytes, the front matter block or the
YAML becomes a ``Problem`` carried on the document, so one broken file never stops the others.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml
from yaml.nodes import MappingNode, Node, SequenceNode

from newscli.document.issues import LoadIssue
from newscli.document.model import Document, split_lines
from newscli.document.yaml_errors import explain
from newscli.document.yaml_tree import Converter, SafeLoader
from newscli.files.discovery import display_path
from newscli.files.reading import Unreadable, read_file
from newscli.findings import Problem
from newscli.settings import Settings

# An article nests four levels deep and holds a few dozen values; far more is broken or hostile
# (nested YAML costs memory per value, and deep nesting breaks recursive tools).
MAX_DEPTH = 64
MAX_VALUES = 200_000
_DELIMITER = re.compile(r"---[ \t]*")
_LEADING_BLANKS = re.compile(r"[ \t]*")
_VALUE_EVENTS = (yaml.ScalarEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent, yaml.AliasEvent)


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
    yaml_text = "\n".join(lines[first:last]) + "\n"
    if "\t" in yaml_text:  # one search; the lines are walked only when a tab is there
        _check_indentation(lines, first, last, document)
    if _too_many_values(yaml_text, limits.max_values):
        message = (
            f"the front matter holds more than {limits.max_values:,} values; an article holds "
            "a few dozen (the limit is the max-values setting)"
        )
        document.problems.append(
            Problem(message, kind=LoadIssue.TOO_MANY_VALUES, line=first + 1, column=1)
        )
        return document
    try:
        root = yaml.compose(yaml_text, Loader=SafeLoader)
    except yaml.YAMLError as error:
        if not any(p.kind == LoadIssue.TAB_INDENTATION for p in document.problems):
            document.problems.append(_syntax_problem(error, yaml_text, document.front_matter_line))
        return document
    except RecursionError:
        document.problems.append(
            Problem(
                "the front matter is nested too deeply to load",
                kind=LoadIssue.TOO_DEEP,
                line=first + 1,
            )
        )
        return document
    if not isinstance(root, MappingNode):
        document.problems.append(_not_a_mapping(root, first))
        return document
    Converter(document, yaml_text, limits.max_depth).run(root)
    return document


def _too_many_values(yaml_text: str, limit: int) -> bool:
    """Whether the YAML holds more than ``limit`` values, counted from the event stream, which
    needs no memory per value; only texts long enough to hold that many are counted."""
    if len(yaml_text) <= 2 * limit:  # every value takes at least two characters
        return False
    count = 0
    try:
        for event in yaml.parse(yaml_text, Loader=SafeLoader):
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
        what = "UTF-8"
        if raw[:4] in (b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff"):  # before UTF-16: same start
            what = "UTF-32"
        elif raw[:2] in (b"\xff\xfe", b"\xfe\xff"):
            what = "UTF-16"
        message = f"byte 0x{raw[error.start]:02x} is not valid UTF-8; save the file as UTF-8"
        if what != "UTF-8":
            message = f"the file is {what}; save it as UTF-8"
        return "", Problem(message, kind=LoadIssue.NOT_UTF8, line=line, column=column)


def _front_matter_block(lines: list[str], problems: list[Problem]) -> tuple[int, int] | None:
    """The 0-based [first, last) line range inside the --- lines, or None with a problem."""
    head = lines[0] if lines else ""
    if not _DELIMITER.fullmatch(head):
        problems.append(
            Problem(_missing_front_matter(lines), kind=LoadIssue.NO_FRONT_MATTER, line=1, column=1)
        )
        return None
    for index in range(1, len(lines)):
        line = lines[index]
        if line.startswith("---") and _DELIMITER.fullmatch(line):
            return 1, index
    problems.append(
        Problem(
            "the front matter opened on line 1 is never closed; add a --- line after it",
            kind=LoadIssue.UNTERMINATED,
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
                    kind=LoadIssue.TAB_INDENTATION,
                    line=index + 1,
                    column=column,
                )
            )


def _syntax_problem(error: yaml.YAMLError, yaml_text: str, offset: int) -> Problem:
    message, line, column = explain(error, yaml_text, offset)
    return Problem(
        f"the YAML does not parse: {message}", kind=LoadIssue.YAML_SYNTAX, line=line, column=column
    )


def _not_a_mapping(root: Node | None, first: int) -> Problem:
    if root is None:
        return Problem(
            "the front matter is empty; expected key: value pairs",
            kind=LoadIssue.NOT_A_MAPPING,
            line=first + 1,
            column=1,
        )
    kind = "a list" if isinstance(root, SequenceNode) else "a single value"
    return Problem(
        f"the front matter is {kind}; expected key: value pairs",
        kind=LoadIssue.NOT_A_MAPPING,
        line=first + 1 + root.start_mark.line,
        column=root.start_mark.column + 1,
    )


def read_document(path: str | Path, settings: Settings, display: str | None = None) -> Document:
    """Read and load one file; whatever goes wrong becomes a problem on the document."""
    display = display or display_path(path)
    raw = read_file(path, settings.max_file_size)
    if isinstance(raw, Unreadable):
        return unreadable(display, raw.reason)
    document = parse_document(display, raw.data, settings)
    document.stamp = raw.stamp
    return document


def parse_document(display: str, raw: bytes, settings: Settings | None = None) -> Document:
    """Load bytes read elsewhere (standard input, a rewritten text) as the file ``display``."""
    limits = Limits(settings.max_depth, settings.max_values) if settings else Limits()
    try:
        return load_document(display, raw, limits)
    except Exception as error:  # the one place where a loader failure becomes a finding
        return unreadable(display, f"the file could not be loaded ({type(error).__name__})")


def unreadable(display: str, message: str) -> Document:
    """A document for a file that could not be read or loaded at all."""
    problem = Problem(message, kind=LoadIssue.UNREADABLE, line=1, column=1)
    return Document(display, [], problems=[problem])
