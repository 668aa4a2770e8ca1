"""``newscli lint``: check article files, and with --fix or --diff repair them."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, TextIO

import typer

from newscli.cli.app import app
from newscli.cli.common import (
    assigned,
    count,
    each_project,
    note,
    project_of,
    projects,
    usage_error,
)
from newscli.cli.options import (
    ColourOption,
    ConfigChoice,
    Selection,
    VerboseOption,
    verbosity,
    with_config,
    with_selection,
)
from newscli.text import visible

if TYPE_CHECKING:
    from newscli.config.projects import Project, Projects
    from newscli.lint.results import Fixer, LintReport


class LintFormat(StrEnum):
    full = "full"
    concise = "concise"
    json = "json"
    json_lines = "json-lines"
    github = "github"
    sarif = "sarif"
    junit = "junit"


FormatOption = Annotated[
    LintFormat,
    typer.Option(
        "--output-format",
        metavar="FORMAT",
        help="How to print findings: full, concise, json, json-lines, github, sarif or junit.",
        rich_help_panel="Output",
    ),
]
StrictOption = Annotated[
    bool, typer.Option("--strict", help="Exit 1 on warnings too.", rich_help_panel="Output")
]
QuietOption = Annotated[
    bool,
    typer.Option(
        "--quiet", "-q", help="Print the findings and nothing else.", rich_help_panel="Output"
    ),
]
ExitZeroOption = Annotated[
    bool,
    typer.Option(
        "--exit-zero", help="Exit 0 even when there are findings.", rich_help_panel="Output"
    ),
]


@app.command()
@with_selection
@with_config
def lint(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(help="Article files or folders (default: the content roots); - for stdin."),
    ] = None,
    *,
    output_format: FormatOption = LintFormat.full,
    strict: StrictOption = False,
    statistics: Annotated[
        bool,
        typer.Option(
            "--statistics",
            help="Print a count per rule instead of findings.",
            rich_help_panel="Output",
        ),
    ] = False,
    selection: Selection,
    since: Annotated[
        str | None,
        typer.Option(
            help="Lint the articles changed since this git revision.", rich_help_panel="Selection"
        ),
    ] = None,
    stdin_filename: Annotated[
        Path | None,
        typer.Option(
            help="The path of the article read from stdin (with -).", rich_help_panel="Selection"
        ),
    ] = None,
    jobs: Annotated[
        int | None,
        typer.Option(
            min=1,
            help="Worker processes for many files (default: the CPUs).",
            rich_help_panel="Configuration",
        ),
    ] = None,
    no_cache: Annotated[
        bool,
        typer.Option(
            "--no-cache",
            help="Neither read nor write the results cache.",
            rich_help_panel="Configuration",
        ),
    ] = False,
    fix: Annotated[
        bool, typer.Option("--fix", help="Apply safe fixes to the files.", rich_help_panel="Fixing")
    ] = False,
    unsafe_fixes: Annotated[
        bool,
        typer.Option(
            "--unsafe-fixes",
            help="With --fix or --diff: unsafe fixes too.",
            rich_help_panel="Fixing",
        ),
    ] = False,
    diff: Annotated[
        bool,
        typer.Option(
            "--diff",
            help="Print the fixes as a diff instead of writing them.",
            rich_help_panel="Fixing",
        ),
    ] = False,
    quiet: QuietOption = False,
    exit_zero: ExitZeroOption = False,
    watch: Annotated[
        bool,
        typer.Option(
            "--watch",
            help="Lint again each time an article or a configuration changes (Ctrl-C stops).",
            rich_help_panel="Output",
        ),
    ] = False,
    output_file: Annotated[
        Path | None,
        typer.Option(
            "--output-file",
            dir_okay=False,
            help="Write the findings to this file.",
            rich_help_panel="Output",
        ),
    ] = None,
    choice: ConfigChoice,
    verbose: VerboseOption = False,
    color: ColourOption = None,
) -> None:
    """Check article files against the article format; --fix repairs what can be repaired."""
    from newscli.cli.progress import progress_bar
    from newscli.lint import run
    from newscli.lint.results import merged
    from newscli.lint.results_cache import open_cache
    from newscli.lint.verdict import exit_code
    from newscli.lint.workers import default_jobs

    if watch and (fix or diff or output_file is not None or since or "-" in map(str, paths or [])):
        usage_error(
            "--watch reports on the files as they change: not with --fix, --diff, "
            "--since, --output-file or -"
        )

    def once() -> int:
        found = projects(choice, selection.overrides())
        targets = [path for path in paths or [] if str(path) != "-"]
        if stdin_filename is not None and len(targets) == len(paths or []):
            usage_error("--stdin-filename names the article read from standard input: add -")
        work = assigned(found, targets, given=bool(paths), since=since, quiet=quiet)
        stdin, home = None, None
        if len(targets) < len(paths or []):  # "-": standard input, linted as the file it names
            home = project_of(found, stdin_filename or Path.cwd())
            work.groups.setdefault(home, [])
            # One byte past the limit is enough to refuse it: /dev/zero is never read to the end.
            content = sys.stdin.buffer.read(home.settings.max_file_size + 1)
            stdin = run.StdinFile(stdin_filename or Path("-"), content)
        fixing = run.Fixing(_fixer(unsafe_fixes), write=not diff) if fix or diff else None
        machine = (
            output_format not in (LintFormat.full, LintFormat.concise) or output_file is not None
        )

        def check(project: Project, group: list[Path], nested: list[str]) -> LintReport:
            cache = None if fixing is not None or no_cache else open_cache(project.settings)
            return run.lint(
                group,
                project.settings,
                stdin=stdin if project is home else None,
                fixing=fixing,
                jobs=jobs or default_jobs(),
                cache=cache,
                progress=progress,
                nested=nested,
            )

        with progress_bar("Checking articles", machine or quiet) as progress:
            report = merged(each_project(found, work, check))
        for folder in [] if quiet else report.empty:
            note(f"newscli: warning: no article files found under {visible(folder)}")
        if diff:
            print_diffs(report)
        elif report.stdin_output is not None:
            # Fix-on-save, as `ruff check --fix -`: the fixed article on stdout, findings on stderr.
            print_report(
                report, output_format, statistics, fixing=True, quiet=quiet, out=sys.stderr
            )
            sys.stdout.buffer.write(report.stdin_output)
            sys.stdout.flush()
        elif output_file is not None:
            try:
                with open(output_file, "w", encoding="utf-8", errors="backslashreplace") as out:
                    print_report(
                        report, output_format, statistics, fixing=bool(fixing), quiet=quiet, out=out
                    )
            except OSError as error:
                usage_error(f"--output-file: cannot write {output_file}: {error.strerror or error}")
        else:
            print_report(report, output_format, statistics, fixing=fixing is not None, quiet=quiet)
        if verbosity.verbose:
            _print_work(report)
        code = exit_code(report, strict=strict, diff=diff)
        return 0 if exit_zero and code == 1 else code

    if not watch:
        raise typer.Exit(once())
    _watch(once, paths or [], projects(choice, selection.overrides()))


def _watch(once: Callable[[], int], paths: list[Path], found: Projects) -> None:
    """Run ``once`` again whenever an article or a configuration file changes under the
    projects of ``paths`` (the current project's without them); Ctrl-C ends it."""
    from watchfiles import watch

    watched = _watched(paths, found)
    once()
    if not watched:
        usage_error("--watch: no folder to watch (the file system's root is not watched)")
    shown = ", ".join(visible(path) for path in watched)
    armed = False
    # An empty set each second: the first says the watcher is armed, so that "watching" is
    # never said before a change would be seen.
    for changes in watch(
        *watched,
        watch_filter=_worth_linting,
        debounce=200,
        rust_timeout=1000,
        yield_on_timeout=True,
        raise_interrupt=True,
    ):
        if changes:
            once()
        if changes or not armed:
            armed = True
            note(f"newscli: watching {shown} for changes (Ctrl-C stops)")


def _watched(paths: list[Path], found: Projects) -> list[str]:
    """The roots of the projects of ``paths`` (the current project without them), where their
    articles and configuration files are; never the file system's root."""
    projects = [project_of(found, path) for path in paths] or [project_of(found, Path.cwd())]
    roots = {str(project.root) for project in projects}
    return sorted(root for root in roots if os.path.isdir(root) and os.path.dirname(root) != root)


def _worth_linting(change: object, path: str) -> bool:
    """An article, a configuration file or a schema; never what newscli writes itself."""
    from newscli.config_files import CONFIG_FILES
    from newscli.files.discovery import ARTICLE_SUFFIXES

    name = os.path.basename(path)
    return name.endswith(ARTICLE_SUFFIXES) or name in CONFIG_FILES or name.endswith(".json")


def _fixer(unsafe: bool) -> Fixer:
    from newscli.fix.fixing import fixer

    return fixer(unsafe)


def print_diffs(report: LintReport) -> None:
    """The fixes as a unified diff on stdout, and how many there would be on stderr."""
    from newscli.fix.diff import unified_diff

    changed = report.changed
    sys.stdout.write("".join(unified_diff(f.path, f.before, f.after) for f in changed))
    _print_fix_failures(report)
    fixes = sum(f.applied for f in changed)
    note(f"{count(fixes, 'fix')} would be applied to {count(len(changed), 'file')}.")


def print_report(
    report: LintReport,
    output_format: LintFormat,
    statistics: bool,
    *,
    fixing: bool,
    quiet: bool = False,
    out: TextIO | None = None,
    summary: str | None = None,
) -> None:
    """The findings in ``output_format`` (or their statistics), then on stderr what the fixes
    did and the summary line (``summary`` in place of lint's)."""
    from newscli.report.formats import REPORTERS
    from newscli.report.summary import summary_line, write_statistics, write_statistics_json

    out = out or sys.stdout  # read at call time: tests swap sys.stdout
    writer = REPORTERS[output_format.value]
    if statistics:
        wants_json = output_format in (LintFormat.json, LintFormat.json_lines)
        writer = write_statistics_json if wants_json else write_statistics
    writer(report, out)
    out.flush()
    if quiet:
        return
    if fixing:
        changed = report.changed
        _print_fix_failures(report)
        fixed = sum(f.applied for f in changed)
        note(f"Fixed {count(fixed, 'problem')} in {count(len(changed), 'file')}.")
    note(summary or summary_line(report))


def _print_fix_failures(report: LintReport) -> None:
    for failure in report.fix_failures:
        note(f"newscli: {visible(failure.failure or '')}")


def _print_work(report: LintReport) -> None:
    """What the run did besides finding problems: the fast paths it took."""
    work = ", ".join(f"{name}: {number:,}" for name, number in sorted(report.tally.items()))
    note(f"newscli: {count(report.files, 'file')} checked; {work or 'no fast path taken'}")
