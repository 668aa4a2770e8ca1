"""The fix loop: apply the fixes that rules attach to findings, pass after pass, and judge the
result. It returns an outcome; writing it is the caller's choice."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from newscli.document.edits import apply_edits, encode
from newscli.document.loader import parse_document
from newscli.document.model import Document
from newscli.document.pointers import escape_token
from newscli.findings import Edit, Finding, Severity
from newscli.lint.check import check_document
from newscli.lint.results import Fixer
from newscli.rules import RULES, Rule
from newscli.rules.suppression import find_suppressions, is_hidden
from newscli.settings import Settings

MAX_PASSES = 8  # a fix can reveal another (a tracking parameter, then the cache URL it fed)


@dataclass(frozen=True, slots=True)
class Outcome:
    """What fixing one document gave: the final document and its findings, its new bytes,
    and how many fixes were applied."""

    document: Document
    findings: list[Finding]
    new_bytes: bytes | None  # None: nothing changed (or nothing may be written)
    applied: int
    refused: str | None = None  # why the file must not be written


def has_load_errors(document: Document) -> bool:
    """A document whose bytes or YAML are broken is never rewritten."""
    return document.data is None or bool(document.problems)


def _errors(findings: list[Finding]) -> int:
    return sum(1 for finding in findings if finding.severity is Severity.ERROR)


def _fixable(document: Document, findings: list[Finding], unsafe: bool) -> list[Finding]:
    suppressions, _ = find_suppressions(document, RULES)
    return [
        finding
        for finding in findings
        if finding.fix is not None
        and (finding.fix.safe or unsafe)
        and not is_hidden(finding, suppressions)
    ]


def fixer(unsafe: bool) -> Fixer:
    """The fixer lint's run takes: every safe fix, or every fix with ``unsafe``."""

    def fix(document: Document, settings: Settings, checks: list[Rule]) -> Outcome:
        return fix_document(document, settings, unsafe=unsafe, checks=checks)

    return fix


def fix_document(
    document: Document,
    settings: Settings,
    *,
    unsafe: bool = False,
    checks: list[Rule] | None = None,
) -> Outcome:
    """Apply every fix (safe ones, or all with ``unsafe``) until none is left. The document is
    checked once, then once after each pass that changed it."""
    findings = check_document(document, settings, checks)
    if has_load_errors(document):
        return Outcome(document, findings, None, 0)
    current, current_findings, applied = document, findings, 0
    for _ in range(MAX_PASSES):
        fixable = _fixable(current, current_findings, unsafe)
        if not fixable:
            break
        edits: list[Edit] = [edit for f in fixable if f.fix for edit in f.fix.edits]
        text, skipped = apply_edits(current.text, edits)
        if text == current.text:
            break  # a pass that changes nothing ends the loop
        done = [f for f in fixable if f.fix and not set(f.fix.edits) & set(skipped)]
        applied += len(done)
        fixed = parse_document(current.path, encode(current, text), settings)
        if has_load_errors(fixed):
            refused = "a fix would break the YAML; nothing was written"
            return Outcome(document, findings, None, 0, refused)
        repaired = {f.pointer for f in done if f.pointer}
        repaired.update(pointer for f in done if f.fix for pointer in f.fix.pointers)
        if not same_except(current.data, fixed.data, repaired):
            refused = "a fix would change other values than the one it repairs; nothing was written"
            return Outcome(document, findings, None, 0, refused)
        current, current_findings = fixed, check_document(fixed, settings, checks)
    return finish(document, current, settings, applied, findings, current_findings)


def same_except(before: Any, after: Any, repaired: set[str], pointer: str = "") -> bool:
    """Whether two loaded front matters hold the same keys and values, of the same types,
    except at the ``repaired`` pointers, which may also be gone (a fix proves it changed
    only what it repairs)."""
    if pointer in repaired:
        return True
    if type(before) is not type(after):
        return False
    if isinstance(before, dict):

        def kept(mapping: dict[Any, Any]) -> set[Any]:
            return {key for key in mapping if f"{pointer}/{escape_token(key)}" not in repaired}

        return kept(before) == kept(after) and all(
            same_except(value, after[key], repaired, f"{pointer}/{escape_token(key)}")
            for key, value in before.items()
            if key in after
        )
    if isinstance(before, list):
        return len(before) == len(after) and all(
            same_except(value, other, repaired, f"{pointer}/{index}")
            for index, (value, other) in enumerate(zip(before, after, strict=True))
        )
    return bool(before == after)


def finish(
    original: Document,
    changed: Document,
    settings: Settings,
    applied: int,
    before: list[Finding] | None = None,
    after: list[Finding] | None = None,
) -> Outcome:
    """The outcome of a rewrite, refused if the result lints worse than the original.
    ``before`` and ``after`` are the two documents' findings, when already known."""
    before = check_document(original, settings) if before is None else before
    if changed.text == original.text:
        return Outcome(original, before, None, 0)
    after = check_document(changed, settings) if after is None else after
    if _errors(after) > _errors(before):
        refused = "the rewritten file would lint worse; nothing was written"
        return Outcome(original, before, None, 0, refused)
    return Outcome(changed, after, encode(changed, changed.text), applied)
