"""JSON pointers (RFC 6901) to values in an article, and how to name them for a person."""

from __future__ import annotations


def escape_token(token: str) -> str:
    if "~" not in token and "/" not in token:  # nearly every key: skip the two copies
        return token
    return token.replace("~", "~0").replace("/", "~1")


def label(pointer: str) -> str:
    """A pointer as a person reads it: ``/related/0/provider/name`` is ``related[0].provider.name``.

    Tokens are unescaped (``~1`` is ``/``, ``~0`` is ``~``) and indexes shown in brackets.
    """
    text = ""
    for token in pointer.split("/")[1:]:
        token = token.replace("~1", "/").replace("~0", "~")
        text += f"[{token}]" if token.isdigit() else f".{token}" if text else token
    return text or "the front matter"
