"""Rules about titles: no stray white space, no control characters."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator

from newscli.document.edits import value_fix
from newscli.document.fields import images, text_fields
from newscli.document.model import Document
from newscli.document.pointers import label
from newscli.findings import Problem, Severity
from newscli.rules.base import Example, Rule
from newscli.settings import Settings
from newscli.text import CONTROL


def _titles(document: Document) -> Iterator[tuple[str, str]]:
    yield from text_fields(document, "title")
    for pointer, image in images(document):
        title = image.get("title")
        if isinstance(title, str):
            yield f"{pointer}/title", title


def check_title_whitespace(document: Document, settings: Settings) -> Iterator[Problem]:
    for pointer, title in _titles(document):
        if title and title != title.strip():
            yield Problem(
                f"`{label(pointer)}` has white space at its start or end",
                pointer,
                fix=value_fix(document, pointer, title.strip()),
            )


TITLE_WHITESPACE = Rule(
    "NC505",
    "title-whitespace",
    Severity.ERROR,
    "A title starts or ends with white space.",
    "Stray spaces or line breaks around a title come from copy and paste; they break "
    "alignment in lists and make two copies of one story look different.",
    Example('title: " Markets rally "\n'),
    Example('title: "Markets rally"\n'),
    check=check_title_whitespace,
    fix="strip the white space",
)


def check_title_controls(document: Document, settings: Settings) -> Iterator[Problem]:
    for pointer, title in _titles(document):
        found = list(dict.fromkeys(CONTROL.findall(title.strip())))
        if found:
            kinds = ", ".join(_kind(char) for char in found[:5])
            more = f" and {len(found) - 5} more" if len(found) > 5 else ""
            line, column = _place(document, pointer, found[0])
            yield Problem(
                f"`{label(pointer)}` contains {kinds}{more}; remove them",
                pointer,
                line=line,
                column=column,
            )


def _kind(char: str) -> str:
    code = f"U+{ord(char):04X}"
    name = unicodedata.name(char, "")
    return f"{code} ({name.lower()})" if name else f"{code} (a control character)"


def _place(document: Document, pointer: str, char: str) -> tuple[int, int]:
    """Where ``char`` is written in the value at ``pointer``: the character itself, or the
    escape that stands for it in a double-quoted value; else the value's start."""
    line, column = document.position(pointer)
    node = document.node(pointer)
    if node is None or node.start_mark.line != node.end_mark.line:
        return line, column
    source = document.source_line(line)[column - 1 : node.end_mark.column]
    code = ord(char)
    hexadecimal = [f"\\x{code:02x}", f"\\u{code:04x}", f"\\u{code:08x}"]  # either case
    named = [char, *(f"\\{letter}" for letter, value in _NAMED_ESCAPES.items() if value == char)]
    at = [source.lower().find(spelling) for spelling in hexadecimal]
    at += [source.find(spelling) for spelling in named]
    found = [index for index in at if index >= 0]
    return (line, column + min(found)) if found else (line, column)


# The one-letter escapes of YAML's double-quoted style that stand for invisible characters.
_NAMED_ESCAPES = {
    "0": "\x00",
    "a": "\x07",
    "b": "\x08",
    "t": "\t",
    "n": "\n",
    "v": "\x0b",
    "f": "\x0c",
    "r": "\r",
    "e": "\x1b",
    "N": "\x85",
    "L": "\u2028",
    "P": "\u2029",
}


CONTROL_CHARACTER = Rule(
    "NC506",
    "control-character",
    Severity.ERROR,
    "A title contains a control or invisible formatting character.",
    "Control characters (escape, line breaks inside the text, bidi overrides, zero-width "
    "spaces) are invisible in an editor but can reorder or hide text on the page and in a "
    "terminal. They usually arrive by pasting from the web.",
    Example('title: "Markets\\u202e rally"\n'),
    Example('title: "Markets rally"\n'),
    check=check_title_controls,
)


COVERS = "titles: no stray white space, no control characters"
RULES = [TITLE_WHITESPACE, CONTROL_CHARACTER]
