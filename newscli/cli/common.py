"""What every command does alike: resolve the configuration, stop on a usage error, count things
in words, and print lines that quote input safely."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import typer

from newscli.cli.options import ConfigChoice
from newscli.exit_codes import ExitCode
from newscli.text import visible

if TYPE_CHECKING:
    from newscli.config.resolution import Resolved
    from newscli.settings import Settings


def usage_error(message: str) -> NoReturn:
    """Stop with one line on stderr and exit code 2; ``message`` is shown with visible escapes."""
    typer.echo(f"newscli: {visible(message)}", err=True)
    raise typer.Exit(ExitCode.USAGE)


def resolve_settings(choice: ConfigChoice, overrides: dict[str, object] | None = None) -> Resolved:
    from newscli.config.resolution import ConfigError, resolve

    if choice.config is not None and choice.isolated:
        usage_error("--config and --isolated contradict each other: use one")
    try:
        return resolve(Path.cwd(), choice.config, choice.isolated, overrides)
    except ConfigError as error:
        usage_error(str(error))


def checked_paths(
    named: list[Path], given: bool, since: str | None, settings: Settings
) -> list[Path]:
    """What lint and links look at: the ``named`` paths, and with ``since`` the articles changed
    since that revision; with neither (``given``: paths were on the command line), the content
    roots."""
    from newscli.files.git_changes import GitError, changed_articles

    if since is not None:
        try:
            # In the folder of the configuration (the project), wherever the command runs.
            return named + changed_articles(since, settings.base)
        except GitError as error:
            usage_error(f"--since: {error}")
    return named if given else list(settings.roots)


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
