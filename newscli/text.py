"""Article text made safe to show: cut short for messages, control characters made visible."""

from __future__ import annotations

import re
from collections.abc import Iterable

# C0 and C1 controls, DEL, line and paragraph separators, and the format characters that
# reorder or hide text (the Arabic letter mark, zero-width characters, bidi marks, embeddings,
# overrides and isolates, the BOM, and the tag characters that can spell hidden text).
# Lone surrogates stand for bytes of a file name that are not UTF-8.
CONTROL = re.compile(
    "[\x00-\x1f\x7f-\x9f\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff"
    "\ud800-\udfff\U000e0000-\U000e007f]"
)
_NAMED = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}


# What a GitHub Actions runner executes when it starts a line of a job's log: a workflow command
# (``::error ...``) or its old form (``##[error]``). Only the github format emits them.
_COMMAND = re.compile(r"\A([ \t]*)(:(?=:)|#(?=#\[))")


def visible(text: str) -> str:
    """``text`` with every control or bidi character replaced by a visible escape, and a
    leading ``::`` or ``##[`` escaped too, so that no value can start a workflow command."""
    return _COMMAND.sub(_escape_command, CONTROL.sub(_escape, text))


def _escape_command(match: re.Match[str]) -> str:
    return f"{match[1]}\\x{ord(match[2]):02x}"


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    if char in _NAMED:
        return _NAMED[char]
    code = ord(char)
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def closest(value: str, choices: Iterable[str], cutoff: float = 0.6) -> str | None:
    """The choice a typo most likely meant: the same word in other case, or a close spelling."""
    options = list(choices)
    same_word = {choice.lower(): choice for choice in options}.get(value.lower())
    import difflib  # only a misspelt name pays for it

    return same_word or next(iter(difflib.get_close_matches(value, options, 1, cutoff)), None)


def quote(text: str, limit: int = 40) -> str:
    """Text quoted inside a message: cut short, with control characters made visible."""
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return f'"{visible(text)}"'
