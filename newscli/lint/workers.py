"""Checking many files: from the cache when they have not changed, in worker processes when
there are enough of them to pay for starting the workers, and always in the order given."""

from __future__ import annotations

import itertools
import os
from collections import Counter, deque
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING

from newscli.document.loader import read_document
from newscli.lint.check import check_file, enabled_checks
from newscli.lint.results import FileResult
from newscli.lint.results_cache import ResultsCache
from newscli.rules import Rule
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
IN_FLIGHT = 2  # tasks sent ahead to each worker


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
    everything: bool = False,
    checks: list[Rule] | None = None,
) -> Iterator[FileResult]:
    """The result of each file of ``paths`` (``located`` gives each one's absolute and
    displayed path): those the cache holds first, then the others in the order given.
    ``tally`` counts the files taken from the cache and the worker processes started;
    ``progress`` is told how many files are done, as they are. ``everything``: the files are
    the whole collection, so the cache's entries of other files are kept for pruning.
    ``checks``: the rules to check with, when not the enabled ones (in this process: worker
    processes check with the enabled rules)."""
    tally = Counter() if tally is None else tally
    advance = progress or (lambda done: None)
    todo: Sequence[int] = range(len(located))  # a range, not 100,000 numbers, when all are
    if cache is not None:
        # Unchanged files first, as their entries are read: no entry is held longer.
        wanted = {absolute: index for index, (absolute, _) in enumerate(located)}
        known = bytearray(len(located))
        changed: list[int] = []
        done = 0
        for index, row in cache.entries(wanted, everything):
            known[index] = 1
            absolute, display = located[index]
            cached = cache.reuse(absolute, display, row)
            if cached is None:
                changed.append(index)
                continue
            tally[FROM_CACHE] += 1
            done += 1
            advance(done)
            yield cached
        if any(known):  # else none was known (a first run): all of them, still a range
            changed += [index for index in range(len(located)) if not known[index]]
            todo = sorted(changed)
        del wanted, known  # not needed while the rest are checked
    yield from _checked(paths, located, todo, settings, jobs, cache, tally, progress, checks)


def _checked(
    paths: list[str],
    located: list[tuple[str, str]],
    todo: Sequence[int],
    settings: Settings,
    jobs: int,
    cache: ResultsCache | None,
    tally: Counter[str],
    progress: Progress | None,
    checks: list[Rule] | None,
) -> Iterator[FileResult]:
    """Check the files at the indexes ``todo``, in worker processes if that pays."""
    advance = progress or (lambda done: None)
    first = len(located) - len(todo)
    workers = min(jobs, len(todo) // FILES_PER_WORKER) if checks is None else 1
    results: Iterator[FileResult]
    if workers > 1:
        tally[WORKERS] += workers
        results = _in_workers(paths, located, todo, settings, workers)
    else:
        checks = enabled_checks(settings) if checks is None else checks
        results = (
            check_file(read_document(paths[index], settings, located[index][1]), settings, checks)
            for index in todo
        )
    for done, (index, result) in enumerate(zip(todo, results, strict=True), first + 1):
        if cache is not None:
            cache.put(located[index][0], result)
        advance(done)
        yield result


def _in_workers(
    paths: list[str],
    located: list[tuple[str, str]],
    todo: Sequence[int],
    settings: Settings,
    workers: int,
) -> Iterator[FileResult]:
    from concurrent.futures import Future, ProcessPoolExecutor

    size = max(1, min(MAX_CHUNK, len(todo) // (workers * TASKS_PER_WORKER)))
    starts = iter(range(0, len(todo), size))
    with ProcessPoolExecutor(workers, mp_context=_context()) as pool:

        def submit(start: int) -> tuple[int, Future[list[FileResult]]]:
            files = [(paths[i], located[i][1]) for i in todo[start : start + size]]
            return start, pool.submit(_check_chunk, files, settings)

        # A few tasks in flight per worker, not all of them: neither the tasks nor their
        # results pile up, whatever the number of files.
        flight = deque(submit(start) for start in itertools.islice(starts, workers * IN_FLIGHT))
        while flight:
            start, task = flight.popleft()
            batch = task.result()
            following = next(starts, None)
            if following is not None:
                flight.append(submit(following))
            for index, result in zip(todo[start : start + size], batch, strict=True):
                yield _sharing_path(result, located[index][1])


def _sharing_path(result: FileResult, display: str) -> FileResult:
    """A worker's result, naming its file with the run's own string rather than a copy of
    it: the run keeps one for each file of the collection."""
    if result.path == display:
        result.path = display
        if result.source is not None and result.source.path == display:
            result.source = result.source._replace(path=display)
    return result


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
