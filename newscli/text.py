"""Article text made safe to show: cut short for messages, control characters made visible."""

from __future__ import annotations

import re

# C0 and C1 controls, DEL, and the Unicode format characters that reorder or hide text.
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]")


def visible(text: str, keep_newlines: bool = False) -> str:
    """``text`` with every control or bidi character replaced by its ``\\x..``/``\\u....`` escape."""
    if not keep_newlines:
        text = text.replace("\t", "\\t").replace("\n", "\\n")
    return _UNSAFE.sub(_escape, text)


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def quote(text: str, limit: int = 40) -> str:
    """Text quoted inside a message: cut short, with control characters made visible."""
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return f'"{visible(text)}"'
