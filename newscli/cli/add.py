"""``newscli add URL``: a new article from the page's own metadata."""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import tzinfo
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from newscli.cli.app import app
from newscli.cli.common import count, note, project_of, projects, usage_error
from newscli.cli.options import ColourOption, ConfigChoice, VerboseOption, verbosity, with_config
from newscli.cli.web_access import (
    CaFileOption,
    ConnectToOption,
    PrivateOption,
    authority_of,
    reach_of,
)
from newscli.exit_codes import ExitCode
from newscli.text import visible

if TYPE_CHECKING:
    from httpx import Client

    from newscli.add.article import Choices
    from newscli.add.metadata import Metadata
    from newscli.settings import Settings
    from newscli.web.fetch import Limits
    from newscli.web.routes import Reach


@app.command()
@with_config
def add(
    url: Annotated[str | None, typer.Argument(help="The page of the story.")] = None,
    *,
    source_list: Annotated[
        Path | None,
        typer.Option(
            "--from", metavar="FILE", help="Add each URL of FILE (one a line; - for stdin)."
        ),
    ] = None,
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
        float,
        typer.Option(metavar="SECONDS", help="How long one page may take, as a whole.", min=0.1),
    ] = 20.0,
    max_time: Annotated[
        float | None,
        typer.Option(
            metavar="SECONDS",
            min=1,
            help="With --from: start no page after this long (each is refused by name).",
        ),
    ] = None,
    connect: ConnectToOption = None,
    ca_file: CaFileOption = None,
    allow_private: PrivateOption = False,
    related: Annotated[
        list[str] | None,
        typer.Option("--related", metavar="URL", help="A related story's page (repeatable)."),
    ] = None,
    trust_canonical: Annotated[
        bool,
        typer.Option(
            "--trust-canonical",
            help="Take the page's canonical address even when it names another site than "
            "the one that served the page.",
        ),
    ] = False,
    site_keys: Annotated[
        list[str] | None,
        typer.Option(
            "--set",
            metavar="KEY=VALUE",
            help="A value of one of the site's own keys (extend-schema), read as YAML "
            "(repeatable): --set layout=post --set 'aliases=[/old]'.",
        ),
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
    from newscli.add.article import Choices

    if (url is None) == (source_list is None):
        usage_error("give the URL of one story, or --from a file of them (one a line)")
    if source_list is not None and (html is not None or related):
        usage_error("--html and --related go with one URL, not with --from")
    # The folder's project decides, as it will when the new article is linted there.
    found = projects(choice)
    settings = project_of(found, folder or Path.cwd()).settings
    choices = Choices(
        topics=tuple(topic or ()),
        quality=quality,
        heat=heat,
        category=category,
        type=story_type,
        published=published,
        timezone=_zone(zone or settings.timezone),
        site_keys=_site_keys(site_keys or []),
        trust_canonical=trust_canonical,
    )
    if not choices.topics:
        usage_error("give at least one --topic")
    adding = _Adding(choices, settings, folder or settings.roots[0], dry_run, max_time)
    reach, authority = reach_of(settings, connect, allow_private), authority_of(settings, ca_file)
    with _client(timeout, reach, authority) as (http, limits):
        if url is not None:
            raise typer.Exit(adding.one(http, limits, url, html, related or []))
        raise typer.Exit(adding.many(http, limits, _listed(source_list)))


@dataclass
class _Adding:
    """What every article of one command shares, and the lock that makes writing one at a
    time: a page fetched alongside another is checked against it once that one is written."""

    choices: Choices
    settings: Settings
    folder: Path
    dry_run: bool
    max_time: float | None = None  # for a --from run as a whole
    lock: threading.Lock = field(default_factory=threading.Lock)

    def one(
        self, http: Client, limits: Limits, url: str, html: Path | None, related: list[str]
    ) -> ExitCode:
        from newscli.add.article import AddError

        try:
            note(self.add(http, limits, url, html, related))
        except AddError as error:
            note(f"newscli: {visible(str(error))}")
            return ExitCode.FINDINGS
        except Exception as error:  # a page's surprise is one line about that page
            note(f"newscli: {visible(url)}: could not be added ({type(error).__name__})")
            return ExitCode.FINDINGS
        return ExitCode.OK

    def many(self, http: Client, limits: Limits, urls: list[str]) -> ExitCode:
        from newscli.add.article import AddError
        from newscli.add.batch import side_by_side
        from newscli.cli.progress import progress_bar

        end = None if self.max_time is None else time.monotonic() + self.max_time

        def work(page: str) -> str:
            if end is not None and time.monotonic() > end:
                raise AddError(
                    f"{page}: not fetched: the run's time limit of {self.max_time:g} s was up"
                )
            return self.add(http, limits, page, None, [])

        failed = 0
        with progress_bar("Adding articles", False, show_from=2) as progress:
            for done, (_, outcome) in enumerate(side_by_side(urls, work), 1):
                if isinstance(outcome, AddError):
                    failed += 1
                    note(f"newscli: {visible(str(outcome))}")
                elif not self.dry_run:
                    note(outcome)
                if progress:
                    progress(done, len(urls))
        note(f"Added {count(len(urls) - failed, 'article')}; {failed:,} failed.")
        return ExitCode.FINDINGS if failed else ExitCode.OK

    def add(
        self, http: Client, limits: Limits, url: str, html: Path | None, related: list[str]
    ) -> str:
        """Read, check and write one article; what to say of it (raises AddError)."""
        from newscli.add.article import article_fields
        from newscli.add.new_file import article_path, checked_text, write_article

        pages = [
            _page(http, page, limits, html if index == 0 else None)
            for index, page in enumerate([url, *related])
        ]
        notes: list[str] = []
        fields = article_fields(
            *pages[0], self.choices, self.settings, related=pages[1:], notes=notes
        )
        for text in notes:
            note(f"newscli: warning: {visible(text)}")
        if verbosity.verbose or self.dry_run:
            for name, source in pages[0][0].sources.items():
                note(f"newscli: {visible(url)}: {_FIELDS.get(name, name)} from {source}")
        with self.lock:
            path = article_path(fields, self.folder)
            article = checked_text(fields, path, self.settings)
            if self.dry_run:
                sys.stdout.write(article)
                return ""
            write_article(article, path)
        return f"Wrote {visible(str(path))}."


# The names the page's fields have in the article, for saying where each came from.
_FIELDS = {
    "published": "publishedDateTime",
    "canonical": "sourceUrl",
    "amp": "ampUrl",
    "publisher": "provider.name",
    "site_name": "provider.name (site name)",
    "description": "excerpt",
}


def _listed(source: Path | None) -> list[str]:
    """The URLs of a --from file (or of stdin for -): one a line, blank lines and # comments
    left out."""
    try:
        text = sys.stdin.read() if str(source) == "-" else Path(str(source)).read_text("utf-8")
    except (OSError, UnicodeDecodeError) as error:
        usage_error(f"--from: {visible(str(source))} cannot be read: {error}")
    return [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]


@contextmanager
def _client(seconds: float, reach: Reach, ca_file: Path | None) -> Iterator[tuple[Client, Limits]]:
    from newscli.web.fetch import Limits, client

    limits = Limits(seconds=seconds)
    with client(limits, reach, ca_file) as http:
        yield http, limits


def _page(http: Client, url: str, limits: Limits, html: Path | None) -> tuple[Metadata, str]:
    from newscli.add.article import AddError
    from newscli.add.metadata import read_metadata, with_sizes
    from newscli.web.fetch import FetchError, fetch_page

    if html is not None:
        from newscli.files.reading import Unreadable, read_file
        from newscli.web.values import decoded

        saved = read_file(html, limits.max_bytes)  # a regular file, as large as a page may be
        if isinstance(saved, Unreadable):
            raise AddError(f"{html}: {saved.reason}")
        return read_metadata(decoded(saved.data, "utf-8"), url), url
    try:
        page = fetch_page(http, url, limits)
    except FetchError as error:
        raise AddError(str(error)) from None
    meta = read_metadata(page.text, page.url)
    meta.images = with_sizes(meta.images, lambda image: _image_head(http, limits, page.url, image))
    return meta, page.url


def _site_keys(given: list[str]) -> tuple[tuple[str, Any], ...]:
    """``--set KEY=VALUE`` pairs, each value read as a YAML value (text, number, list, ...)."""
    import yaml

    from newscli.rules.article_schema import schema

    own = schema()["properties"]
    pairs = []
    for item in given:
        key, equals, text = item.partition("=")
        if not equals or not key.strip():
            usage_error(f"--set {visible(item)}: write KEY=VALUE")
        if key.strip() in own:
            usage_error(f"--set {visible(item)}: `{key.strip()}` is the format's own key")
        try:
            value = yaml.safe_load(text) if text.strip() else ""
        except yaml.YAMLError:
            usage_error(f"--set {visible(item)}: the value is not YAML")
        pairs.append((key.strip(), value))
    return tuple(pairs)


def _image_head(http: Client, limits: Limits, page: str, image: str) -> bytes | None:
    from newscli.web.fetch import image_head
    from newscli.web.values import joined

    url = joined(page, image)
    return None if url is None else image_head(http, url, limits.seconds)


def _zone(text: str | None) -> tzinfo | None:
    from newscli.zones import time_zone

    if text is None:
        return None
    zone = time_zone(text)
    if zone is None:
        usage_error(f"--timezone: {visible(text)!r} is not a time zone (Europe/Berlin, +02:00)")
    return zone
