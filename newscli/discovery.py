"""Finding the article files named on the command line or below a content root."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path

ARTICLE_SUFFIXES = (".md", ".markdown")
SKIPPED_DIRECTORIES = {"node_modules", "__pycache__"}


def discover(paths: Iterable[Path]) -> list[Path]:
    """Article files among ``paths``: files as given, directories searched recursively.

    Hidden directories and node_modules are skipped, symlinked directories are followed once
    (a symlink loop ends there), and the order is sorted, so two runs always agree. A path that
    does not exist is kept, so that reading it reports the problem.
    """
    found: dict[Path, None] = {}
    for path in paths:
        if path.is_dir():
            for file in _walk(path, set()):
                found.setdefault(file)
        else:
            found.setdefault(path)
    return list(found)


def _walk(directory: Path, visited: set[tuple[int, int]]) -> Iterator[Path]:
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
        if is_dir:
            yield from _walk(Path(entry.path), visited)
        elif entry.name.endswith(ARTICLE_SUFFIXES):
            yield Path(entry.path)


def display_path(path: Path) -> str:
    """A path as the user should see it: relative to the current directory when inside it."""
    try:
        relative = path.absolute().relative_to(Path.cwd())
    except ValueError:
        return path.as_posix()
    return relative.as_posix()
