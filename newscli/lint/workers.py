"""Checking many files: from the cache when they have not changed, in worker processes when
there are enough of them to pay for starting the workers, and always in the order given."""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

from newscli.document.loader import read_document
from newscli.lint.cache_store import Row
from newscli.lint.check import check_file, enabled_checks
from newscli.lint.results import FileResult
from newscli.lint.results_cache import ResultsCache
from newscli.settings import Settings

if TYPE_CHECKING:
    from multiprocessing.context import BaseContext

Progress = Callable[[int], None]  # told how many files are done
FROM_CACHE = "from the results cache"
WORKERS = "worker processes"

# Measured: forking a worker and sending its results back costs less than checking 100
# files, and a pool loses to one process below about 200 files in all.
FILES_PER_WORKER = 100
MAX_CHUNK = 200  # files a worker checks per task: large enough to keep messages few...
TASKS_PER_WORKER = 4  # ...and small enough that the workers finish together


def default_jobs() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def check_paths(
    paths: list[str],
    located: list[tuple[str, str]],
    settings: Settings,
    jobs: int,
    cache: ResultsCache | None = None,
    tally: Counter[str] | None = None,
    progress: Progress | None = None,
) -> Iterator[FileResult]:
    """The result of each file, in the order of ``paths`` (``located`` gives each one's
    absolute and displayed path). ``tally`` counts the files taken from the cache and the
    worker processes started; ``progress`` is told how many files are done, as they are."""
    tally = Counter() if tally is None else tally
    advance = progress or (lambda done: None)
    # First only which files are unchanged: the cached results are built one at a time, as
    # they are yielded, so that 100,000 of them are never held at once.
    unchanged: dict[int, Row] = {}
    todo: list[int] = []
    for index, (absolute, _) in enumerate(located):
        row = cache.unchanged(absolute) if cache else None
        if row is None:
            todo.append(index)
        else:
            unchanged[index] = row
    advance(len(unchanged))
    checked: dict[int, FileResult] = {}
    workers = min(jobs, len(todo) // FILES_PER_WORKER)
    checks = enabled_checks(settings)
    if workers > 1:
        from concurrent.futures import ProcessPoolExecutor

        tally[WORKERS] += workers
        size = max(1, min(MAX_CHUNK, len(todo) // (workers * TASKS_PER_WORKER)))
        chunks = [todo[start : start + size] for start in range(0, len(todo), size)]
        with ProcessPoolExecutor(workers, mp_context=_context()) as pool:
            batches = pool.map(
                _check_chunk,
                [[(paths[i], located[i][1]) for i in chunk] for chunk in chunks],
                [settings] * len(chunks),
            )
            for chunk, batch in zip(chunks, batches, strict=True):
                checked.update(zip(chunk, batch, strict=True))
                advance(len(unchanged) + len(checked))
    else:
        for index in todo:
            document = read_document(paths[index], settings, located[index][1])
            checked[index] = check_file(document, settings, checks)
            advance(len(unchanged) + len(checked))
    for index, (absolute, display) in enumerate(located):
        result = checked.pop(index, None)
        if result is None and cache is not None:
            result = cache.result(absolute, display, unchanged.pop(index))
            if result is not None:
                tally[FROM_CACHE] += 1
        if result is None:  # its entry was stale after all
            result = check_file(read_document(paths[index], settings, display), settings, checks)
        if cache is not None:
            cache.put(absolute, result)  # a no-op for results that came from the cache
        yield result


def _check_chunk(files: list[tuple[str, str]], settings: Settings) -> list[FileResult]:
    checks = enabled_checks(settings)
    return [
        check_file(read_document(path, settings, display), settings, checks)
        for path, display in files
    ]


def _context() -> BaseContext:
    # fork starts a worker in milliseconds and shares the loaded modules; elsewhere, spawn.
    import multiprocessing

    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else "spawn")
