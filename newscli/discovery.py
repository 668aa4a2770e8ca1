"""Finding the article files named on the command line or below a content root."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

Excluded = Callable[[Path], bool]

ARTICLE_SUFFIXES = (".md", ".markdown")
SKIPPED_DIRECTORIES = {"node_modules", "__pycache__"}


def discover(paths: Iterable[Path], excluded: Excluded = lambda path: False) -> list[Path]:
    """Article files among ``paths``: files as given, directories searched recursively.

    Hidden directories and node_modules are skipped, symlinked directories are followed once
    (a symlink loop ends there), and the order is sorted, so two runs always agree. Excluded
    paths are skipped even when named directly, so a pre-commit hook honours the exclusions.
    A path that does not exist is kept, so that reading it reports the problem.
    """
    found: dict[Path, None] = {}
    for path in paths:
        if excluded(path):
            continue
        if path.is_dir():
            for file in _walk(path, set(), excluded):
                found.setdefault(file)
        else:
            found.setdefault(path)
    return list(found)


def _walk(directory: Path, visited: set[tuple[int, int]], excluded: Excluded) -> Iterator[Path]:
    try:
        info = directory.stat()
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
        path = Path(entry.path)
        if (is_dir or entry.name.endswith(ARTICLE_SUFFIXES)) and excluded(path):
            continue
        if is_dir:
            yield from _walk(path, visited, excluded)
        elif entry.name.endswith(ARTICLE_SUFFIXES):
            yield path


def display_path(path: Path | str) -> str:
    """A path as the user should see it: relative to the current directory when inside it.

    Plain string work: this runs once per file, and pathlib would cost more than the rest.
    """
    text = os.fspath(path)
    cwd = os.getcwd()
    absolute = os.path.normpath(text if os.path.isabs(text) else os.path.join(cwd, text))
    prefix = cwd.rstrip(os.sep) + os.sep
    shown = absolute[len(prefix) :] if absolute.startswith(prefix) else text
    return shown.replace(os.sep, "/") if os.sep != "/" else shown
