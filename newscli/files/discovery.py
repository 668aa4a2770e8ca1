"""Finding the article files named on the command line or below a content root."""

from __future__ import annotations

import os
from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol


class Excluded(Protocol):
    """What to skip: a path named on the command line, or an entry met while walking (its
    folders were already asked about, so its own name may be all that is left to match)."""

    def match(self, path: str) -> bool: ...

    def match_entry(self, path: str, name: str) -> bool: ...


class _Nothing:
    def match(self, path: str) -> bool:
        return False

    def match_entry(self, path: str, name: str) -> bool:
        return False


NOTHING = _Nothing()

ARTICLE_SUFFIXES = (".md", ".markdown")
SKIPPED_DIRECTORIES = {"node_modules", "__pycache__"}
# The kernel's views of processes and devices: never articles, and endless to walk.
PSEUDO_FILE_SYSTEMS = ("/proc", "/sys", "/dev")


# A file or folder that could not be walked or must not be read, and why: each is reported.
Unwalkable = list[tuple[str, str]]
Within = Callable[[str], bool]
# Whether a folder, with these entries, is another project's: a walk leaves it alone.
Boundary = Callable[[str, Collection[str]], bool]


def discover(
    paths: Iterable[Path],
    excluded: Excluded = NOTHING,
    problems: Unwalkable | None = None,
    within: Within | None = None,
    boundary: Boundary | None = None,
    nested: list[str] | None = None,
) -> list[Path]:
    """Article files among ``paths``: files as given, directories searched recursively.

    Hidden directories and node_modules are skipped, symlinked directories are followed once
    (a symlink loop ends there), and the order is sorted, so two runs always agree. Excluded
    paths are skipped even when named directly, so a pre-commit hook honours the exclusions.
    A path that does not exist is kept, so that reading it reports the problem. With
    ``within``, a symbolic link whose target it refuses is not followed. Folders that cannot
    be read and links refused go to ``problems``. With ``boundary``, a folder it calls another
    project's is not entered, and is given to ``nested``.
    """
    found = discover_names(paths, excluded, problems, within, boundary=boundary, nested=nested)
    return [Path(path) for path in found]


def discover_names(
    paths: Iterable[Path | str],
    excluded: Excluded = NOTHING,
    problems: Unwalkable | None = None,
    within: Within | None = None,
    folders: Folders | None = None,
    boundary: Boundary | None = None,
    nested: list[str] | None = None,
) -> list[str]:
    """``discover`` as plain strings: the collection is walked on every run, and building a
    Path for each of its files would cost more than the walk. ``folders`` is given each
    folder walked, with its mtime; ``nested``, each folder left to its own project."""
    found: dict[str, None] = {}
    walk = Walk(excluded, [] if problems is None else problems, within, folders, boundary, nested)
    for path in paths:
        name = os.fspath(path)
        if excluded.match(name):
            continue
        if within is not None and os.path.islink(name) and not within(os.path.realpath(name)):
            walk.problems.append((name, _OUTSIDE))
        elif os.path.isdir(name):
            # Walked from an absolute folder, every file found is absolute and normalised,
            # which spares ``locate`` the work for each of them.
            for file in walk.files(os.path.abspath(name)):
                found.setdefault(file)
        else:
            found.setdefault(name)
    return list(found)


_OUTSIDE = "is a symbolic link that leaves the content roots; it is not read"
Folders = dict[str, int]  # folder: its mtime in nanoseconds


@dataclass
class Walk:
    """How folders are walked: what is skipped, where problems go, and the folders seen."""

    excluded: Excluded = NOTHING
    problems: Unwalkable = field(default_factory=list)
    within: Within | None = None
    folders: Folders | None = None
    boundary: Boundary | None = None
    nested: list[str] | None = None  # the folders left to their own projects
    visited: set[tuple[int, int]] = field(default_factory=set)  # (device, inode) of each

    def files(self, top: str) -> Iterator[str]:
        """The article files under ``top``, depth first in name order, with a stack of its
        own rather than recursion, so that no depth of folders can stop the run."""
        stack: list[Iterator[os.DirEntry[str]]] = []
        folder: str | None = top
        while True:
            if folder is not None:
                entries = self._entries(folder)
                if entries is not None:
                    stack.append(iter(entries))
                folder = None
            if not stack:
                return
            entry = next(stack[-1], None)
            if entry is None:
                stack.pop()
                continue
            kind = self._kind(entry)
            if kind is _FOLDER:
                folder = entry.path
            elif kind is _FILE:
                yield entry.path

    def listing(self, folder: str) -> tuple[list[str], list[str]] | None:
        """The article files and the folders to walk directly in ``folder``, or None when it
        cannot be read or is not this walk's to read; ``folder`` itself is not marked
        visited."""
        try:
            with os.scandir(folder) as scan:
                entries = sorted(scan, key=lambda entry: entry.name)
        except OSError:
            return None
        if self._leaves(folder, entries):
            return None
        files, folders = [], []
        for entry in entries:
            kind = self._kind(entry)
            if kind is _FILE:
                files.append(entry.path)
            elif kind is _FOLDER:
                folders.append(entry.path)
        return files, folders

    def _kind(self, entry: os.DirEntry[str]) -> object:
        name = entry.name
        if name.startswith(".") or name in SKIPPED_DIRECTORIES:
            return None
        try:
            is_dir = entry.is_dir()
        except OSError:
            return None
        if not is_dir and not name.endswith(ARTICLE_SUFFIXES):
            return None
        if self.excluded.match_entry(entry.path, name):
            return None
        within = self.within
        if within is not None and entry.is_symlink() and not within(os.path.realpath(entry.path)):
            self.problems.append((entry.path, _OUTSIDE))
            return None
        return _FOLDER if is_dir else _FILE

    def _entries(self, folder: str) -> list[os.DirEntry[str]] | None:
        if folder in PSEUDO_FILE_SYSTEMS:
            return None
        try:
            info = os.stat(folder)
            key = (info.st_dev, info.st_ino)
            if key in self.visited:
                return None
            self.visited.add(key)
            with os.scandir(folder) as scan:
                entries = sorted(scan, key=lambda entry: entry.name)
        except OSError as error:
            self.problems.append((folder, f"the folder cannot be read: {error.strerror or error}"))
            return None
        if self._leaves(folder, entries):
            return None
        if self.folders is not None:
            self.folders[folder] = info.st_mtime_ns
        return entries

    def _leaves(self, folder: str, entries: list[os.DirEntry[str]]) -> bool:
        """Whether ``folder`` is another project's, which this walk does not enter: told by
        the names already listed, so that a walk asks the disk nothing more for it."""
        if self.boundary is None or not self.boundary(folder, {entry.name for entry in entries}):
            return False
        if self.nested is not None:
            self.nested.append(folder)
        return True


_FILE, _FOLDER = object(), object()


def locate(paths: Iterable[Path | str]) -> list[tuple[str, str]]:
    """(absolute path, path as the user should see it) of each path: relative to the current
    directory when inside it. Plain string work, with one getcwd for the lot: this runs once
    per file, and pathlib would cost more than the rest of a cached run."""
    cwd = os.getcwd()
    prefix = cwd.rstrip(os.sep) + os.sep
    start, hidden, posix = len(prefix), os.sep + ".", os.sep == "/"
    located = []
    for path in paths:
        text = os.fspath(path)
        if text.startswith(prefix) and hidden not in text:  # already absolute and normal
            shown = text[start:]
            located.append((text, shown if posix else shown.replace(os.sep, "/")))
            continue
        absolute = os.path.normpath(text if os.path.isabs(text) else os.path.join(cwd, text))
        shown = absolute[len(prefix) :] if absolute.startswith(prefix) else text
        located.append((absolute, shown.replace(os.sep, "/") if os.sep != "/" else shown))
    return located


def display_path(path: Path | str) -> str:
    """A path as the user should see it: relative to the current directory when inside it."""
    return locate([path])[0][1]
