"""YAML syntax errors in plain words, placed where the problem started: an unclosed list or
quote is reported where it was opened, with the place the parser gave up as context."""

from __future__ import annotations

from typing import Any

import yaml

from newscli.document.yaml_tree import READER_OFFSETS_IN_BYTES

# What the parser says it was reading, as a person names it.
_OPENED = {
    "while parsing a flow sequence": ("the list `[`", "`,` or `]`"),
    "while parsing a flow mapping": ("the mapping `{`", "`,` or `}`"),
    "while scanning a quoted scalar": ("the quote", "its closing quote"),
    "while scanning a block scalar": ("the block of text", "its lines"),
}
_BLOCK = {
    "while parsing a block mapping": "the mapping that starts at {opened}",
    "while parsing a block collection": "the list that starts at {opened}",
}


def explain(error: yaml.YAMLError, yaml_text: str, offset: int) -> tuple[str, int, int]:
    """The message, line and column (1-based, in the file) of a YAML syntax error;
    ``offset`` is the file line of the YAML's first line."""
    problem: str = getattr(error, "problem", None) or ""
    context: str = getattr(error, "context", None) or ""
    opened: Any = getattr(error, "context_mark", None)
    found: Any = getattr(error, "problem_mark", None)

    def at(mark: Any) -> str:
        return f"{offset + mark.line}:{mark.column + 1}"

    def place(mark: Any) -> tuple[int, int]:
        return offset + mark.line, mark.column + 1

    if context in _OPENED and opened is not None and found is not None:
        what, expected = _OPENED[context]
        if "end of stream" in problem:
            return f"{what} opened at {at(opened)} is never closed", *place(opened)
        message = (
            f"{what} opened at {at(opened)} is never closed ({expected} expected at {at(found)})"
        )
        return message, *place(opened)
    if context in _BLOCK and opened is not None and found is not None:
        owner = _BLOCK[context].format(opened=at(opened))
        message = (
            f"this line does not continue {owner}: it is indented differently from the "
            "lines before it"
        )
        return message, *place(found)
    if "mapping values are not allowed" in problem and found is not None:
        message = (
            "a `: ` where no key can start; quote a value that holds `: `, or give the line "
            "above its `key:`"
        )
        return message, *place(found)
    if "cannot start any token" in problem and found is not None:
        character = yaml_text.splitlines()[found.line][found.column : found.column + 1]
        message = f"a value cannot start with `{character}`; quote the value"
        return message, *place(found)
    if found is not None:
        what = f"{context}, {problem}" if context and problem else problem or str(error)
        return what.splitlines()[0], *place(found)
    return _reader_error(error, yaml_text, offset)


def _reader_error(error: yaml.YAMLError, yaml_text: str, offset: int) -> tuple[str, int, int]:
    """A ReaderError knows only its offset: in bytes from libyaml, in characters otherwise."""
    position = getattr(error, "position", 0)
    if READER_OFFSETS_IN_BYTES:
        before = yaml_text.encode("utf-8")[:position].decode("utf-8", "ignore")
    else:
        before = yaml_text[:position]
    line = offset + before.count("\n")
    column = len(before) - (before.rfind("\n") + 1) + 1
    what = str(error).splitlines()[0]
    character = getattr(error, "character", None)
    if isinstance(character, int):
        character = chr(character)
    if isinstance(character, str):
        what = f"the character U+{ord(character):04X} is not allowed in YAML"
    return what, line, column
