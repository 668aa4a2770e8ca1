"""The command line: parse options, call one function, turn the result into output and exit code."""

from __future__ import annotations

import json
import sys
import traceback
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from newscli import __version__
from newscli.text import visible

if TYPE_CHECKING:
    from newscli.config import Resolved

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
    json_lines = "json-lines"
    github = "github"
    sarif = "sarif"


class ConfigFormat(StrEnum):
    text = "text"
    json = "json"


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


ConfigOption = Annotated[
    Path | None, typer.Option("--config", help="Use this configuration file.", dir_okay=False)
]
IsolatedOption = Annotated[
    bool, typer.Option("--isolated", help="Ignore every configuration file.")
]


def _codes(values: list[str] | None) -> list[str] | None:
    """Codes from repeated and comma-separated options: --select NC1,NC3 --select NC501."""
    if values is None:
        return None
    return [code.strip() for value in values for code in value.split(",") if code.strip()]


def _settings(
    config: Path | None, isolated: bool, overrides: dict[str, object] | None = None
) -> Resolved:
    from newscli.config import ConfigError, resolve

    try:
        return resolve(Path.cwd(), config, isolated, overrides)
    except ConfigError as error:
        typer.echo(f"newscli: {error}", err=True)
        raise typer.Exit(EXIT_USAGE) from None


@app.command()
def lint(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(help="Article files or folders (default: the content roots); - for stdin."),
    ] = None,
    output_format: Annotated[
        LintFormat, typer.Option("--output-format", help="How to print findings.")
    ] = LintFormat.full,
    strict: Annotated[bool, typer.Option("--strict", help="Exit 1 on warnings too.")] = False,
    statistics: Annotated[
        bool, typer.Option("--statistics", help="Print a count per rule instead of findings.")
    ] = False,
    select: Annotated[
        list[str] | None, typer.Option(help="Rules to run (codes or prefixes), instead of select.")
    ] = None,
    extend_select: Annotated[list[str] | None, typer.Option(help="Rules to run as well.")] = None,
    ignore: Annotated[list[str] | None, typer.Option(help="Rules not to run.")] = None,
    exclude: Annotated[list[str] | None, typer.Option(help="Globs of paths to skip.")] = None,
    root: Annotated[
        list[Path] | None,
        typer.Option(help="Content root, instead of the configured roots (repeatable)."),
    ] = None,
    since: Annotated[
        str | None, typer.Option(help="Lint the articles changed since this git revision.")
    ] = None,
    stdin_filename: Annotated[
        Path | None, typer.Option(help="The path of the article read from stdin (with -).")
    ] = None,
    config: ConfigOption = None,
    isolated: IsolatedOption = False,
) -> None:
    """Check article files against the article format."""
    from newscli.changes import GitError, changed_articles
    from newscli.linter import StdinFile
    from newscli.linter import lint as run_lint
    from newscli.reporters import REPORTERS, summary_counts, summary_line, write_statistics

    overrides: dict[str, object] = {
        "select": _codes(select),
        "extend-select": _codes(extend_select),
        "ignore": _codes(ignore),
        "exclude": exclude,
        "roots": [str(path) for path in root] if root else None,
    }
    settings = _settings(config, isolated, overrides).settings
    targets = [path for path in paths or [] if str(path) != "-"]
    stdin = None
    if paths and len(targets) < len(paths):
        stdin = StdinFile(stdin_filename or Path("-"), sys.stdin.buffer.read())
    if since is not None:
        try:
            targets += changed_articles(since, Path.cwd())
        except GitError as error:
            typer.echo(f"newscli: --since: {error}", err=True)
            raise typer.Exit(EXIT_USAGE) from None
    elif not paths:
        targets = list(settings.roots)
    report = run_lint(targets, settings, stdin)
    writer = write_statistics if statistics else REPORTERS[output_format.value]
    writer(report, sys.stdout)
    sys.stdout.flush()
    typer.echo(summary_line(report), err=True)
    counts = summary_counts(report)
    failed = counts["errors"] > 0 or (strict and counts["warnings"] > 0)
    raise typer.Exit(EXIT_FINDINGS if failed else EXIT_OK)


@app.command("config")
def show_config(
    output_format: Annotated[
        ConfigFormat, typer.Option("--output-format", help="text or json.")
    ] = ConfigFormat.text,
    config: ConfigOption = None,
    isolated: IsolatedOption = False,
) -> None:
    """Print the resolved settings and where each came from."""
    from newscli.config import describe

    resolved = _settings(config, isolated)
    rows = describe(resolved)
    if output_format is ConfigFormat.json:
        sys.stdout.write(json.dumps(rows, indent=2, ensure_ascii=True) + "\n")
        return
    file = str(resolved.config_file) if resolved.config_file else "none (defaults)"
    sys.stdout.write(f"# configuration file: {visible(file)}\n")
    width = max(len(row["key"]) for row in rows)
    for row in rows:
        sys.stdout.write(f"{row['key']:<{width}} = {visible(row['value'])}  # {row['source']}\n")


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
