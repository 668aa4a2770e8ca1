"""The rules: one module per family, each rule a code, a name, its docs and its check; and the
registry of them all, by code, in the order the docs list them."""

from __future__ import annotations

from newscli.rules import (
    amp_cache,
    collection,
    dates,
    images,
    links,
    loading,
    reachability,
    related,
    secured,
    shape,
    suppression,
    titles,
    vocabulary,
)
from newscli.rules.base import Example, Rule

FAMILIES = (
    loading,
    shape,
    dates,
    links,
    amp_cache,
    vocabulary,
    titles,
    images,
    related,
    secured,
    collection,
    reachability,
    suppression,
)
RULES: dict[str, Rule] = {
    rule.code: rule
    for rule in sorted((rule for family in FAMILIES for rule in family.RULES), key=lambda r: r.code)
}

__all__ = ["FAMILIES", "RULES", "Example", "Rule"]
