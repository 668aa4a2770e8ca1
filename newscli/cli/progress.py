"""A progress bar on stderr for long runs, from rich: only when stderr is a terminal, never in
a pipe, a CI log or beside a machine format."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable, Iterator

SHOW_FROM = 500  # files: a shorter run ends before a bar would help


def stderr_is_terminal() -> bool:
    return sys.stderr.isatty()


@contextlib.contextmanager
def progress_bar(
    what: str, machine_output: bool, show_from: int | None = None
) -> Iterator[Callable[[int, int], None] | None]:
    """A callback ``(done, total)`` that draws the bar, or None where no bar belongs."""
    if machine_output or not stderr_is_terminal():
        yield None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    from newscli.console import make_console

    bar = Progress(
        TextColumn(what),
        BarColumn(),
        MofNCompleteColumn(),
        console=make_console(sys.stderr),
        transient=True,
    )
    task = None

    def update(done: int, total: int) -> None:
        nonlocal task
        if total < (SHOW_FROM if show_from is None else show_from):
            return
        if task is None:
            bar.start()
            task = bar.add_task(what, total=total)
        bar.update(task, completed=done)

    try:
        yield update
    finally:
        bar.stop()
