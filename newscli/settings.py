"""Resolved settings: what rules read, which rules run, where, and at what severity."""

from __future__ import annotations

import functools
import os
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from newscli.config_files import is_project
from newscli.findings import Severity
from newscli.globs import Globs
from newscli.schema_extension import SchemaExtension

DEFAULT_CATEGORIES = ("news", "blog", "research", "opinion", "video", "podcast", "press-release")
DEFAULT_TYPES = ("article", "video", "podcast", "paper")
DEFAULT_TRACKING_PARAMETERS = (
    "utm_*",
    "fbclid",
    "gclid",
    "dclid",
    "gbraid",
    "wbraid",
    "msclkid",
    "yclid",
    "mc_cid",
    "mc_eid",
    "igshid",
    "_ga",
    "_gl",
)
ALL_RULES = "NC"
# A repository of articles holds other Markdown too: its own documentation is never an article.
DEFAULT_EXCLUDE = (
    "README*",
    "CHANGELOG*",
    "CHANGES*",
    "HISTORY*",
    "LICEN[CS]E*",
    "COPYING*",
    "AUTHORS*",
    "CONTRIBUTING*",
    "CODE_OF_CONDUCT*",
    "SECURITY*",
    "SUPPORT*",
    "docs",
)
# Settings no rule reads: time-dependent findings expire on their own (FileResult.expires),
# the gravity only ranks stories, the docs URL only links them, and the rest are the web
# commands' and the feed's. A change to these keeps the lint results cache.
LINT_INDEPENDENT = (
    "now",
    "gravity",
    "docs_url",
    "timezone",
    "connect_to",
    "ca_file",
    "allow_private_addresses",
    "feed",
)


@dataclass(frozen=True)
class Settings:
    """Everything a run depends on besides the articles themselves."""

    categories: tuple[str, ...] = DEFAULT_CATEGORIES
    types: tuple[str, ...] = DEFAULT_TYPES
    topics: tuple[str, ...] = ()  # empty: any topic is accepted
    tracking_parameters: tuple[str, ...] = DEFAULT_TRACKING_PARAMETERS
    future_tolerance: timedelta = timedelta(0)
    max_file_size: int = 10 * 1024 * 1024
    max_depth: int = 64
    max_values: int = 200_000
    static_folder: Path | None = None
    extend_schema: SchemaExtension | None = None  # the site's own keys and tighter rules
    gravity: float = 1.8  # how fast a story loses rank as it ages, in `newscli top`
    docs_url: str = "docs/rules.md"  # where each rule's page is: a URL, or the repository's file
    timezone: str | None = None  # for `newscli add`: a page's time without an offset
    connect_to: tuple[str, ...] = ()  # for the web commands: curl's --connect-to
    ca_file: Path | None = None  # for the web commands: an authority trusted as well
    allow_private_addresses: bool = False  # for the web commands: see newscli.web.routes.Reach
    feed: Mapping[str, str] = field(default_factory=dict)  # for `newscli feed`: its title ...
    select: tuple[str, ...] = (ALL_RULES,)
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    severity: Mapping[str, Severity] = field(default_factory=dict)
    per_file_ignores: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    roots: tuple[Path, ...] = (Path("."),)
    exclude: tuple[str, ...] = DEFAULT_EXCLUDE
    extend_exclude: tuple[str, ...] = ()
    base: Path = Path(".")  # the project root: the configuration's folder; globs are relative to it
    project_boundaries: bool = True  # a walk stops at a folder configured on its own
    now: datetime = field(default_factory=lambda: datetime.now(UTC))

    def is_enabled(self, code: str) -> bool:
        """Whether a rule runs: the longest matching prefix decides, and ignore wins a tie."""
        return _enabled(code, self.select + self.extend_select, self.ignore)

    def is_chosen(self, code: str) -> bool:
        """Whether a rule runs because it was asked for by name: a selected prefix longer than
        ``NC`` matches it, and nothing ignores it more precisely (for the opt-in rules)."""
        named = tuple(p for p in self.select + self.extend_select if p != ALL_RULES)
        return _enabled(code, named, self.ignore)

    def severity_of(self, code: str, default: Severity) -> Severity:
        """The configured severity of a rule (the longest matching prefix), or its default."""
        matches = [prefix for prefix in self.severity if code.startswith(prefix)]
        return self.severity[max(matches, key=len)] if matches else default

    def ignored_in_file(self, path: str, code: str) -> bool:
        """Whether ``per-file-ignores`` switch ``code`` off for the file at ``path``."""
        return any(
            code.startswith(prefix)
            for globs, prefixes in self._per_file_globs
            if globs.match(path)
            for prefix in prefixes
        )

    def is_excluded(self, path: str) -> bool:
        return self.excluded.match(path)

    @functools.cached_property
    def excluded(self) -> Globs:
        """The ``exclude`` and ``extend-exclude`` globs, compiled once."""
        return Globs(self.exclude + self.extend_exclude, self.base)

    @functools.cached_property
    def _per_file_globs(self) -> list[tuple[Globs, tuple[str, ...]]]:
        return [
            (Globs((pattern,), self.base), codes)
            for pattern, codes in self.per_file_ignores.items()
        ]

    def is_other_project(self, folder: str, names: Collection[str]) -> bool:
        """Whether a folder that a walk meets (with these entries) is a project of its own,
        which this project's walks leave to it."""
        return (
            self.project_boundaries and folder != self._project_root and is_project(folder, names)
        )

    @functools.cached_property
    def _project_root(self) -> str:
        return os.path.abspath(self.base)

    def within_roots(self, path: str | Path) -> bool:
        """Whether ``path`` lies in a content root (as written, or where the root's own links
        lead): files outside them are not articles."""
        absolute = os.path.abspath(path)
        return any(
            absolute == folder or absolute.startswith(folder.rstrip(os.sep) + os.sep)
            for folder in self._root_folders
        )

    @functools.cached_property
    def _root_folders(self) -> tuple[str, ...]:
        written = [os.path.abspath(root) for root in self.roots]
        return tuple(dict.fromkeys([*written, *map(os.path.realpath, written)]))


@functools.lru_cache(maxsize=1024)
def _enabled(code: str, selected: tuple[str, ...], ignored: tuple[str, ...]) -> bool:
    best_select = max((len(p) for p in selected if code.startswith(p)), default=-1)
    best_ignore = max((len(p) for p in ignored if code.startswith(p)), default=-1)
    return best_select > best_ignore
