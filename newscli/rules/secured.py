"""Rules about the `secured` field: a ciphertext and its IV."""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Iterator

from newscli.document.model import Document
from newscli.findings import Problem, Severity
from newscli.rules.base import Example, Rule
from newscli.settings import Settings

_BASE64 = re.compile(r"[A-Za-z0-9+/]+={0,2}")


def secured_problem(text: str) -> str | None:
    parts = text.split(";")
    if len(parts) != 2:
        return "must be two base64 strings joined by ;"
    decoded = []
    for part in parts:
        if not _BASE64.fullmatch(part) or len(part) % 4:
            return "must be two padded, standard base64 strings joined by ;"
        try:
            decoded.append(base64.b64decode(part, validate=True))
        except binascii.Error:
            return "must be two padded, standard base64 strings joined by ;"
    if len(decoded[1]) != 16:
        return f"has an IV of {len(decoded[1])} bytes; expected 16"
    return None


def check_secured(document: Document, settings: Settings) -> Iterator[Problem]:
    value = document.fields.get("secured")
    if isinstance(value, str):
        problem = secured_problem(value)
        if problem:
            yield Problem(f"`secured` {problem}", "/secured")


INVALID_SECURED = Rule(
    "NC509",
    "invalid-secured",
    Severity.ERROR,
    "`secured` is not a base64 ciphertext and a 16-byte IV joined by `;`.",
    "The site decrypts `secured` with the IV after the `;`; a value cut short, re-wrapped or "
    "missing its padding cannot be decrypted and the protected content is lost to readers.",
    Example('secured: "vQYfveHbzBEyJLAw89CLstVsTwTX;8nwKofDtCVUEMNReDJTyig"\n'),
    Example('secured: "vQYfveHbzBEyJLAw89CLstVsTwTX;8nwKofDtCVUEMNReDJTyig=="\n'),
    check=check_secured,
)


COVERS = "`secured`: a base64 ciphertext and its IV"
RULES = [INVALID_SECURED]
