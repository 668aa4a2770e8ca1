"""Applying the fixes that rules attach to findings, pass after pass, and checking the result."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path

from newscli.document import Document
from newscli.findings import Edit, Finding, Severity
from newscli.linter import check_document, parse_document
from newscli.rewrite import RewriteError, apply_edits, encode, write_atomically
from newscli.settings import Settings
from newscli.suppressions import apply_suppressions, find_suppressions
from newscli.text import visible

MAX_PASSES = 8  # a fix can reveal another (a tracking parameter, then the cache URL it fed)


@dataclass(frozen=True, slots=True)
class Outcome:
    """What fixing one document gave: the final document, its new bytes, how many fixes."""

    document: Document
    new_bytes: bytes | None  # None: nothing changed (or nothing may be written)
    applied: int
    refused: str | None = None  # why the file must not be written


def has_load_errors(document: Document) -> bool:
    """A document whose bytes or YAML are broken is never rewritten."""
    return document.data is None or bool(document.problems)


def _errors(document: Document, settings: Settings) -> int:
    return sum(1 for f in check_document(document, settings) if f.severity is Severity.ERROR)


def _fixable(document: Document, settings: Settings, unsafe: bool) -> list[Finding]:
    findings = check_document(document, settings)
    suppressions, _ = find_suppressions(document)
    kept, _ = apply_suppressions(findings, suppressions, settings, document.path)
    return [f for f in kept if f.fix is not None and (f.fix.safe or unsafe)]


def fix_document(document: Document, settings: Settings, unsafe: bool = False) -> Outcome:
    """Apply every fix (safe ones, or all with ``unsafe``) until none is left."""
    if has_load_errors(document):
        return Outcome(document, None, 0)
    current, applied = document, 0
    for _ in range(MAX_PASSES):
        fixable = _fixable(current, settings, unsafe)
        if not fixable:
            break
        edits: list[Edit] = [edit for f in fixable if f.fix for edit in f.fix.edits]
        text, skipped = apply_edits(current.text, edits)
        applied += sum(1 for f in fixable if f.fix and not set(f.fix.edits) & set(skipped))
        fixed = parse_document(current.path, encode(current, text), settings)
        if has_load_errors(fixed):
            return Outcome(document, None, 0, "a fix would break the YAML; nothing was written")
        current = fixed
    return finish(document, current, settings, applied)


def finish(original: Document, changed: Document, settings: Settings, applied: int) -> Outcome:
    """The outcome of a rewrite, refused if the result lints worse than the original."""
    if changed.text == original.text:
        return Outcome(original, None, 0)
    if _errors(changed, settings) > _errors(original, settings):
        return Outcome(
            original, None, 0, "the rewritten file would lint worse; nothing was written"
        )
    return Outcome(changed, encode(changed, changed.text), applied)


def unified_diff(path: str, before: str, after: str) -> str:
    """A unified diff of two texts, safe to print: control characters are made visible."""
    lines = difflib.unified_diff(
        before.splitlines(keepends=True), after.splitlines(keepends=True), path, path
    )
    return "".join(visible(line.rstrip("\r\n")) + "\n" for line in lines)


class Fixer:
    """Fixes each document a lint run reads, then writes the result or keeps its diff."""

    def __init__(self, settings: Settings, write: bool, unsafe: bool) -> None:
        self.settings, self.write, self.unsafe = settings, write, unsafe
        self.fixed = 0
        self.files: list[str] = []  # the files changed (or that would be, without write)
        self.diffs: list[str] = []
        self.failures: list[str] = []

    def __call__(self, path: Path | None, document: Document) -> Document:
        outcome = fix_document(document, self.settings, self.unsafe)
        if outcome.refused:
            self.failures.append(f"{visible(document.path)}: {outcome.refused}")
        if outcome.new_bytes is None:
            return document
        if not self.write:
            self.diffs.append(unified_diff(document.path, document.text, outcome.document.text))
        elif path is None:
            return document  # text from standard input has nowhere to be written back
        else:
            try:
                write_atomically(path, outcome.new_bytes, document.path)
            except RewriteError as error:
                self.failures.append(visible(str(error)))
                return document
        self.fixed += outcome.applied
        self.files.append(document.path)
        return outcome.document
