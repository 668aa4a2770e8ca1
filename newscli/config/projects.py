"""Projects: which configuration governs a path, and so its settings, its project root and the
collection it is compared with, whatever folder newscli runs in.

A path's project is the folder of the nearest configuration file at or above it, as for ruff.
With none above it, the project is the git work tree that holds it, or else the folder named
(a file's own folder; of several folders named, the outermost). Every command and the language
server ask this module, so that they cannot disagree about a file.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from newscli.config.resolution import Resolved, resolve
from newscli.config_files import config_in
from newscli.files.discovery import PSEUDO_FILE_SYSTEMS, display_path
from newscli.settings import Settings


@dataclass(frozen=True, slots=True, eq=False)  # one per root: compared and hashed as itself
class Project:
    """A project root and the settings its files are judged by."""

    root: Path
    resolved: Resolved

    @property
    def settings(self) -> Settings:
        return self.resolved.settings


@dataclass(frozen=True, slots=True)
class Skipped:
    """A path the user named that is not checked, and why, in words for a warning."""

    path: str
    reason: str


@dataclass(slots=True)
class Assignment:
    """The paths to look at, project by project in the order first met, and the named paths
    left out."""

    groups: dict[Project, list[Path]] = field(default_factory=dict)
    skipped: list[Skipped] = field(default_factory=list)

    def add(self, project: Project, path: Path) -> None:
        self.groups.setdefault(project, []).append(path)


class Projects:
    """Finds each path's project, reading each configuration file and asking each folder once.

    ``config`` names one file for every path (its folder is the root of them all); ``isolated``
    reads none, so every path is judged by the defaults. ``overrides`` (the command line's
    settings) apply to every project, their paths relative to ``cwd``."""

    def __init__(
        self,
        cwd: Path | None = None,
        config: Path | None = None,
        isolated: bool = False,
        overrides: dict[str, Any] | None = None,
    ) -> None:
        self.cwd = Path(os.path.abspath(cwd or Path.cwd()))
        self.config = Path(os.path.abspath(config)) if config is not None else None
        self.isolated = isolated
        self.overrides = overrides
        self._configs: dict[str, str | None] = {}  # folder: the configuration file above it
        self._work_trees: dict[str, str | None] = {}  # folder: the git work tree holding it
        self._projects: dict[tuple[str, str], Project] = {}

    def current(self) -> Project:
        """The project of the folder newscli runs in: the one a command without paths uses."""
        return self._project(self._anchor(str(self.cwd), implicit=str(self.cwd)))

    def of(self, path: Path | str) -> Project:
        """The project of one path. Raises ConfigError when its configuration is unusable."""
        absolute = os.path.abspath(path)
        return self._project(self._anchor(absolute, implicit=_folder_of(absolute)))

    def assign(
        self, paths: Iterable[Path], *, named: bool = True, into: Assignment | None = None
    ) -> Assignment:
        """Each path with its project, and the content that project checks: a file outside
        its project's content roots, or excluded, is left out (a named folder is narrowed to
        the content roots within it). ``named``: the user typed the paths, so each one left
        out is said (paths found for the user, such as ``--since``'s, are dropped quietly).
        A path that does not exist is kept, so that reading it reports the problem."""
        assignment = Assignment() if into is None else into
        paths = list(paths)
        anchors = [self._anchor(os.path.abspath(p), _folder_of(os.path.abspath(p))) for p in paths]
        # Of several folders named, the outermost is the project (each folder asked once).
        implicit = sorted({anchor for kind, anchor in anchors if kind == _IMPLICIT}, key=len)
        outermost = {
            folder: next(outer for outer in implicit if _inside(folder, outer))
            for folder in implicit
        }
        for path, (kind, anchor) in zip(paths, anchors, strict=True):
            if kind == _IMPLICIT:
                anchor = outermost[anchor]
            project = self._project((kind, anchor))
            reason = _left_out(path, assignment, project)
            if reason is not None and named:
                assignment.skipped.append(Skipped(display_path(path), reason))
        return assignment

    def _anchor(self, absolute: str, implicit: str) -> tuple[str, str]:
        """What decides the project of ``absolute``: a configuration file, a git work tree,
        or (with neither) the folder ``implicit``."""
        if self.config is not None:
            return _CONFIG, str(self.config)
        start = _existing_folder(absolute)
        if not self.isolated:
            config = self._above(start, self._configs, config_in)
            if config is not None:
                return _CONFIG, config
        work_tree = self._above(start, self._work_trees, _work_tree_of)
        return (_GIT, work_tree) if work_tree is not None else (_IMPLICIT, implicit)

    @staticmethod
    def _above(
        folder: str, known: dict[str, str | None], marker: Callable[[str], str | None]
    ) -> str | None:
        """The nearest ``marker`` of ``folder`` or a folder above it; each folder climbed is
        remembered in ``known``, so that many files of one project ask the disk once."""
        climbed = []
        found: str | None = None
        while True:
            if folder in known:
                found = known[folder]
                break
            climbed.append(folder)
            found = marker(folder)
            parent = os.path.dirname(folder)
            if found is not None or parent == folder:
                break
            folder = parent
        for each in climbed:
            known[each] = found
        return found

    def _project(self, anchor: tuple[str, str]) -> Project:
        known = self._projects.get(anchor)
        if known is not None:
            return known
        kind, where = anchor
        config = Path(where) if kind == _CONFIG else None
        root = Path(os.path.dirname(where)) if config is not None else Path(where)
        resolved = resolve(
            root,
            config,
            self.overrides,
            cwd=self.cwd,
            boundaries=self.config is None and not self.isolated,
        )
        project = self._projects[anchor] = Project(root, resolved)
        return project


_CONFIG, _GIT, _IMPLICIT = "configuration", "git", "folder"


def _left_out(path: Path, assignment: Assignment, project: Project) -> str | None:
    """Add what ``path`` contributes to ``assignment``; or say why it contributes nothing."""
    settings = project.settings
    text = os.fspath(path)
    absolute = os.path.abspath(text)
    if not os.path.lexists(text):
        assignment.add(project, path)
        return None
    pseudo = next((name for name in PSEUDO_FILE_SYSTEMS if _inside(absolute, name)), None)
    if pseudo is not None:
        return f"is in {pseudo}, which holds no files to read: not checked"
    if settings.is_excluded(text):
        return "is excluded by the exclude settings: not checked"
    if settings.within_roots(text):
        assignment.add(project, path)
        return None
    roots = [root for root in settings.roots if _inside(os.path.abspath(root), absolute)]
    if roots and os.path.isdir(text):
        for root in roots:
            assignment.add(project, root)
        return None
    shown = ", ".join(display_path(root) for root in settings.roots)
    return f"is outside the content roots ({shown}): not checked"


def _inside(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


def _folder_of(absolute: str) -> str:
    """The folder a path names: itself, or a file's own folder (a path that does not exist
    is taken for a file)."""
    return absolute if os.path.isdir(absolute) else os.path.dirname(absolute)


def _existing_folder(absolute: str) -> str:
    folder = _folder_of(absolute)
    while not os.path.isdir(folder) and os.path.dirname(folder) != folder:
        folder = os.path.dirname(folder)
    return folder


def _work_tree_of(folder: str) -> str | None:
    """``folder`` if it is the top of a git work tree (it holds ``.git``)."""
    return folder if os.path.lexists(os.path.join(folder, ".git")) else None
