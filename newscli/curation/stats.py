"""Collection statistics: counts by topic, provider, category and month, the spread of quality
and heat, as bar charts or JSON."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from typing import Any, TextIO

from newscli.console import make_console
from newscli.curation.rows import VERSION
from newscli.curation.stories import Story
from newscli.text import visible

Buckets = Sequence[tuple[int, int | None]]
QUALITY_BUCKETS: Buckets = [(low, low + 9) for low in range(0, 90, 10)] + [(90, 100)]
HEAT_BUCKETS: Buckets = [(0, 0), (1, 9), (10, 99), (100, 999), (1000, None)]


def statistics(stories: Sequence[Story]) -> dict[str, Any]:
    """Counts by topic, provider, category and month, and the spread of quality and heat."""

    def counted(values: Counter[str]) -> dict[str, int]:
        return dict(sorted(values.items(), key=lambda item: (-item[1], item[0])))

    def bucketed(values: list[int], buckets: Buckets) -> dict[str, int]:
        result = {}
        for low, high in buckets:
            name = f"{low}+" if high is None else str(low) if low == high else f"{low}-{high}"
            result[name] = sum(1 for v in values if v >= low and (high is None or v <= high))
        return result

    return {
        "version": VERSION,
        "articles": len(stories),
        "by_topic": counted(Counter(topic for s in stories for topic in s.topics)),
        "by_provider": counted(Counter(s.provider or s.domain or "(none)" for s in stories)),
        "by_category": counted(Counter(s.category or "(none)" for s in stories)),
        "by_month": dict(
            sorted(
                Counter(
                    s.published_at.strftime("%Y-%m") if s.published_at else "(no date)"
                    for s in stories
                ).items()
            )
        ),
        "quality": bucketed([s.quality for s in stories if s.quality is not None], QUALITY_BUCKETS),
        "heat": bucketed([s.heat for s in stories if s.heat is not None], HEAT_BUCKETS),
    }


def write_statistics(stats: dict[str, Any], output_format: str, out: TextIO) -> None:
    if output_format == "json":
        json.dump(stats, out, ensure_ascii=True, indent=2)
        out.write("\n")
        return
    from rich.table import Table
    from rich.text import Text

    console = make_console(out)
    if not stats["articles"]:
        console.print(Text("No stories match."))
        return
    console.print(Text(f"{stats['articles']:,} articles", style="bold"))
    for key, heading in (
        ("by_topic", "topics"),
        ("by_provider", "providers"),
        ("by_category", "categories"),
        ("by_month", "months"),
        ("quality", "quality"),
        ("heat", "heat"),
    ):
        counts: dict[str, int] = stats[key]
        top = max(counts.values(), default=0)
        table = Table(
            box=None,
            pad_edge=False,
            show_header=False,
            title=heading,
            title_justify="left",
            title_style="bold",
        )
        table.add_column(no_wrap=True, overflow="ellipsis", max_width=30)
        table.add_column(justify="right")
        table.add_column(no_wrap=True)
        for label, count in counts.items():
            bar = "█" * (round(30 * count / top) if top else 0)
            table.add_row(Text(visible(label)), str(count), Text(bar, style="cyan"))
        console.print()
        console.print(table)
