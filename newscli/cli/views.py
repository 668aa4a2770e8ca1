"""``newscli list``, ``top`` and ``stats``: the curation views, over the same chosen stories."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

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
    FormatOption,
    LimitOption,
    PathsArgument,
    RankKey,
    SortKey,
    StatsFormat,
    StoryOptions,
    StrictOption,
    VerboseOption,
    ViewFormat,
    with_config,
    with_story_options,
)
from newscli.exit_codes import ExitCode
from newscli.text import visible

if TYPE_CHECKING:
    from newscli.curation.filters import Filters
    from newscli.curation.stories import Story
    from newscli.settings import Settings


@dataclass(frozen=True, slots=True)
class Chosen:
    """The stories a view shows, the settings and reference time, and how many files failed."""

    stories: list[Story]
    settings: Settings
    now: datetime
    skipped: int


def choose(paths: list[Path] | None, options: StoryOptions, choice: ConfigChoice) -> Chosen:
    """Load the stories under ``paths`` and keep those the filter options select; each file
    that could not be loaded is one line on stderr."""
    from newscli.curation.filters import keep
    from newscli.curation.stories import load_stories

    if options.all and options.unpublished:
        usage_error("--all and --unpublished contradict each other: use one")
    now = _now(options.now)
    filters = _filters(options, now)
    found = projects(choice)
    work = assigned(found, paths or [], given=bool(paths))
    loads = each_project(
        found, work, lambda project, group, nested: load_stories(group, project.settings, nested)
    )
    stories = [story for loaded, _ in loads for story in loaded]
    skipped = [item for _, failed in loads for item in failed]
    # Ranking and the feed's description follow the first project's settings.
    first = next(iter(work.groups), None) or project_of(found, Path.cwd())
    settings = first.settings
    for item in skipped:
        note(f"newscli: skipped {visible(item.path)}: {visible(item.reason)}")
    if skipped:
        note(f"{count(len(skipped), 'file')} skipped; `newscli lint` says why.")
    return Chosen(keep(stories, filters), settings, now, len(skipped))


def _moment(text: str | None, now: datetime, option: str) -> datetime | None:
    from newscli.curation.filters import TimeError, parse_time

    if text is None:
        return None
    try:
        return parse_time(text, now)
    except TimeError as error:
        usage_error(f"{option}: {error}")


def _filters(options: StoryOptions, now: datetime) -> Filters:
    from newscli.curation.filters import Filters

    return Filters(
        topics=tuple(options.topic or ()),
        provider=options.provider,
        category=options.category,
        type=options.type,
        since=_moment(options.since, now, "--since"),
        until=_moment(options.until, now, "--until"),
        min_quality=options.min_quality,
        published=None if options.all else not options.unpublished,
    )


def _now(text: str | None) -> datetime:
    now = datetime.now(UTC)
    return _moment(text, now, "--now") or now


def _format(output_format: ViewFormat | None) -> ViewFormat:
    return output_format or (ViewFormat.table if sys.stdout.isatty() else ViewFormat.tsv)


def _show(
    rows: list[tuple[Story, float]], output_format: ViewFormat | None, ranked: bool, failed: bool
) -> None:
    from newscli.curation.views import write_rows

    write_rows(rows, _format(output_format).value, sys.stdout, ranked)
    raise typer.Exit(ExitCode.FINDINGS if failed else ExitCode.OK)


@app.command("list")
@with_story_options
@with_config
def list_stories(
    paths: PathsArgument = None,
    *,
    options: StoryOptions,
    sort: Annotated[
        SortKey,
        typer.Option(
            metavar="ORDER",
            help="date (newest first), quality, heat, score (best first) or title (A to Z).",
        ),
    ] = SortKey.date,
    reverse: Annotated[bool, typer.Option("--reverse", help="The opposite order.")] = False,
    limit: LimitOption = None,
    output_format: FormatOption = None,
    strict: StrictOption = False,
    choice: ConfigChoice,
    verbose: VerboseOption = False,
    color: ColourOption = None,
) -> None:
    """One row per article: date, title, provider, topics, quality, heat, path."""
    from newscli.curation.ranking import ranked

    chosen = choose(paths, options, choice)
    rows = ranked(chosen.stories, sort.value, chosen.now, chosen.settings.gravity, reverse)
    shown = rows[:limit] if limit is not None else rows
    _show(shown, output_format, False, strict and chosen.skipped > 0)


@app.command()
@with_story_options
@with_config
def top(
    paths: PathsArgument = None,
    *,
    options: StoryOptions,
    by: Annotated[
        RankKey, typer.Option(metavar="KEY", help="Rank by score, quality or heat.")
    ] = RankKey.score,
    limit: Annotated[int, typer.Option(min=0, help="How many stories.")] = 10,
    output_format: FormatOption = None,
    strict: StrictOption = False,
    choice: ConfigChoice,
    verbose: VerboseOption = False,
    color: ColourOption = None,
) -> None:
    """The best published stories first, ranked by a score that falls as a story ages."""
    from newscli.curation.ranking import ranked

    chosen = choose(paths, options, choice)
    rows = ranked(chosen.stories, by.value, chosen.now, chosen.settings.gravity)
    if rows and _format(output_format) is ViewFormat.table:
        note(f"{min(limit, len(rows)):,} of {count(len(rows), 'matching story')}")
    _show(rows[:limit], output_format, True, strict and chosen.skipped > 0)


@app.command()
@with_story_options
@with_config
def stats(
    paths: PathsArgument = None,
    *,
    options: StoryOptions,
    output_format: Annotated[
        StatsFormat,
        typer.Option("--output-format", metavar="FORMAT", help="table (bar charts) or json."),
    ] = StatsFormat.table,
    strict: StrictOption = False,
    choice: ConfigChoice,
    verbose: VerboseOption = False,
    color: ColourOption = None,
) -> None:
    """Counts by topic, provider, category and month, and the spread of quality and heat."""
    from newscli.curation.stats import statistics, write_statistics

    chosen = choose(paths, options, choice)
    write_statistics(statistics(chosen.stories), output_format.value, sys.stdout)
    raise typer.Exit(ExitCode.FINDINGS if strict and chosen.skipped else ExitCode.OK)
