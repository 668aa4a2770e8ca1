"""Finding the article files named on the command line or below a content root."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from newscli.settings import Settings

Excluded = Callable[[str], bool]

ARTICLE_SUFFIXES = (".md", ".markdown")
SKIPPED_DIRECTORIES = {"node_modules", "__pycache__"}


def discover(paths: Iterable[Path], excluded: Excluded = lambda path: False) -> list[Path]:
    """Article files among ``paths``: files as given, directories searched recursively.

    Hidden directories and node_modules are skipped, symlinked directories are followed once
    (a symlink loop ends there), and the order is sorted, so two runs always agree. Excluded
    paths are skipped even when named directly, so a pre-commit hook honours the exclusions.
    A path that does not exist is kept, so that reading it reports the problem.
    """
    return [Path(path) for path in discover_names(paths, excluded)]


def discover_names(
    paths: Iterable[Path | str], excluded: Excluded = lambda path: False
) -> list[str]:
    """``discover`` as plain strings: the collection is walked on every run, and building a
    Path for each of its files would cost more than the walk."""
    found: dict[str, None] = {}
    for path in paths:
        name = os.fspath(path)
        if excluded(name):
            continue
        if os.path.isdir(name):
            # Walked from an absolute folder, every file found is absolute and normalised,
            # which spares ``locate`` the work for each of them.
            for file in _walk(os.path.abspath(name), set(), excluded):
                found.setdefault(file)
        else:
            found.setdefault(name)
    return list(found)


def _walk(directory: str, visited: set[tuple[int, int]], excluded: Excluded) -> Iterator[str]:
    try:
        info = os.stat(directory)
        entries = sorted(os.scandir(directory), key=lambda entry: entry.name)
    except OSError:
        return
    key = (info.st_dev, info.st_ino)
    if key in visited:
        return
    visited.add(key)
    for entry in entries:
        if entry.name.startswith(".") or entry.name in SKIPPED_DIRECTORIES:
            continue
        try:
            is_dir = entry.is_dir()
        except OSError:
            continue
        if not is_dir and not entry.name.endswith(ARTICLE_SUFFIXES):
            continue
        if excluded(entry.path):
            continue
        if is_dir:
            yield from _walk(entry.path, visited, excluded)
        else:
            yield entry.path


def articles_among(paths: Iterable[Path], settings: Settings) -> list[Path]:
    """The paths that may be articles: a file named outside every content root is not one (a
    hook is handed every staged Markdown file), as ruff's force-exclude skips such files."""
    return [path for path in paths if os.path.isdir(path) or settings.within_roots(path)]


def locate(paths: Iterable[Path | str]) -> list[tuple[str, str]]:
    """(absolute path, path as the user should see it) of each path: relative to the current
    directory when inside it. Plain string work, with one getcwd for the lot: this runs once
    per file, and pathlib would cost more than the rest of a cached run."""
    cwd = os.getcwd()
    prefix = cwd.rstrip(os.sep) + os.sep
    located = []
    for path in paths:
        text = os.fspath(path)
        if text.startswith(prefix) and os.sep + "." not in text:  # already absolute and normal
            located.append((text, text[len(prefix) :].replace(os.sep, "/")))
            continue
        absolute = os.path.normpath(text if os.path.isabs(text) else os.path.join(cwd, text))
        shown = absolute[len(prefix) :] if absolute.startswith(prefix) else text
        located.append((absolute, shown.replace(os.sep, "/") if os.sep != "/" else shown))
    return located


def display_path(path: Path | str) -> str:
    """A path as the user should see it: relative to the current directory when inside it."""
    return locate([path])[0][1]
