"""``newscli add URL``: a new article from the page's own metadata."""

from __future__ import annotations

import sys
from datetime import UTC, datetime, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from newscli.cli.app import app
from newscli.cli.common import note, resolve_settings, usage_error
from newscli.cli.options import ColourOption, ConfigChoice, VerboseOption, with_config
from newscli.exit_codes import ExitCode
from newscli.text import visible

if TYPE_CHECKING:
    from httpx import Client

    from newscli.add.metadata import Metadata
    from newscli.web.fetch import Limits, Route


@app.command()
@with_config
def add(
    url: Annotated[str | None, typer.Argument(help="The page of the story.")] = None,
    *,
    topic: Annotated[
        list[str] | None, typer.Option("--topic", help="A topic of the story (repeatable).")
    ] = None,
    quality: Annotated[
        int, typer.Option(help="The editor's rating, 0 to 100.", min=0, max=100)
    ] = 50,
    heat: Annotated[int, typer.Option(help="How much attention it gets, 0 or more.", min=0)] = 0,
    category: Annotated[str | None, typer.Option(help="Default: the first configured.")] = None,
    story_type: Annotated[
        str | None, typer.Option("--type", help="Default: the first configured type.")
    ] = None,
    published: Annotated[bool, typer.Option("--published", help="Show it at once.")] = False,
    zone: Annotated[
        str | None,
        typer.Option(
            "--timezone",
            metavar="ZONE",
            help="For a publication time the page gives without an offset: Europe/Berlin, "
            "+02:00 or UTC.",
        ),
    ] = None,
    folder: Annotated[
        Path | None, typer.Option(help="Where to write it (default: the first content root).")
    ] = None,
    html: Annotated[
        Path | None, typer.Option(help="Read a saved page instead of fetching URL.")
    ] = None,
    timeout: Annotated[
        float, typer.Option(metavar="SECONDS", help="How long to wait for the page.", min=0.1)
    ] = 20.0,
    connect: Annotated[
        list[str] | None,
        typer.Option(
            "--connect-to",
            metavar="HOST:PORT:ADDRESS:PORT2",
            help="Connect to ADDRESS:PORT2 for HOST:PORT, as curl does (a test server).",
        ),
    ] = None,
    ca_file: Annotated[
        Path | None, typer.Option(help="Trust this certificate authority instead of the system's.")
    ] = None,
    related: Annotated[
        list[str] | None,
        typer.Option("--related", metavar="URL", help="A related story's page (repeatable)."),
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Print the article; write nothing.")
    ] = False,
    choice: ConfigChoice,
    verbose: VerboseOption = False,
    color: ColourOption = None,
) -> None:
    """Write a new article from the page's metadata (title, excerpt, date, canonical and AMP
    URLs, provider, images), checked by lint before it is written; never over another file."""
    from newscli.add.article import AddError, Choices, article_fields
    from newscli.add.new_file import article_path, checked_text, write_article

    if url is None:
        usage_error("give the URL of the story (with --html, the URL the page was saved from)")
    settings = resolve_settings(choice).settings
    choices = Choices(
        topics=tuple(topic or ()),
        quality=quality,
        heat=heat,
        category=category,
        type=story_type,
        published=published,
        timezone=_zone(zone) if zone else None,
    )
    if not choices.topics:
        usage_error("give at least one --topic")
    try:
        pages = _pages([url, *(related or [])], html, timeout, _routes(connect or []), ca_file)
        fields = article_fields(*pages[0], choices, settings, related=pages[1:])
        path = article_path(fields, folder or settings.roots[0])
        article = checked_text(fields, path, settings)
        if dry_run:
            sys.stdout.write(article)
            raise typer.Exit(ExitCode.OK)
        write_article(article, path)
    except AddError as error:
        note(f"newscli: {visible(str(error))}")
        raise typer.Exit(ExitCode.FINDINGS) from None
    note(f"Wrote {visible(str(path))}.")


def _routes(texts: list[str]) -> dict[Route, Route]:
    from newscli.web.fetch import connect_to

    routes = {}
    for text in texts:
        try:
            origin, target = connect_to(text)
        except ValueError as error:
            usage_error(f"--connect-to: {visible(str(error))}")
        routes[origin] = target
    return routes


def _pages(
    urls: list[str],
    html: Path | None,
    seconds: float,
    routes: dict[Route, Route],
    ca_file: Path | None,
) -> list[tuple[Metadata, str]]:
    """What each page says of itself, with the URL it was read from: the first from ``html``
    when given (a saved page, read without the network), the others fetched. Images without a
    size in the markup are measured from their own first bytes."""
    from newscli.web.fetch import Limits, client

    limits = Limits(seconds=seconds)
    with client(limits, routes, ca_file) as http:
        return [
            _page(http, url, limits, html if index == 0 else None) for index, url in enumerate(urls)
        ]


def _page(http: Client, url: str, limits: Limits, html: Path | None) -> tuple[Metadata, str]:
    from urllib.parse import urljoin

    from newscli.add.article import AddError
    from newscli.add.metadata import read_metadata, with_sizes
    from newscli.web.fetch import FetchError, fetch_page, image_head

    if html is not None:
        try:
            return read_metadata(html.read_bytes().decode("utf-8", "replace")), url
        except OSError as error:
            raise AddError(f"{html}: cannot be read: {error.strerror or error}") from None
    try:
        page = fetch_page(http, url, limits)
    except FetchError as error:
        raise AddError(str(error)) from None
    meta = read_metadata(page.text)
    meta.images = with_sizes(meta.images, lambda image: image_head(http, urljoin(page.url, image)))
    return meta, page.url


def _zone(text: str) -> tzinfo:
    if text.upper() in ("UTC", "Z"):
        return UTC
    try:
        return datetime.strptime(text, "%z").tzinfo or UTC
    except ValueError:
        pass
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        return ZoneInfo(text)
    except (ZoneInfoNotFoundError, ValueError):
        usage_error(f"--timezone: {visible(text)!r} is not a time zone (Europe/Berlin, +02:00)")
