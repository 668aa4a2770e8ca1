"""``newscli amp``: derive cache URLs, decode AMP Cache source URLs, drop AMP links; and
``newscli amp url`` to print the AMP Cache URL of any URL."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import click
import typer
from typer.core import TyperCommand, TyperGroup

from newscli.cli.app import app
from newscli.cli.common import assigned, count, each_project, note, projects, usage_error
from newscli.cli.options import ColourOption, ConfigChoice, VerboseOption, with_config
from newscli.exit_codes import ExitCode
from newscli.text import visible

if TYPE_CHECKING:
    from newscli.config.projects import Project
    from newscli.fix.amp_plan import Change, Repair


class _AmpGroup(TyperGroup):
    """``newscli amp`` repairs the paths it is given, and ``newscli amp url`` is a command of
    its own: anything but ``url`` first on the line goes to the repair, which the usage line
    then names ``newscli amp``."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if not args or args[0] not in self.commands:
            args = [_REPAIR, *args]
        return super().parse_args(ctx, args)

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        name, command, rest = super().resolve_command(ctx, args)
        return ("" if name == _REPAIR else name), command, rest


class _BareContext(click.Context):
    @property
    def command_path(self) -> str:
        return super().command_path.rstrip()  # "newscli amp", not "newscli amp " and a name


class _RepairCommand(TyperCommand):
    context_class = _BareContext


_REPAIR = "repair"
amp_app = typer.Typer(
    cls=_AmpGroup,
    name="amp",
    help="Derive each cdnAmpUrl from its ampUrl, decode AMP Cache source URLs, or --drop AMP "
    "links; `newscli amp url` prints the AMP Cache URL of any URL.",
    context_settings={"help_option_names": ["-h", "--help"]},
)
app.add_typer(amp_app)


@amp_app.command(_REPAIR, hidden=True, cls=_RepairCommand)
@with_config
def amp(
    paths: Annotated[
        list[str] | None,
        typer.Argument(help="Article files or folders (default: the content roots)."),
    ] = None,
    *,
    write: Annotated[bool, typer.Option("--write", help="Apply the changes.")] = False,
    diff: Annotated[bool, typer.Option("--diff", help="Print the changes as a diff.")] = False,
    check: Annotated[
        bool, typer.Option("--check", help="Exit 1 if anything would change (for CI).")
    ] = False,
    drop: Annotated[
        bool, typer.Option("--drop", help="Remove ampUrl and cdnAmpUrl instead.")
    ] = False,
    choice: ConfigChoice,
    verbose: VerboseOption = False,
    color: ColourOption = None,
) -> None:
    """Derive each cdnAmpUrl from its ampUrl, decode AMP Cache source URLs, or --drop AMP links.

    Without --write it only prints the plan (file, field, old and new value).
    `newscli amp url URL...` prints the AMP Cache URL of each URL instead (or of each line
    piped in); see `newscli amp url --help`."""
    from newscli.fix.amp_plan import repair_files

    found = projects(choice)
    work = assigned(found, [Path(path) for path in paths or []], given=bool(paths))

    def repair_project(project: Project, group: list[Path], nested: list[str]) -> list[Done]:
        repairs = repair_files(group, project.settings, drop, nested)
        return [_apply(path, repair, write=write, diff=diff) for path, repair in repairs]

    done = [one for each in each_project(found, work, repair_project) for one in each]
    changed = sum(1 for was_changed, _ in done if was_changed)
    failed = sum(1 for _, had_problems in done if had_problems)
    verb = "changed" if write else "would change"
    note(f"{count(changed, 'file')} {verb}; {count(failed, 'file')} with problems.")
    would_change = (check or diff) and changed  # --diff, as lint --diff: 1 when there are changes
    raise typer.Exit(ExitCode.FINDINGS if failed or would_change else ExitCode.OK)


Done = tuple[bool, bool]  # the file changed (or would change), the file had problems


def _apply(path: Path, result: Repair, *, write: bool, diff: bool) -> Done:
    """Say what the repair of one file changes, and write it if asked."""
    from newscli.document.edits import encode
    from newscli.files.writing import RewriteError, write_atomically
    from newscli.fix.diff import unified_diff

    document = result.document
    notes = list(result.plan.notes)
    if result.outcome.refused:
        notes.append(result.outcome.refused)
    for text in notes:
        note(f"{visible(document.path)}: {visible(text)}")
    if result.outcome.new_bytes is None:
        return False, bool(notes)
    if diff:
        sys.stdout.write(unified_diff(document.path, document.text, result.outcome.document.text))
    else:
        for change in sorted(result.plan.changes, key=lambda change: change.line):
            where = f"{visible(document.path)}:{change.line}"
            sys.stdout.write(f"{where}: {_describe_change(change)}\n")
    if write:
        try:
            original = encode(document, document.text)
            write_atomically(path, result.outcome.new_bytes, document.path, expected=original)
        except RewriteError as error:
            note(f"newscli: {visible(str(error))}")
            return False, True
    return True, bool(notes)


def _describe_change(change: Change) -> str:
    from newscli.document.pointers import label
    from newscli.text import quote

    old = "(missing)" if change.old is None else quote(change.old, 200)
    new = "(removed)" if change.new is None else quote(change.new, 200)
    return f"{label(change.pointer)}: {old} -> {new}"


def stdin_is_terminal() -> bool:
    return sys.stdin.isatty()


@amp_app.command("url")
def amp_url(
    urls: Annotated[
        list[str] | None,
        typer.Argument(help="URLs of AMP pages (none: one a line from standard input)."),
    ] = None,
    verbose: VerboseOption = False,
    color: ColourOption = None,
) -> None:
    """Print the AMP Cache URL of each URL, as cdnAmpUrl holds it (exit 1 for any URL that
    has none)."""
    raise typer.Exit(_print_cache_urls(urls or []))


def _print_cache_urls(urls: list[str]) -> ExitCode:
    """Print the AMP Cache URL of each URL; return the exit code."""
    from newscli.amp_cache_urls import cache_url
    from newscli.urls import UrlError

    if not urls:
        if stdin_is_terminal():  # nothing piped in: say so rather than wait silently
            usage_error("newscli amp url: give the URLs, or pipe them in one a line")
        urls = [line.strip() for line in sys.stdin.read().splitlines() if line.strip()]
    failed = 0
    for url in urls:
        try:
            sys.stdout.write(cache_url(url) + "\n")
        except UrlError as error:
            note(f"newscli: {visible(url)} {visible(str(error))}")
            failed += 1
    return ExitCode.FINDINGS if failed else ExitCode.OK
