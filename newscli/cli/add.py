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
    from newscli.add.metadata import Metadata
    from newscli.web.fetch import Route


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
        meta, page_url = _metadata(url, html, timeout, _routes(connect or []), ca_file)
        fields = article_fields(meta, page_url, choices, settings)
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


def _metadata(
    url: str, html: Path | None, seconds: float, routes: dict[Route, Route], ca_file: Path | None
) -> tuple[Metadata, str]:
    """What the page says of itself, its images' sizes read from them where it gives none,
    and the URL it was read from."""
    from urllib.parse import urljoin

    from newscli.add.article import AddError
    from newscli.add.metadata import read_metadata, with_sizes
    from newscli.web.fetch import FetchError, Limits, client, fetch_page, image_head

    limits = Limits(seconds=seconds)
    with client(limits, routes, ca_file) as http:
        if html is not None:
            try:
                page_url, text = url, html.read_bytes().decode("utf-8", "replace")
            except OSError as error:
                raise AddError(f"{html}: cannot be read: {error.strerror or error}") from None
        else:
            try:
                page = fetch_page(http, url, limits)
            except FetchError as error:
                raise AddError(str(error)) from None
            page_url, text = page.url, page.text
        meta = read_metadata(text)
        if html is None:  # a saved page is read without the network
            meta.images = with_sizes(
                meta.images, lambda image: image_head(http, urljoin(page_url, image))
            )
    return meta, page_url


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
