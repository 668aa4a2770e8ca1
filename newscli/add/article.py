"""From a page's metadata to an article's fields: each value chosen so that it passes its rule
(a value that cannot is refused, with the reason), and the front matter written as YAML that
reads back as the same values."""

from __future__ import annotations

import copy
import functools
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo
from typing import Any

import yaml

from newscli.add.metadata import Metadata
from newscli.rules.amp_cache import derive_cache_url
from newscli.settings import Settings
from newscli.urls import split_url, url_problem, without_tracking
from newscli.web.values import joined

MAX_EXCERPT = 300  # characters of the description kept, cut at a word
# " - Site", " | Site", " \u2013 Site", " \u2014 Site", " : Site", " \u00b7 Site" ending a title.
_SUFFIX = re.compile("\\s+[-|\u2013\u2014:\u00b7]\\s+(?P<site>[^-|\u2013\u2014:\u00b7]+)$")


class AddError(Exception):
    """Why no article can be written from the page, in one line."""


@dataclass(frozen=True, slots=True)
class Choices:
    """What the editor says on the command line about the new article."""

    topics: tuple[str, ...]
    quality: int
    heat: int = 0
    category: str | None = None
    type: str | None = None
    published: bool = False
    timezone: tzinfo | None = None
    site_keys: tuple[tuple[str, Any], ...] = ()  # --set: values of the site's own keys
    trust_canonical: bool = False  # a canonical link to another site names the story


def article_fields(
    meta: Metadata,
    page_url: str,
    choices: Choices,
    settings: Settings,
    related: Sequence[tuple[Metadata, str]] = (),
    notes: list[str] | None = None,
) -> dict[str, Any]:
    """The front matter of the article the page describes, key by key in the usual order;
    ``related`` are the (metadata, URL) of related stories' pages. What the editor should
    know (a canonical link to another site, not taken) goes to ``notes``."""
    notes = [] if notes is None else notes
    story = _story(meta, page_url, choices, settings, notes)
    fields: dict[str, Any] = {
        "title": story["title"],
        "excerpt": excerpt(meta.description or ""),
        "publishedDateTime": story["publishedDateTime"],
        "sourceUrl": story["sourceUrl"],
    }
    amp = _amp_url(meta.amp, page_url, story["provider"]["domain"])
    if amp is not None:
        fields["ampUrl"] = amp
        cache = derive_cache_url(amp)
        if isinstance(cache, str):
            fields["cdnAmpUrl"] = cache
    fields.update(
        category=choices.category or settings.categories[0],
        type=story["type"],
        quality=choices.quality,
        heat=choices.heat,
        published=choices.published,
        provider=story["provider"],
        topics=list(choices.topics),
    )
    images = [
        {"url": joined(page_url, image.url), "width": image.width, "height": image.height}
        for image in meta.images
        if image.width and image.height
    ]
    usable = [image for image in images if image["url"] and _usable(str(image["url"]))]
    if usable:
        fields["images"] = usable
    if related:
        fields["related"] = [
            _story(other, url, choices, settings, notes) | {"quality": choices.quality}
            for other, url in related
        ]
    return fields | _site_fields(choices, settings)


def _site_fields(choices: Choices, settings: Settings) -> dict[str, Any]:
    """The site's own keys (``extend-schema``): those given with --set, then the declared
    keys that have a ``default``. A key the site requires that neither gives is refused by
    name, before anything is fetched again or written."""
    given = dict(choices.site_keys)
    extension = settings.extend_schema
    if extension is None:
        return given
    fields = {}
    for key, declared in extension.declared.items():
        if key in given:
            fields[key] = given.pop(key)
        elif "default" in declared:
            fields[key] = copy.deepcopy(declared["default"])
    fields.update(given)
    missing = [key for key in extension.required if key not in fields]
    if missing:
        keys = ", ".join(f"`{key}`" for key in missing)
        example = f"--set {missing[0]}=VALUE"
        raise AddError(
            f"the site's schema ({extension.path.name}) requires {keys}, which the page cannot "
            f"give and which has no default: give {'it' if len(missing) == 1 else 'them'} "
            f"with {example}"
        )
    return fields


def _story(
    meta: Metadata, page_url: str, choices: Choices, settings: Settings, notes: list[str]
) -> dict[str, Any]:
    """What an article and a related story both give: title, source, date, type, provider."""
    source = source_url(meta.canonical, page_url, settings)
    served = source_url(None, page_url, settings)
    if not choices.trust_canonical and _site(source) != _site(served):
        # A page may claim any publisher's address: the site that served it is the source.
        notes.append(
            f"{page_url}: the page names {source} as its address, on another site than the "
            f"one that served it; {served} is kept (--trust-canonical takes the page's word)"
        )
        source = served
    domain = registrable_domain(split_url(source).hostname)
    provider = meta.publisher or meta.site_name or domain
    title = clean_title(meta.title, {meta.site_name, meta.publisher, provider})
    if not title:
        raise AddError(f"{page_url}: the page gives no title")
    return {
        "title": title,
        "sourceUrl": source,
        "publishedDateTime": _published(meta, choices, page_url, notes),
        "type": choices.type or settings.types[0],
        "provider": {"name": _plain(provider) or domain, "domain": domain},
    }


def source_url(canonical: str | None, page_url: str, settings: Settings) -> str:
    """The canonical URL, resolved against the page's, with tracking parameters and fragment
    removed, and https when the page itself was served over https; the page's own URL when
    the canonical link is missing or not an http(s) URL (a ``javascript:`` one)."""
    candidate = (joined(page_url, canonical) if canonical else None) or page_url
    if not _usable(candidate):
        candidate = page_url
    if not _usable(candidate):
        raise AddError(f"{page_url}: not an http(s) URL an article can name")
    if page_url.lower().startswith("https:") and candidate.lower().startswith("http:"):
        candidate = "https:" + candidate[len("http:") :]
    return without_tracking(candidate.partition("#")[0], settings.tracking_parameters)


def _site(url: str) -> str:
    return registrable_domain(split_url(url).hostname)


def _usable(url: str) -> bool:
    return url_problem(url) is None


def _amp_url(amp: str | None, page_url: str, domain: str) -> str | None:
    """The AMP page, when it is a valid URL on the same site (an ``amphtml`` link to another
    domain is not the article's)."""
    if not amp:
        return None
    resolved = joined(page_url, amp)
    if resolved is None or not _usable(resolved):
        return None
    return resolved if registrable_domain(split_url(resolved).hostname) == domain else None


def registrable_domain(host: str) -> str:
    """The registrable domain of a host (``www.bbc.co.uk`` → ``bbc.co.uk``), from the Public
    Suffix List as the publicsuffixlist package ships it."""
    host = host.lower().rstrip(".")
    return str(_public_suffixes().privatesuffix(host) or host)


@functools.cache  # reading the list takes a moment: once per run
def _public_suffixes() -> Any:
    from publicsuffixlist import PublicSuffixList

    return PublicSuffixList()


def clean_title(title: str | None, site_names: set[str | None]) -> str | None:
    """The title without control or format characters and without a trailing " - Site" or
    " | Site" that only repeats the site's name."""
    text = _plain(title)
    if not text:
        return None
    names = {name.casefold() for name in site_names if name}
    match = _SUFFIX.search(text)
    if match and match["site"].strip().casefold() in names:
        text = text[: match.start()].rstrip()
    return text or None


def excerpt(description: str) -> str:
    text = _plain(description) or ""
    if len(text) <= MAX_EXCERPT:
        return text
    cut = text[: MAX_EXCERPT - 3].rsplit(" ", 1)[0].rstrip(" ,;:.")
    return f"{cut}..."


def _published(meta: Metadata, choices: Choices, page_url: str, notes: list[str]) -> str:
    """The publication time; a date only the URL gives has no time of day, so it is midnight
    in --timezone, said so, or refused without one."""
    if meta.sources.get("published", "").startswith("the date in the URL"):
        if choices.timezone is None:
            raise AddError(
                f"{page_url}: the page gives no publication time but the date in its URL "
                f"({meta.published}), which has no time of day: give --timezone to take "
                "midnight there, or add the time by hand"
            )
        notes.append(f"{page_url}: the publication time is the date in the URL, at midnight")
    return published_at(meta.published, choices.timezone, page_url)


def published_at(text: str | None, timezone: tzinfo | None, page_url: str) -> str:
    """The publication time in RFC 3339 with an offset. A time without one is read in
    ``timezone``; without a timezone, it is not guessed."""
    if not text:
        raise AddError(f"{page_url}: the page gives no publication time; add it by hand")
    try:
        moment = datetime.fromisoformat(text.strip().replace("z", "Z"))
    except ValueError:
        raise AddError(f"{page_url}: the publication time {text!r} is not ISO 8601") from None
    if moment.tzinfo is None:
        if timezone is None:
            raise AddError(
                f"{page_url}: the publication time {text!r} has no offset; "
                "give --timezone (such as Europe/Berlin or +02:00)"
            )
        moment = moment.replace(tzinfo=timezone)
    moment = moment.replace(microsecond=0)
    written = moment.isoformat()
    return written.replace("+00:00", "Z") if moment.utcoffset() == timedelta(0) else written


def _plain(text: str | None) -> str | None:
    """Text without control, format (bidi) or line-separating characters, white space
    collapsed."""
    if not text:
        return None
    kept = "".join(
        " " if char.isspace() else char
        for char in text
        if char.isspace() or unicodedata.category(char) not in ("Cc", "Cf", "Cs", "Co", "Cn")
    )
    return " ".join(kept.split()) or None


def front_matter(fields: dict[str, Any]) -> str:
    """The article's text: its front matter as YAML that reads back as ``fields`` exactly."""
    dumped = yaml.safe_dump(
        fields, sort_keys=False, allow_unicode=True, width=10**6, default_flow_style=False
    )
    if yaml.safe_load(dumped) != fields:  # never write what would read as something else
        raise AddError("the front matter would not read back as written")
    return f"---\n{dumped}---\n"
