"""What every command does alike: resolve the configuration, stop on a usage error, count things
in words, and print lines that quote input safely."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn, TypeVar

import typer

from newscli.cli.options import ConfigChoice
from newscli.exit_codes import ExitCode
from newscli.text import visible

T = TypeVar("T")

if TYPE_CHECKING:
    from newscli.config.projects import Assignment, Project, Projects
    from newscli.config.resolution import Resolved


def usage_error(message: str) -> NoReturn:
    """Stop with one line on stderr and exit code 2; ``message`` is shown with visible escapes."""
    typer.echo(f"newscli: {visible(message)}", err=True)
    raise typer.Exit(ExitCode.USAGE)


def projects(choice: ConfigChoice, overrides: dict[str, object] | None = None) -> Projects:
    """What finds each path's project, with the command line's configuration choice."""
    from newscli.config.projects import Projects

    if choice.config is not None and choice.isolated:
        usage_error("--config and --isolated contradict each other: use one")
    return Projects(Path.cwd(), choice.config, choice.isolated, overrides)


def resolve_settings(choice: ConfigChoice, overrides: dict[str, object] | None = None) -> Resolved:
    """The settings of the project newscli runs in (for commands that take no paths)."""
    from newscli.config.resolution import ConfigError

    try:
        return projects(choice, overrides).current().resolved
    except ConfigError as error:
        usage_error(str(error))


def project_of(found: Projects, path: Path) -> Project:
    """The project of one path; a configuration that cannot be used stops the run."""
    from newscli.config.resolution import ConfigError

    try:
        return found.of(path)
    except ConfigError as error:
        usage_error(str(error))


def assigned(
    found: Projects,
    named: list[Path],
    *,
    given: bool,
    since: str | None = None,
    quiet: bool = False,
) -> Assignment:
    """What a command looks at, project by project: the ``named`` paths, and with ``since``
    the articles changed since that revision; with neither (``given``: paths were on the
    command line), the content roots of the project newscli runs in. Each named path left out
    is one warning on stderr (none with ``quiet``); a configuration that cannot be used, or
    a revision git does not know, stops the run before any file is read."""
    from newscli.config.projects import Assignment
    from newscli.config.resolution import ConfigError
    from newscli.files.git_changes import GitError, changed_articles

    try:
        if not given and since is None:
            current = found.current()
            assignment = Assignment()
            for root in current.settings.roots:
                assignment.add(current, root)
            return assignment
        assignment = found.assign(named)
        if since is not None:
            try:
                # In the project newscli runs in, wherever in it the command runs.
                changed = changed_articles(since, found.current().root)
            except GitError as error:
                usage_error(f"--since: {error}")
            found.assign(changed, named=False, into=assignment)
    except ConfigError as error:
        usage_error(str(error))
    if not quiet:
        for skipped in assignment.skipped:
            note(f"newscli: warning: {visible(skipped.path)} {skipped.reason}")
        if named and not assignment.groups:
            note("newscli: warning: no article files found under the given paths")
    return assignment


def each_project(
    found: Projects, work: Assignment, job: Callable[[Project, list[Path], list[str]], T]
) -> list[T]:
    """``job(project, paths, nested)`` for each project's paths in turn; ``job`` puts in
    ``nested`` the folders below them that are projects of their own, whose files are then
    judged the same way by their own settings."""
    from newscli.config.resolution import ConfigError

    queue = list(work.groups.items())
    seen: set[str] = set()
    results = []
    while queue:
        project, paths = queue.pop(0)
        nested: list[str] = []
        results.append(job(project, paths, nested))
        fresh = [folder for folder in nested if folder not in seen]
        seen.update(fresh)
        try:
            queue += found.assign([Path(folder) for folder in fresh], named=False).groups.items()
        except ConfigError as error:
            usage_error(str(error))
    return results


OUTPUT_LIMIT = 64 * 1024 * 1024  # an old output larger than this is not one newscli wrote


def write_output(path: Path, data: bytes) -> None:
    """``--output``: write ``data`` to ``path`` only when its bytes change, atomically, never
    over a change made meanwhile; one line on stderr says what was done."""
    from newscli.files.reading import Unreadable, read_file
    from newscli.files.writing import RewriteError, write_atomically, write_new

    before = None
    if path.exists() or path.is_symlink():
        # Only a regular file of a bounded size is read to compare (never a device, a FIFO
        # or a folder, which are no place to write to either).
        read = read_file(path, max(len(data), OUTPUT_LIMIT))
        if isinstance(read, Unreadable):
            usage_error(f"--output: {visible(str(path))}: {read.reason}")
        before = read.data
    if before == data:
        note(f"newscli: {visible(str(path))} is up to date")
        return
    try:
        if before is None:
            write_new(path, data)
        else:
            write_atomically(path, data, expected=before)
    except (RewriteError, OSError) as error:
        usage_error(f"--output: {error}")
    note(f"newscli: wrote {visible(str(path))}")


def count(number: int, word: str) -> str:
    if number == 1:
        return f"1 {word}"
    plural = (
        word[:-1] + "ies" if word.endswith("y") else word + ("es" if word.endswith("x") else "s")
    )
    return f"{number:,} {plural}"


def note(message: str) -> None:
    """One line on stderr: text from files is escaped by the caller where it is quoted."""
    typer.echo(message, err=True)
