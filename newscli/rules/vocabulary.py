"""Rules about values from a vocabulary: categories, types and topics."""

from __future__ import annotations

from collections.abc import Iterator

from newscli.document.fields import text_fields
from newscli.document.model import Document
from newscli.findings import Problem, Severity
from newscli.rules.base import Example, Rule
from newscli.settings import Settings
from newscli.text import closest, quote


def _suggest(value: str, allowed: tuple[str, ...]) -> str:
    guess = closest(value, allowed)
    return f"; did you mean {quote(guess)}?" if guess else f"; expected one of {', '.join(allowed)}"


def _vocabulary_problems(
    document: Document, key: str, allowed: tuple[str, ...], what: str, related: bool
) -> Iterator[Problem]:
    for pointer, value in text_fields(document, key):
        if (related or pointer == f"/{key}") and value and value not in allowed:
            yield Problem(
                f"{quote(value)} is not a known {what}{_suggest(value, allowed)}", pointer
            )


def check_categories(document: Document, settings: Settings) -> Iterator[Problem]:
    yield from _vocabulary_problems(document, "category", settings.categories, "category", False)


UNKNOWN_CATEGORY = Rule(
    "NC501",
    "unknown-category",
    Severity.ERROR,
    "`category` is not one of the configured categories.",
    "Categories decide which section of the site shows the story; an unknown one (often a "
    "typo or a plural) leaves the story in no section. The defaults are news, blog, research, "
    "opinion, video, podcast and press-release.",
    Example("category: News\n"),
    Example("category: news\n"),
    check=check_categories,
)


def check_types(document: Document, settings: Settings) -> Iterator[Problem]:
    yield from _vocabulary_problems(document, "type", settings.types, "type", True)


UNKNOWN_TYPE = Rule(
    "NC502",
    "unknown-type",
    Severity.ERROR,
    "`type` is not one of the configured types.",
    "The type picks the template a story is shown with (an article, a video, a podcast, a "
    "paper); an unknown type falls back to nothing. Related stories are checked too.",
    Example("type: articles\n"),
    Example("type: article\n"),
    check=check_types,
)


def check_topics(document: Document, settings: Settings) -> Iterator[Problem]:
    if not settings.topics:
        return
    topics = document.fields.get("topics")
    if isinstance(topics, list):
        for index, topic in enumerate(topics):
            if isinstance(topic, str) and topic and topic not in settings.topics:
                hint = _suggest(topic, settings.topics)
                yield Problem(
                    f"{quote(topic)} is not in the topic vocabulary{hint}", f"/topics/{index}"
                )


UNKNOWN_TOPIC = Rule(
    "NC503",
    "unknown-topic",
    Severity.ERROR,
    "A topic is not in the configured topic vocabulary.",
    "When the newsroom keeps a list of topics, a topic outside it (`A.I.` for `AI`) creates a "
    "topic page with one story and hides the story from the real one. With no vocabulary "
    "configured, any topic is accepted.",
    Example("topics:\n  - A.I.\n", settings={"topics": ("AI", "Markets")}),
    Example("topics:\n  - AI\n", settings={"topics": ("AI", "Markets")}),
    check=check_topics,
)


def check_duplicate_topics(document: Document, settings: Settings) -> Iterator[Problem]:
    topics = document.fields.get("topics")
    if not isinstance(topics, list):
        return
    first: dict[str, int] = {}
    for index, topic in enumerate(topics):
        if not isinstance(topic, str):
            continue
        key = topic.casefold()
        if key in first:
            yield Problem(
                f"the topic {quote(topic)} is listed twice (also topics[{first[key]}])",
                f"/topics/{index}",
            )
        else:
            first[key] = index


DUPLICATE_TOPIC = Rule(
    "NC504",
    "duplicate-topic",
    Severity.ERROR,
    "A topic is listed twice (ignoring case).",
    "Topics are a set: a repeated topic (`AI` and `ai`) counts the story twice on a topic page "
    "and is always a copy-paste slip.",
    Example("topics:\n  - AI\n  - Markets\n  - ai\n"),
    Example("topics:\n  - AI\n  - Markets\n"),
    check=check_duplicate_topics,
)


COVERS = "vocabularies: categories, types and topics"
RULES = [UNKNOWN_CATEGORY, UNKNOWN_TYPE, UNKNOWN_TOPIC, DUPLICATE_TOPIC]
