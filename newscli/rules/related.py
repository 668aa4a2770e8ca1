"""Rules about related stories."""

from __future__ import annotations

from collections.abc import Iterator

from newscli.document.fields import each_article
from newscli.document.model import Document
from newscli.document.pointers import label
from newscli.findings import Problem, Severity
from newscli.rules.base import Example, Rule
from newscli.settings import Settings


def check_related_self(document: Document, settings: Settings) -> Iterator[Problem]:
    own = document.fields.get("sourceUrl")
    for prefix, story in each_article(document):
        if prefix and isinstance(own, str) and story.get("sourceUrl") == own:
            yield Problem(
                f"`{label(prefix)}` is the article itself (same sourceUrl)", f"{prefix}/sourceUrl"
            )


RELATED_IS_SELF = Rule(
    "NC508",
    "related-is-self",
    Severity.ERROR,
    "A related story is the article itself.",
    "A story that lists itself as related sends readers in a circle and wastes one of the few "
    "related slots.",
    Example(
        "sourceUrl: https://www.reuters.com/markets/rally\nrelated:\n"
        "  - title: Markets rally\n    sourceUrl: https://www.reuters.com/markets/rally\n"
        "    publishedDateTime: 2024-05-14T09:30:00Z\n    type: article\n"
        "    provider:\n      name: Reuters\n      domain: reuters.com\n    quality: 80\n"
    ),
    Example(
        "sourceUrl: https://www.reuters.com/markets/rally\nrelated:\n"
        "  - title: Bond yields fall\n    sourceUrl: https://www.reuters.com/markets/bonds\n"
        "    publishedDateTime: 2024-05-14T10:30:00Z\n    type: article\n"
        "    provider:\n      name: Reuters\n      domain: reuters.com\n    quality: 70\n"
    ),
    check=check_related_self,
)


COVERS = "related stories: never the article itself"
RULES = [RELATED_IS_SELF]
