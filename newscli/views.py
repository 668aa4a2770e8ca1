"""Writing the curation views: story rows as a table, TSV, CSV, JSON, JSON lines or paths,
and collection statistics as bar charts or JSON. Every string from an article is shown as
data: never read as markup, and with control characters made visible."""

from __future__ import annotations

import csv
import json
import re
from collections import Counter
from collections.abc import Callable, Sequence
from typing import Any, TextIO

from newscli.rules.links import url_problem
from newscli.stories import Story
from newscli.text import visible

Row = tuple[Story, float]
VERSION = 1
FORMATS = ("table", "tsv", "csv", "json", "jsonl", "paths")


def record(story: Story, score: float, rank: int | None = None) -> dict[str, Any]:
    """A story as data: the documented, stable shape of the json and jsonl formats."""
    data: dict[str, Any] = {} if rank is None else {"rank": rank}
    data.update(
        {
            "date": story.published_at.isoformat() if story.published_at else None,
            "title": story.title,
            "provider": story.provider,
            "domain": story.domain,
            "topics": list(story.topics),
            "category": story.category,
            "type": story.type,
            "quality": story.quality,
            "heat": story.heat,
            "published": story.published,
            "sourceUrl": story.source_url,
            "score": score,
            "path": story.path,
            "full_path": story.full_path,
        }
    )
    return data


def _columns(ranked: bool) -> list[str]:
    return [
        *(["rank"] if ranked else []),
        "date",
        "title",
        "provider",
        "topics",
        "quality",
        "heat",
        *(["score"] if ranked else []),
        "path",
    ]


def _cells(story: Story, score: float, rank: int | None) -> list[str]:
    return [
        *([] if rank is None else [str(rank)]),
        story.published_at.date().isoformat() if story.published_at else "",
        story.title,
        story.provider or story.domain,
        ", ".join(story.topics),
        "" if story.quality is None else str(story.quality),
        "" if story.heat is None else str(story.heat),
        *([f"{score:.3g}"] if rank is not None else []),
        story.path,
    ]


def tsv_escape(text: str) -> str:
    """TSV that a reader can undo exactly: backslash doubled, then controls as escapes."""
    return visible(text.replace("\\", "\\\\"))


_TSV_ESCAPE = re.compile(r"\\(\\|t|n|r|x[0-9a-f]{2}|u[0-9a-f]{4})")
_NAMED = {"\\": "\\", "t": "\t", "n": "\n", "r": "\r"}


def tsv_unescape(text: str) -> str:
    def undo(match: re.Match[str]) -> str:
        code = match.group(1)
        return _NAMED.get(code) or chr(int(code[1:], 16))

    return _TSV_ESCAPE.sub(undo, text)


def write_rows(rows: Sequence[Row], output_format: str, out: TextIO, ranked: bool) -> None:
    writers: dict[str, Callable[[Sequence[Row], TextIO, bool], None]] = {
        "table": _table,
        "tsv": _tsv,
        "csv": _csv,
        "json": _json,
        "jsonl": _jsonl,
        "paths": _paths,
    }
    writers[output_format](rows, out, ranked)


def _ranks(rows: Sequence[Row], ranked: bool) -> list[int | None]:
    return list(range(1, len(rows) + 1)) if ranked else [None] * len(rows)


def _tsv(rows: Sequence[Row], out: TextIO, ranked: bool) -> None:
    out.write("\t".join(_columns(ranked)) + "\n")
    for (story, score), rank in zip(rows, _ranks(rows, ranked), strict=True):
        out.write("\t".join(tsv_escape(cell) for cell in _cells(story, score, rank)) + "\n")


def _csv(rows: Sequence[Row], out: TextIO, ranked: bool) -> None:
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(_columns(ranked))
    for (story, score), rank in zip(rows, _ranks(rows, ranked), strict=True):
        writer.writerow([visible(cell) for cell in _cells(story, score, rank)])


def _json(rows: Sequence[Row], out: TextIO, ranked: bool) -> None:
    records = [
        record(story, score, rank)
        for (story, score), rank in zip(rows, _ranks(rows, ranked), strict=True)
    ]
    json.dump({"version": VERSION, "stories": records}, out, ensure_ascii=True, indent=2)
    out.write("\n")


def _jsonl(rows: Sequence[Row], out: TextIO, ranked: bool) -> None:
    for (story, score), rank in zip(rows, _ranks(rows, ranked), strict=True):
        out.write(
            json.dumps({"version": VERSION, **record(story, score, rank)}, ensure_ascii=True) + "\n"
        )


def _paths(rows: Sequence[Row], out: TextIO, ranked: bool) -> None:
    for story, _ in rows:
        out.write(visible(story.path) + "\n")


def _link(url: str) -> str | None:
    """A URL safe to put in a terminal hyperlink: printable ASCII and well formed."""
    if url.isascii() and url.isprintable() and url_problem(url) is None:
        return url
    return None


# Columns that give up width when the table is wider than the terminal, first to last, with
# the narrowest each may get; if that is still too wide, they are left out in the same order.
# The title takes what is left, at least _MIN_TITLE.
_FLEXIBLE = {"path": 12, "topics": 10, "provider": 8}
_MAX_WIDTHS = {"provider": 16, "topics": 24, "path": 40}
_MIN_TITLE = 20
Buckets = Sequence[tuple[int, int | None]]


def column_widths(names: list[str], cells: list[list[str]], total: int) -> dict[str, int]:
    """The width of each column shown, so that the table fits ``total`` characters when it
    can: content widths, capped; flexible columns narrowed, then left out, path first; and
    the title gets the rest."""
    widths = {
        name: min(_MAX_WIDTHS.get(name, 200), max(len(name), *(len(row[i]) for row in cells)))
        for i, name in enumerate(names)
    }
    wanted_title = widths["title"]

    def room_for_title() -> int:
        others = sum(width for name, width in widths.items() if name != "title")
        return total - others - 2 * (len(widths) - 1)

    for name, narrowest in _FLEXIBLE.items():
        if name in widths and room_for_title() < _MIN_TITLE:
            widths[name] = max(narrowest, widths[name] - (_MIN_TITLE - room_for_title()))
    for name in _FLEXIBLE:
        if name in widths and room_for_title() < _MIN_TITLE:
            del widths[name]
    widths["title"] = max(_MIN_TITLE, min(wanted_title, room_for_title()))
    return widths


def _table(rows: Sequence[Row], out: TextIO, ranked: bool) -> None:
    from rich.console import Console
    from rich.style import Style
    from rich.table import Table
    from rich.text import Text

    console = Console(file=out, highlight=False, markup=False, emoji=False)
    names = _columns(ranked)
    cells = [
        [visible(cell) for cell in _cells(story, score, rank)]
        for (story, score), rank in zip(rows, _ranks(rows, ranked), strict=True)
    ]
    widths = column_widths(names, cells, console.width)
    shown = [i for i, name in enumerate(names) if name in widths]
    table = Table(box=None, pad_edge=False, header_style="bold")
    for name in (names[i] for i in shown):
        table.add_column(
            name,
            justify="right" if name in ("rank", "quality", "heat", "score") else "left",
            no_wrap=True,
            overflow="ellipsis",
            width=widths[name],
            style="dim" if name == "path" else None,
        )
    title = [names[i] for i in shown].index("title")
    for (story, _), row in zip(rows, cells, strict=True):
        texts = [Text(row[i]) for i in shown]
        link = _link(story.source_url)
        if link:
            texts[title].stylize(Style(link=link))
        table.add_row(*texts)
    console.print(table)


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
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    console = Console(file=out, highlight=False, markup=False, emoji=False)
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
