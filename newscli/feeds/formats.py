"""The three feed formats: RSS 2.0 and Atom 1.0 through feedgen, JSON Feed 1.1 as its spec
writes it. The same items and description give the same bytes: no time is the clock's."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from newscli import __version__
from newscli.feeds.items import FeedItem

JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"


@dataclass(frozen=True, slots=True)
class Channel:
    """What a feed says of itself."""

    title: str
    link: str  # the site the feed describes
    description: str
    updated: datetime
    self_link: str | None = None
    language: str | None = None
    identity: str | None = None  # the feed's id when it has no address of its own


def rss(channel: Channel, items: list[FeedItem]) -> bytes:
    return _generator(channel, items).rss_str(pretty=True)  # type: ignore[no-any-return]


def atom(channel: Channel, items: list[FeedItem]) -> bytes:
    return _generator(channel, items).atom_str(pretty=True)  # type: ignore[no-any-return]


def json_feed(channel: Channel, items: list[FeedItem]) -> bytes:
    feed: dict[str, object] = {
        "version": JSON_FEED_VERSION,
        "title": channel.title,
        "home_page_url": channel.link,
    }
    if channel.self_link:
        feed["feed_url"] = channel.self_link
    feed["description"] = channel.description
    if channel.language:
        feed["language"] = channel.language
    feed["items"] = [_json_item(item) for item in items]
    return (json.dumps(feed, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _json_item(item: FeedItem) -> dict[str, object]:
    entry: dict[str, object] = {"id": item.url, "url": item.url, "title": item.title}
    entry["content_text"] = item.excerpt
    if item.excerpt:
        entry["summary"] = item.excerpt
    if item.image is not None:
        entry["image"] = item.image.url
    entry["date_published"] = item.published.isoformat()
    if item.topics:
        entry["tags"] = list(item.topics)
    if item.provider:
        entry["authors"] = [{"name": item.provider}]
    return entry


FORMATS: dict[str, Callable[[Channel, list[FeedItem]], bytes]] = {
    "rss": rss,
    "atom": atom,
    "json": json_feed,
}


def _generator(channel: Channel, items: list[FeedItem]):  # type: ignore[no-untyped-def]
    from feedgen.feed import FeedGenerator

    feed = FeedGenerator()
    feed.load_extension("media")
    feed.load_extension("dc", atom=False, rss=True)  # dc:creator, RSS's author without e-mail
    feed.id(channel.self_link or channel.identity or channel.link)
    feed.title(channel.title)
    if channel.self_link:
        feed.link(href=channel.self_link, rel="self")
    feed.link(href=channel.link, rel="alternate")  # last: RSS's <link> is the last one given
    feed.description(channel.description)
    if channel.language:
        feed.language(channel.language)
    feed.generator("newscli", __version__)
    feed.updated(channel.updated)
    feed.lastBuildDate(channel.updated)
    for item in items:
        entry = feed.add_entry(order="append")
        entry.id(item.url)
        entry.guid(item.url, permalink=True)
        entry.title(item.title)
        entry.link(href=item.url)
        entry.published(item.published)
        entry.updated(item.published)  # Atom wants one; the article says no more
        if item.excerpt:
            entry.summary(item.excerpt)
        for topic in item.topics:
            entry.category(term=topic)
        if item.provider:
            entry.author(name=item.provider)
            entry.dc.dc_creator(item.provider)
        if item.image is not None:
            entry.media.content(group=None, **_media(item))
    return feed


def _media(item: FeedItem) -> dict[str, str]:
    assert item.image is not None
    image = item.image
    fields = {"url": image.url, "medium": "image"}
    if image.type:
        fields["type"] = image.type
    if image.width and image.height:
        fields["width"], fields["height"] = str(image.width), str(image.height)
    return fields
