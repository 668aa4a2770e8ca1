"""Unified diffs of rewritten articles, safe to print."""

from __future__ import annotations

import difflib

from newscli.text import visible


def unified_diff(path: str, before: str, after: str) -> str:
    """A unified diff of two texts, safe to print: control characters are made visible."""
    lines = difflib.unified_diff(
        before.splitlines(keepends=True), after.splitlines(keepends=True), path, path
    )
    return "".join(visible(line.rstrip("\r\n")) + "\n" for line in lines)
