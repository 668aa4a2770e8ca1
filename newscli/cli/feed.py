"""``newscli feed``: the stories ``top`` chooses, as RSS 2.0, Atom 1.0 or JSON Feed 1.1."""

from __future__ import annotations

import dataclasses
import sys
from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from newscli.cli.app import app
from newscli.cli.common import usage_error, write_output
from newscli.cli.options import (
    ColourOption,
    ConfigChoice,
    PathsArgument,
    StoryOptions,
    StrictOption,
    VerboseOption,
    with_config,
    with_story_options,
)
from newscli.cli.views import Chosen, choose
from newscli.exit_codes import ExitCode

if TYPE_CHECKING:
    from newscli.feeds.formats import Channel
    from newscli.feeds.items import FeedItem

_FEED = "Feed"


class FeedFormat(StrEnum):
    rss = "rss"
    atom = "atom"
    json = "json"


class FeedOrder(StrEnum):
    score = "score"
    quality = "quality"
    heat = "heat"
    date = "date"


def _described(help: str) -> object:
    return typer.Option(help=help, rich_help_panel=_FEED)


@app.command()
@with_story_options
@with_config
def feed(
    paths: PathsArgument = None,
    *,
    options: StoryOptions,
    by: Annotated[
        FeedOrder,
        typer.Option(metavar="KEY", help="Rank by score, quality, heat or date (newest first)."),
    ] = FeedOrder.score,
    limit: Annotated[int, typer.Option(min=0, help="How many stories.")] = 10,
    output_format: Annotated[
        FeedFormat, typer.Option("--format", metavar="FORMAT", help="rss, atom or json.")
    ] = FeedFormat.rss,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            dir_okay=False,
            help="Write the feed to this file (only when it changes); default: stdout.",
        ),
    ] = None,
    title: Annotated[str | None, _described("The feed's title.")] = None,
    link: Annotated[str | None, _described("The site the feed describes (a URL).")] = None,
    self_link: Annotated[str | None, _described("The feed's own URL.")] = None,
    description: Annotated[str | None, _described("What the feed is about.")] = None,
    language: Annotated[str | None, _described("Its language, such as en or en-GB.")] = None,
    strict: StrictOption = False,
    choice: ConfigChoice,
    verbose: VerboseOption = False,
    color: ColourOption = None,
) -> None:
    """The best published stories, as top ranks them, as a feed: RSS 2.0, Atom 1.0 or JSON
    Feed 1.1. The same files and --now give the same bytes."""
    from newscli.curation.ranking import ranked
    from newscli.feeds.formats import FORMATS
    from newscli.feeds.items import feed_items
    from newscli.web.values import joined

    if options.all or options.unpublished:
        usage_error("a feed carries published stories only: --all and --unpublished do not apply")
    chosen = choose(paths, options, choice)
    given = {
        "title": title,
        "link": link,
        "self-link": self_link,
        "description": description,
        "language": language,
    }
    described = _description(chosen, given)
    if "self-link" not in described and output is not None:
        # Written as a file of the site: its address is the site's link and the file's name.
        address = joined(described["link"].rstrip("/") + "/", output.name)
        if address is not None:
            described["self-link"] = address
    rows = ranked(chosen.stories, by.value, chosen.now, chosen.settings.gravity)
    items = feed_items([story for story, _ in rows[:limit]], chosen.settings, described["link"])
    channel = _channel(described, items, chosen.now if options.now else None, options)
    channel = dataclasses.replace(
        channel, identity=_identity(described["link"], options, by, limit)
    )
    data = FORMATS[output_format.value](channel, items)
    if output is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    else:
        write_output(output, data)
    raise typer.Exit(ExitCode.FINDINGS if strict and chosen.skipped else ExitCode.OK)


def _identity(link: str, options: StoryOptions, by: FeedOrder, limit: int) -> str:
    """An id of the feed's own for a feed with no address: the site's link and the choice of
    stories, so that two feeds of one site (two topics) never share one."""
    from urllib.parse import urlencode

    chosen = [
        *(("topic", topic) for topic in options.topic or ()),
        *(
            (name, str(value))
            for name, value in (
                ("provider", options.provider),
                ("category", options.category),
                ("type", options.type),
                ("since", options.since),
                ("until", options.until),
                ("min-quality", options.min_quality),
            )
            if value is not None
        ),
        ("by", by.value),
        ("limit", str(limit)),
    ]
    return f"{link.partition('#')[0]}#newscli-feed?{urlencode(chosen)}"


def _description(chosen: Chosen, given: dict[str, str | None]) -> dict[str, str]:
    """The options given, else the configuration's `feed` table; each checked."""
    from newscli.config.keys import feed_value

    described = dict(chosen.settings.feed)
    for name, value in given.items():
        if value is not None:
            try:
                described[name] = feed_value(name, value)
            except ValueError as error:
                usage_error(f"--{name}: {error}")
    if "link" not in described:
        usage_error(
            "a feed needs the link of the site it describes: --link URL, or `link` in the "
            "configuration's `feed` table"
        )
    return described


def _channel(
    described: dict[str, str], items: list[FeedItem], now: datetime | None, options: StoryOptions
) -> Channel:
    """The feed's own fields. It was updated at --now when given, else when its newest story
    was published: the bytes change only when the stories do (an empty feed takes the clock)."""
    from datetime import UTC

    from newscli.feeds.formats import Channel
    from newscli.feeds.items import feed_text

    topics = ", ".join(options.topic or ())
    title = feed_text(described.get("title") or f"Top stories{f': {topics}' if topics else ''}")
    if now is None:
        now = max((item.published for item in items), default=None) or datetime.now(UTC)
    return Channel(
        title=title,
        link=described["link"],
        description=feed_text(described.get("description") or title),
        updated=now,
        self_link=described.get("self-link"),
        language=described.get("language"),
    )
