"""Rules that compare the articles of a collection with each other."""

from __future__ import annotations

from newscli.findings import Severity
from newscli.rules.base import Example, Rule

DUPLICATE_SOURCE_URL = Rule(
    "NC601",
    "duplicate-source-url",
    Severity.ERROR,
    "Two articles have the same `sourceUrl`.",
    "One story filed twice shows up twice in every list and splits its heat between the copies. "
    "Both files are reported, each naming the other. When lint is given only some files (as a "
    "pre-commit hook does), it still compares them with every article under the content root.",
    Example("sourceUrl: https://www.reuters.com/markets/rally\n"),
    Example("sourceUrl: https://www.reuters.com/markets/rally-2\n"),
    collection=True,
)

RULES = [DUPLICATE_SOURCE_URL]
