"""The story table for a terminal: column widths that fit, links on titles, never markup."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TextIO

from newscli.curation.rows import Row, cells, columns, ranks
from newscli.text import visible
from newscli.urls import url_problem


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


def write_table(rows: Sequence[Row], out: TextIO, ranked: bool) -> None:
    from rich.console import Console
    from rich.style import Style
    from rich.table import Table
    from rich.text import Text

    console = Console(file=out, highlight=False, markup=False, emoji=False)
    names = columns(ranked)
    shown_cells = [
        [visible(cell) for cell in cells(story, score, rank)]
        for (story, score), rank in zip(rows, ranks(rows, ranked), strict=True)
    ]
    widths = column_widths(names, shown_cells, console.width)
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
    for (story, _), row in zip(rows, shown_cells, strict=True):
        texts = [Text(row[i]) for i in shown]
        link = _link(story.source_url)
        if link:
            texts[title].stylize(Style(link=link))
        table.add_row(*texts)
    console.print(table)
