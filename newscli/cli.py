"""The command line: parse options, call one function, turn the result into output and exit code."""

from __future__ import annotations

import json
import sys
import traceback
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from newscli import __version__

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2

app = typer.Typer(
    name="newscli",
    help="Lint, curate and repair a newsroom's Markdown articles.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


class LintFormat(StrEnum):
    full = "full"
    concise = "concise"
    json = "json"
    github = "github"


class RulesFormat(StrEnum):
    table = "table"
    json = "json"
    markdown = "markdown"


def _version(value: bool) -> None:
    if value:
        typer.echo(f"newscli {__version__}")
        raise typer.Exit()


@app.callback()
def callback(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")
    ] = False,
    verbose: Annotated[
        bool,
        typer.Option("--verbose", help="Show details, such as a traceback on internal errors."),
    ] = False,
) -> None:
    """Lint, curate and repair a newsroom's Markdown articles."""


@app.command()
def lint(
    paths: Annotated[
        list[Path] | None, typer.Argument(help="Article files or folders (default: .).")
    ] = None,
    output_format: Annotated[
        LintFormat, typer.Option("--output-format", help="How to print findings.")
    ] = LintFormat.full,
    strict: Annotated[bool, typer.Option("--strict", help="Exit 1 on warnings too.")] = False,
    root: Annotated[
        Path,
        typer.Option(help="The content root: every article under it is compared for duplicates."),
    ] = Path("."),
) -> None:
    """Check article files against the article format."""
    from newscli.config import Settings
    from newscli.linter import lint as run_lint
    from newscli.reporters import REPORTERS, summary_counts, summary_line

    report = run_lint(paths or [Path(".")], root, Settings())
    REPORTERS[output_format.value](report, sys.stdout)
    sys.stdout.flush()
    typer.echo(summary_line(report), err=True)
    counts = summary_counts(report)
    failed = counts["errors"] > 0 or (strict and counts["warnings"] > 0)
    raise typer.Exit(EXIT_FINDINGS if failed else EXIT_OK)


@app.command()
def rules(
    output_format: Annotated[
        RulesFormat,
        typer.Option("--output-format", help="table, json or markdown (docs/rules.md)."),
    ] = RulesFormat.table,
) -> None:
    """List every rule."""
    from newscli.ruledocs import rules_markdown
    from newscli.rules import RULES

    if output_format is RulesFormat.markdown:
        sys.stdout.write(rules_markdown())
    elif output_format is RulesFormat.json:
        records = [
            {
                "code": r.code,
                "name": r.name,
                "severity": r.severity.value,
                "summary": r.summary,
                "fixable": r.fixable,
            }
            for r in RULES.values()
        ]
        sys.stdout.write(json.dumps(records, indent=2) + "\n")
    else:
        from rich.console import Console
        from rich.table import Table

        table = Table("code", "name", "severity", "what it flags", box=None, highlight=False)
        for r in RULES.values():
            table.add_row(r.code, r.name, r.severity.value, r.summary)
        Console(markup=False, emoji=False, highlight=False).print(table)


@app.command()
def rule(
    code: Annotated[str, typer.Argument(help="A rule code (NC301) or name (invalid-url).")],
) -> None:
    """Explain one rule, with a bad and a good example."""
    from newscli.ruledocs import rule_markdown
    from newscli.rules import RULES

    wanted = code.strip()
    found = RULES.get(wanted.upper()) or next(
        (r for r in RULES.values() if r.name == wanted.lower()), None
    )
    if found is None:
        typer.echo(f"newscli: unknown rule {wanted!r}; `newscli rules` lists them", err=True)
        raise typer.Exit(EXIT_USAGE)
    sys.stdout.write(rule_markdown(found))


def main() -> None:
    """Run the app; an internal error is one line on stderr and exit code 2, never a traceback."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="backslashreplace")
    try:
        app()
    except KeyboardInterrupt:
        sys.exit(130)
    except Exception as error:
        if "--verbose" in sys.argv:
            traceback.print_exc()
        message = str(error).splitlines()[0] if str(error) else type(error).__name__
        sys.stderr.write(f"newscli: internal error: {message} (rerun with --verbose for details)\n")
        sys.exit(EXIT_USAGE)
