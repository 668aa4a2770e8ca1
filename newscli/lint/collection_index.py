"""The collection through the cache's index: for a run over a few files, the other articles
that may share their ``sourceUrl``, found without reading, or even stat-ing, the rest.

The index holds every article's comparable ``sourceUrl`` and every folder under the content
roots with its mtime, as the last walk of the roots left them. Before it is asked, each of
those folders is stat-ed: one whose mtime moved has had files added, removed or renamed, and
is listed again (a new folder below it is walked whole). Then only the files the index names
for a URL, and those that changed too recently to be trusted, are stat-ed, and read again when
they changed. So a duplicate is never reported that is not there, and one is missed only when
another article, not being linted, was edited in place (its folder untouched) to take the
same ``sourceUrl`` since the last run that saw it: a plain ``newscli lint`` walks everything
and sees it.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable

from newscli.document.source import Source
from newscli.files.discovery import Walk, display_path
from newscli.lint.cache_store import Row
from newscli.lint.results_cache import ResultsCache
from newscli.settings import Settings
from newscli.urls import comparable_url


def indexed_collection(
    cache: ResultsCache, sources: Iterable[Source], linted: set[str], settings: Settings
) -> list[Source] | None:
    """The ``sourceUrl`` of each article not in ``linted`` that may share one of ``sources``',
    or None when the index does not cover the content roots (no walk of them recorded yet) or
    cannot be read."""
    if not cache.store.walked():
        return None
    _freshen(cache, settings)
    wanted = {comparable_url(source.url, settings.tracking_parameters) for source in sources}
    rows: dict[str, Row] = {}
    for comparable in wanted:
        rows.update((row[0], row) for row in cache.store.with_url(comparable))
    rows.update((row[0], row) for row in cache.store.unproven())
    # Files found since the last save are not in the database yet.
    rows.update((path, row) for path, row in cache.changes.files.items() if row[9] in wanted)
    if not cache.store.usable:  # it failed while asked: its answers may be short
        return None
    found = []
    for path in sorted(rows):
        if path in linted or path in cache.changes.gone:
            continue
        source = cache.source(path, display_path(path), settings.max_file_size, rows[path])
        if source is not None:
            found.append(source)
    return found


def _freshen(cache: ResultsCache, settings: Settings) -> None:
    """Bring the index up to date with the files added, removed or renamed since it was
    saved, as the folders' mtimes tell."""
    walk = Walk(settings.excluded, [], settings.within_roots, {}, settings.is_other_project)
    known = cache.store.folders()
    moved: dict[str, int] = {}
    for folder, mtime in known.items():
        try:
            info = os.stat(folder)
        except OSError:
            _gone(cache, folder)
            continue
        if not stat.S_ISDIR(info.st_mode):
            _gone(cache, folder)
            continue
        walk.visited.add((info.st_dev, info.st_ino))
        if info.st_mtime_ns != mtime:  # an mtime recorded too recently is null: never equal
            moved[folder] = info.st_mtime_ns
    limit = settings.max_file_size
    for folder, mtime in moved.items():
        listing = walk.listing(folder)
        if listing is None:
            _gone(cache, folder)
            continue
        files, subfolders = listing
        indexed = {row[0] for row in cache.store.in_folder(folder)}
        for path in indexed.difference(files):
            cache.forget(path)
        for path in files:
            if path not in indexed:
                cache.source(path, display_path(path), limit, None)
        for subfolder in subfolders:
            if subfolder not in known:
                for path in walk.files(subfolder):
                    cache.source(path, display_path(path), limit, None)
        cache.folder(folder, mtime)
    for folder, mtime in (walk.folders or {}).items():
        cache.folder(folder, mtime)


def _gone(cache: ResultsCache, folder: str) -> None:
    cache.changes.gone_folders.add(folder)
    for row in cache.store.in_folder(folder):
        cache.forget(row[0])
