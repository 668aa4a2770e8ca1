"""Rules about titles: no stray white space, no control characters."""

from __future__ import annotations

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
    yield from text_fields(document.fields, "title")
    for pointer, image in images(document.fields):
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
        stripped = title.strip()
        match = CONTROL.search(stripped)
        if match:
            yield Problem(
                f"`{label(pointer)}` contains the control character U+{ord(match.group()):04X}",
                pointer,
            )


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
