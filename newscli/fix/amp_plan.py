"""The AMP repair plan of an article: cache URLs derived from ``ampUrl``, or AMP links dropped;
and its outcome, never written here."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from newscli.amp_cache_urls import origin_url
from newscli.document.edits import (
    Locator,
    apply_edits,
    encode,
    insert_after,
    remove_entry,
    replace_value,
)
from newscli.document.fields import each_article
from newscli.document.loader import parse_document, read_document
from newscli.document.model import Document
from newscli.document.pointers import label
from newscli.files.discovery import discover
from newscli.findings import Edit
from newscli.fix.fixing import Outcome, finish, has_load_errors
from newscli.rules.amp_cache import derive_cache_url
from newscli.settings import Settings
from newscli.urls import UrlError, url_problem


@dataclass(frozen=True, slots=True)
class Change:
    """One planned change to a value, as a person reads it, with the edit that makes it."""

    pointer: str
    line: int  # where a person finds it: the value, or the line a new key goes after
    old: str | None  # None: the key is added
    new: str | None  # None: the key is removed
    edit: Edit


@dataclass(slots=True)
class Plan:
    """The changes to make to one article, and what cannot be repaired automatically."""

    changes: list[Change] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def plan_repairs(document: Document, drop: bool = False) -> Plan:
    """For the article and each related story: fill in or correct ``cdnAmpUrl`` from
    ``ampUrl``, decode a ``sourceUrl`` that is an AMP Cache URL, or with ``drop`` remove
    ``ampUrl`` and ``cdnAmpUrl``."""
    plan, locator = Plan(), Locator(document)
    for prefix, story in each_article(document):
        _repair_source(document, locator, prefix, story, plan)
        if drop:
            for key in ("cdnAmpUrl", "ampUrl"):
                if key in story:
                    _remove(document, locator, f"{prefix}/{key}", story[key], plan)
            continue
        amp_url, written = story.get("ampUrl"), story.get("cdnAmpUrl")
        if amp_url is None:
            if written is not None:
                plan.notes.append(
                    f"`{label(prefix + '/cdnAmpUrl')}` has no `ampUrl` to derive it from; "
                    "add `ampUrl` or remove it"
                )
            continue
        expected = _expected(amp_url, prefix, plan)
        if expected is None or written == expected:
            continue
        pointer = f"{prefix}/cdnAmpUrl"
        if written is None:
            edit = insert_after(document, locator, f"{prefix}/ampUrl", "cdnAmpUrl", expected)
        else:
            edit = replace_value(document, locator, pointer, expected)
        _add(document, plan, pointer, written, expected, edit)
    return plan


def _expected(amp_url: object, prefix: str, plan: Plan) -> str | None:
    where = label(prefix + "/ampUrl")
    expected = derive_cache_url(amp_url)
    if expected is None:
        plan.notes.append(f"`{where}` is not a valid URL; its cache URL cannot be derived")
    elif isinstance(expected, UrlError):
        plan.notes.append(f"`{where}` {expected}")
        return None
    return expected


def _repair_source(
    document: Document, locator: Locator, prefix: str, story: dict[str, object], plan: Plan
) -> None:
    source = story.get("sourceUrl")
    origin = origin_url(source) if isinstance(source, str) else None
    if origin is not None and url_problem(origin) is None:
        pointer = f"{prefix}/sourceUrl"
        edit = replace_value(document, locator, pointer, origin)
        _add(document, plan, pointer, source, origin, edit)


def _remove(document: Document, locator: Locator, pointer: str, old: object, plan: Plan) -> None:
    _add(document, plan, pointer, old, None, remove_entry(document, locator, pointer))


def _add(
    document: Document, plan: Plan, pointer: str, old: object, new: str | None, edit: Edit | None
) -> None:
    if edit is None:
        plan.notes.append(
            f"`{label(pointer)}` cannot be changed in place (flow style, or a key that shares "
            "its line); edit it by hand"
        )
        return
    shown_old = old if isinstance(old, str) or old is None else str(old)
    if old is None:  # an added cdnAmpUrl goes after its ampUrl
        line = document.position(pointer.rpartition("/")[0] + "/ampUrl")[0] + 1
    else:
        line = document.position(pointer, at_key=True)[0]
    plan.changes.append(Change(pointer, line, shown_old, new, edit))


@dataclass(frozen=True, slots=True)
class Repair:
    """One file's repair: its plan, and the outcome of applying it."""

    document: Document
    plan: Plan
    outcome: Outcome


def repair(document: Document, settings: Settings, drop: bool = False) -> Repair:
    """Plan the AMP repairs of a loaded article and apply them to its text (not to disk)."""
    if has_load_errors(document):
        first = min(document.problems, key=lambda p: (p.line or 0, p.column or 0), default=None)
        note = "not changed: it has errors that `newscli lint` reports"
        if first is not None:
            note += f", first on line {first.line or 1}: {first.message}"
        note += "; fix those first"
        return Repair(document, Plan(notes=[note]), Outcome(document, [], None, 0))
    plan = plan_repairs(document, drop)
    if not plan.changes:
        return Repair(document, plan, Outcome(document, [], None, 0))
    text, skipped = apply_edits(document.text, [change.edit for change in plan.changes])
    if skipped:
        plan.notes.append("some changes overlap; run newscli amp again for the rest")
    changed = parse_document(document.path, encode(document, text), settings)
    if has_load_errors(changed):
        refused = "the change would break the YAML; nothing was written"
        outcome = Outcome(document, [], None, 0, refused)
    else:
        outcome = finish(document, changed, settings, len(plan.changes) - len(skipped))
    return Repair(document, plan, outcome)


def repair_files(
    paths: Iterable[Path], settings: Settings, drop: bool = False, nested: list[str] | None = None
) -> Iterator[tuple[Path, Repair]]:
    """The repair of each article among ``paths`` (of one project, as ``Projects.assign``
    chose them), in discovery order; nothing is written. ``nested`` is given the folders below
    them that are projects of their own."""
    found = discover(paths, settings.excluded, boundary=settings.is_other_project, nested=nested)
    for path in found:
        yield path, repair(read_document(path, settings), settings, drop)
