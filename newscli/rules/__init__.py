"""The rule registry: every rule newscli knows, by code, in the order the docs list them."""

from __future__ import annotations

from newscli.rules import (
    amp_cache,
    collection,
    content,
    dates,
    links,
    loading,
    shape,
    suppression,
)
from newscli.rules.base import Example, Rule

RULES: dict[str, Rule] = {
    rule.code: rule
    for module in (loading, shape, dates, links, amp_cache, content, collection, suppression)
    for rule in module.RULES
}

__all__ = ["RULES", "Example", "Rule"]
