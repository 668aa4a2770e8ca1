"""How often what ``newscli add`` takes from a page agrees with what the page says, field by
field, over the corpus of saved pages in tests/data/pages (expected fields in expected.json).

    python benchmarks/extraction_benchmark.py
"""

from __future__ import annotations

import json
from collections import Counter
from datetime import UTC
from pathlib import Path

from newscli.add.article import AddError, Choices, article_fields
from newscli.add.metadata import read_metadata
from newscli.settings import Settings

PAGES = Path(__file__).parent.parent / "tests" / "data" / "pages"
FIELDS = ("title", "published", "provider", "image")


def main() -> None:
    expected = json.loads((PAGES / "expected.json").read_text("utf-8"))
    stated: Counter[str] = Counter()
    agreed: Counter[str] = Counter()
    refused = 0
    for name, wanted in sorted(expected.items()):
        meta = read_metadata((PAGES / name).read_text("utf-8"), wanted["url"])
        try:
            fields = article_fields(
                meta, wanted["url"], Choices(topics=("AI",), quality=50, timezone=UTC), Settings()
            )
        except AddError:
            refused += 1
            continue
        found = {
            "title": fields["title"],
            "published": meta.published,
            "provider": fields["provider"]["name"],
            "image": meta.images[0].url if meta.images else None,
        }
        for field in FIELDS:
            if field in wanted:
                stated[field] += 1
                agreed[field] += found[field] == wanted[field]
    print(f"{len(expected)} pages, {refused} refused")
    for field in FIELDS:
        if stated[field]:
            share = agreed[field] / stated[field]
            print(f"{field:<10} {agreed[field]:>3} of {stated[field]:>3}  {share:6.1%}")
    total = sum(stated.values())
    print(
        f"{'all':<10} {sum(agreed.values()):>3} of {total:>3}  {sum(agreed.values()) / total:6.1%}"
    )


if __name__ == "__main__":
    main()
