"""The command line: parse options, call one function, turn the result into output and exit code."""

from __future__ import annotations

import json
import os
import sys
import traceback
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from newscli import __version__
from newscli.text import visible

if TYPE_CHECKING:
    from newscli.config import Resolved
    from newscli.rewrite import Change
    from newscli.selection import Filters
    from newscli.settings import Settings
    from newscli.stories import Story

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
        typer.echo(f"newscli: {visible(str(error))}", err=True)
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
    jobs: Annotated[
        int | None,
        typer.Option(min=1, help="Worker processes for many files (default: the CPUs)."),
    ] = None,
    no_cache: Annotated[
        bool, typer.Option("--no-cache", help="Neither read nor write the results cache.")
    ] = False,
    fix: Annotated[bool, typer.Option("--fix", help="Apply safe fixes to the files.")] = False,
    unsafe_fixes: Annotated[
        bool, typer.Option("--unsafe-fixes", help="With --fix or --diff: unsafe fixes too.")
    ] = False,
    diff: Annotated[
        bool, typer.Option("--diff", help="Print the fixes as a diff instead of writing them.")
    ] = False,
    config: ConfigOption = None,
    isolated: IsolatedOption = False,
) -> None:
    """Check article files against the article format; --fix repairs what can be repaired."""
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
            typer.echo(f"newscli: --since: {visible(str(error))}", err=True)
            raise typer.Exit(EXIT_USAGE) from None
    elif not paths:
        targets = list(settings.roots)
    fixer = None
    if fix or diff:
        from newscli.fixes import Fixer

        fixer = Fixer(settings, write=not diff, unsafe=unsafe_fixes)
    cache = None
    if not (no_cache or fixer):
        from newscli.cache import FOLDER, ResultCache

        cache = ResultCache(settings.base / FOLDER, settings)
    from newscli.workers import default_jobs

    report = run_lint(targets, settings, stdin, fixer, jobs or default_jobs(), cache)
    if fixer is not None and diff:
        sys.stdout.write("".join(fixer.diffs))
        _echo_fix_failures(fixer.failures)
        typer.echo(
            f"{_count(fixer.fixed, 'fix')} would be applied to {_count(len(fixer.files), 'file')}.",
            err=True,
        )
        raise typer.Exit(EXIT_FINDINGS if fixer.diffs or fixer.failures else EXIT_OK)
    writer = write_statistics if statistics else REPORTERS[output_format.value]
    writer(report, sys.stdout)
    sys.stdout.flush()
    if fixer is not None:
        _echo_fix_failures(fixer.failures)
        typer.echo(
            f"Fixed {_count(fixer.fixed, 'problem')} in {_count(len(fixer.files), 'file')}.",
            err=True,
        )
    typer.echo(summary_line(report), err=True)
    counts = summary_counts(report)
    failed = counts["errors"] > 0 or (strict and counts["warnings"] > 0)
    failed = failed or bool(fixer and fixer.failures)
    raise typer.Exit(EXIT_FINDINGS if failed else EXIT_OK)


def _count(number: int, word: str) -> str:
    return f"{number:,} {word}{'' if number == 1 else 'es' if word.endswith('x') else 's'}"


def _echo_fix_failures(failures: list[str]) -> None:
    for failure in failures:
        typer.echo(f"newscli: {failure}", err=True)


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
def amp(
    paths: Annotated[
        list[str] | None,
        typer.Argument(
            help="Article files or folders (default: the content roots); or `url` followed by "
            "URLs (or none, to read one a line from stdin) to print their AMP Cache URLs."
        ),
    ] = None,
    write: Annotated[bool, typer.Option("--write", help="Apply the changes.")] = False,
    diff: Annotated[bool, typer.Option("--diff", help="Print the changes as a diff.")] = False,
    check: Annotated[
        bool, typer.Option("--check", help="Exit 1 if anything would change (for CI).")
    ] = False,
    drop: Annotated[
        bool, typer.Option("--drop", help="Remove ampUrl and cdnAmpUrl instead.")
    ] = False,
    config: ConfigOption = None,
    isolated: IsolatedOption = False,
) -> None:
    """Derive each cdnAmpUrl from its ampUrl, decode AMP Cache source URLs, or --drop AMP links.

    Without --write it only prints the plan (file, field, old and new value)."""
    if paths and paths[0] == "url":
        raise typer.Exit(_print_cache_urls(paths[1:]))
    from newscli.amp_repair import repair
    from newscli.discovery import discover
    from newscli.linter import read_document
    from newscli.rewrite import RewriteError, write_atomically

    settings = _settings(config, isolated).settings
    targets = [Path(path) for path in paths] if paths else list(settings.roots)
    changed = failed = 0
    for path in discover(targets, settings.is_excluded):
        result = repair(read_document(path, settings), settings, drop)
        document = result.document
        notes = list(result.plan.notes)
        if result.outcome.refused:
            notes.append(result.outcome.refused)
        for note in notes:
            typer.echo(f"{visible(document.path)}: {visible(note)}", err=True)
        failed += bool(notes)
        if result.outcome.new_bytes is None:
            continue
        changed += 1
        if diff:
            from newscli.fixes import unified_diff

            sys.stdout.write(
                unified_diff(document.path, document.text, result.outcome.document.text)
            )
        else:
            for change in result.plan.changes:
                where = f"{visible(document.path)}:{change.line}"
                sys.stdout.write(f"{where}: {_describe_change(change)}\n")
        if write:
            try:
                write_atomically(path, result.outcome.new_bytes, document.path)
            except RewriteError as error:
                typer.echo(f"newscli: {visible(str(error))}", err=True)
                failed += 1
    verb = "changed" if write else "would change"
    typer.echo(
        f"{_count(changed, 'file')} {verb}; {_count(failed, 'file')} with problems.", err=True
    )
    raise typer.Exit(EXIT_FINDINGS if failed or (check and changed) else EXIT_OK)


def _describe_change(change: Change) -> str:
    from newscli.pointers import label
    from newscli.text import quote

    old = "(missing)" if change.old is None else quote(change.old, 200)
    new = "(removed)" if change.new is None else quote(change.new, 200)
    return f"{label(change.pointer)}: {old} -> {new}"


def _print_cache_urls(urls: list[str]) -> int:
    """Print the AMP Cache URL of each URL; return the exit code."""
    from newscli.amp import cache_url
    from newscli.urls import UrlError

    if not urls:
        urls = [line.strip() for line in sys.stdin.read().splitlines() if line.strip()]
    failed = 0
    for url in urls:
        try:
            sys.stdout.write(cache_url(url) + "\n")
        except UrlError as error:
            typer.echo(f"newscli: {visible(url)} {visible(str(error))}", err=True)
            failed += 1
    return EXIT_FINDINGS if failed else EXIT_OK


class ViewFormat(StrEnum):
    table = "table"
    tsv = "tsv"
    csv = "csv"
    json = "json"
    jsonl = "jsonl"
    paths = "paths"


class SortKey(StrEnum):
    date = "date"
    quality = "quality"
    heat = "heat"
    by_title = "title"  # a member named "title" would hide str.title
    score = "score"


class RankKey(StrEnum):
    score = "score"
    quality = "quality"
    heat = "heat"


class StatsFormat(StrEnum):
    table = "table"
    json = "json"


PathsArgument = Annotated[
    list[Path] | None, typer.Argument(help="Article files or folders (default: the content roots).")
]
TopicOption = Annotated[
    list[str] | None, typer.Option("--topic", help="Keep stories with any of these topics.")
]
ProviderOption = Annotated[
    str | None, typer.Option(help="Keep stories from this provider (domain or name).")
]
CategoryOption = Annotated[str | None, typer.Option(help="Keep stories of this category.")]
TypeOption = Annotated[str | None, typer.Option("--type", help="Keep stories of this type.")]
SinceOption = Annotated[
    str | None,
    typer.Option(help="Published at or after: 2024-05-14, an ISO date-time, 24h, 7d, 4w."),
]
UntilOption = Annotated[str | None, typer.Option(help="Published at or before (same forms).")]
MinQualityOption = Annotated[
    int | None, typer.Option(help="Keep stories of at least this quality.")
]
AllOption = Annotated[bool, typer.Option("--all", help="Published and unpublished stories.")]
UnpublishedOption = Annotated[bool, typer.Option("--unpublished", help="Unpublished stories only.")]
NowOption = Annotated[
    str | None, typer.Option(help="The reference time (ISO date-time), for reproducible runs.")
]
LimitOption = Annotated[int | None, typer.Option(min=0, help="Show at most this many stories.")]
FormatOption = Annotated[
    ViewFormat | None,
    typer.Option("--output-format", help="Default: table on a terminal, tsv when piped."),
]
StrictOption = Annotated[bool, typer.Option("--strict", help="Exit 1 if any file was skipped.")]


def _stories(
    paths: list[Path] | None, config: Path | None, isolated: bool
) -> tuple[list[Story], Settings, int]:
    """The stories under ``paths``, and how many files could not be loaded (each is one line
    on stderr)."""
    from newscli.stories import load_stories

    settings = _settings(config, isolated).settings
    stories, skipped = load_stories(paths or list(settings.roots), settings)
    for item in skipped:
        typer.echo(f"newscli: skipped {visible(item.path)}: {visible(item.reason)}", err=True)
    if skipped:
        typer.echo(f"{_count(len(skipped), 'file')} skipped; `newscli lint` says why.", err=True)
    return stories, settings, len(skipped)


@dataclass(frozen=True)
class _Chosen:
    """The stories a view shows, the settings and reference time, and how many files failed."""

    stories: list[Story]
    settings: Settings
    now: datetime
    skipped: int


def _chosen(
    paths: list[Path] | None,
    config: Path | None,
    isolated: bool,
    now: str | None,
    topic: list[str] | None,
    provider: str | None,
    category: str | None,
    type_: str | None,
    since: str | None,
    until: str | None,
    min_quality: int | None,
    all_: bool,
    unpublished: bool,
) -> _Chosen:
    """Load the stories under ``paths`` and keep those the filter options select."""
    from newscli.selection import select

    reference = _now(now)
    filters = _filters(
        reference, topic, provider, category, type_, since, until, min_quality, all_, unpublished
    )
    stories, settings, skipped = _stories(paths, config, isolated)
    return _Chosen(select(stories, filters), settings, reference, skipped)


def _moment(text: str | None, now: datetime, option: str) -> datetime | None:
    from newscli.selection import TimeError, parse_time

    if text is None:
        return None
    try:
        return parse_time(text, now)
    except TimeError as error:
        typer.echo(f"newscli: {option}: {visible(str(error))}", err=True)
        raise typer.Exit(EXIT_USAGE) from None


def _filters(
    now: datetime,
    topic: list[str] | None,
    provider: str | None,
    category: str | None,
    type_: str | None,
    since: str | None,
    until: str | None,
    min_quality: int | None,
    all_: bool,
    unpublished: bool,
) -> Filters:
    from newscli.selection import Filters

    return Filters(
        topics=tuple(topic or ()),
        provider=provider,
        category=category,
        type=type_,
        since=_moment(since, now, "--since"),
        until=_moment(until, now, "--until"),
        min_quality=min_quality,
        published=None if all_ else not unpublished,
    )


def _now(text: str | None) -> datetime:
    from datetime import UTC

    now = datetime.now(UTC)
    return _moment(text, now, "--now") or now


def _show(
    rows: list[tuple[Story, float]], output_format: ViewFormat | None, ranked: bool, failed: bool
) -> None:
    from newscli.views import write_rows

    chosen = output_format or (ViewFormat.table if sys.stdout.isatty() else ViewFormat.tsv)
    write_rows(rows, chosen.value, sys.stdout, ranked)
    raise typer.Exit(EXIT_FINDINGS if failed else EXIT_OK)


@app.command("list")
def list_stories(
    paths: PathsArgument = None,
    topic: TopicOption = None,
    provider: ProviderOption = None,
    category: CategoryOption = None,
    type_: TypeOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    min_quality: MinQualityOption = None,
    all_: AllOption = False,
    unpublished: UnpublishedOption = False,
    sort: Annotated[SortKey, typer.Option(help="The order (newest, best or A-Z first).")] = (
        SortKey.date
    ),
    reverse: Annotated[bool, typer.Option("--reverse", help="The opposite order.")] = False,
    limit: LimitOption = None,
    now: NowOption = None,
    output_format: FormatOption = None,
    strict: StrictOption = False,
    config: ConfigOption = None,
    isolated: IsolatedOption = False,
) -> None:
    """One row per article: date, title, provider, topics, quality, heat, path."""
    from newscli.ranking import ranked

    chosen = _chosen(
        paths,
        config,
        isolated,
        now,
        topic,
        provider,
        category,
        type_,
        since,
        until,
        min_quality,
        all_,
        unpublished,
    )
    rows = ranked(chosen.stories, sort.value, chosen.now, chosen.settings.gravity, reverse)
    _show(
        rows[:limit] if limit is not None else rows,
        output_format,
        False,
        strict and chosen.skipped > 0,
    )


@app.command()
def top(
    paths: PathsArgument = None,
    topic: TopicOption = None,
    provider: ProviderOption = None,
    category: CategoryOption = None,
    type_: TypeOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    min_quality: MinQualityOption = None,
    all_: AllOption = False,
    unpublished: UnpublishedOption = False,
    by: Annotated[RankKey, typer.Option(help="Rank by score, quality or heat.")] = RankKey.score,
    limit: Annotated[int, typer.Option(min=0, help="How many stories.")] = 10,
    now: NowOption = None,
    output_format: FormatOption = None,
    strict: StrictOption = False,
    config: ConfigOption = None,
    isolated: IsolatedOption = False,
) -> None:
    """The best published stories first, ranked by a score that falls as a story ages."""
    from newscli.ranking import ranked

    chosen = _chosen(
        paths,
        config,
        isolated,
        now,
        topic,
        provider,
        category,
        type_,
        since,
        until,
        min_quality,
        all_,
        unpublished,
    )
    rows = ranked(chosen.stories, by.value, chosen.now, chosen.settings.gravity)
    _show(rows[:limit], output_format, True, strict and chosen.skipped > 0)


@app.command()
def stats(
    paths: PathsArgument = None,
    topic: TopicOption = None,
    provider: ProviderOption = None,
    category: CategoryOption = None,
    type_: TypeOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    min_quality: MinQualityOption = None,
    all_: AllOption = False,
    unpublished: UnpublishedOption = False,
    now: NowOption = None,
    output_format: Annotated[
        StatsFormat, typer.Option("--output-format", help="table (bar charts) or json.")
    ] = StatsFormat.table,
    strict: StrictOption = False,
    config: ConfigOption = None,
    isolated: IsolatedOption = False,
) -> None:
    """Counts by topic, provider, category and month, and the spread of quality and heat."""
    from newscli.views import statistics, write_statistics

    chosen = _chosen(
        paths,
        config,
        isolated,
        now,
        topic,
        provider,
        category,
        type_,
        since,
        until,
        min_quality,
        all_,
        unpublished,
    )
    write_statistics(statistics(chosen.stories), output_format.value, sys.stdout)
    raise typer.Exit(EXIT_FINDINGS if strict and chosen.skipped else EXIT_OK)


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
        typer.echo(
            f"newscli: unknown rule {visible(repr(wanted))}; `newscli rules` lists them", err=True
        )
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
    except BrokenPipeError:
        # The reader went away (`newscli list | head`): stop quietly, as a shell tool does.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(141)
    except Exception as error:
        if "--verbose" in sys.argv:
            traceback.print_exc()
        message = str(error).splitlines()[0] if str(error) else type(error).__name__
        hint = "(rerun with --verbose for details)"
        sys.stderr.write(f"newscli: internal error: {visible(message)} {hint}\n")
        sys.exit(EXIT_USAGE)
