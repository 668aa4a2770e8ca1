"""The story table for a terminal: column widths that fit, links on titles, never markup."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TextIO

from newscli.console import make_console
from newscli.curation.rows import Row, columns, shown_rows
from newscli.text import visible
from newscli.urls import url_problem


def _link(url: str) -> str | None:
    """A URL safe to put in a terminal hyperlink: printable ASCII and well formed."""
    if url.isascii() and url.isprintable() and url_problem(url) is None:
        return url
    return None


# Dates, numbers and headers are never cut. The title takes the width that is left; when it
# would be cut, the path goes first (whole, or not at all), then topics and provider narrow to
# these widths, then leave too, in that order.
_NEVER_CUT = ("rank", "date", "quality", "heat", "score")
_NARROWEST = {"topics": 10, "provider": 8}
_WIDEST = {"provider": 16, "topics": 24}
_MIN_TITLE = 12


def column_widths(names: list[str], cells: list[list[str]], total: int) -> dict[str, int]:
    """The width of each column shown, so that the table fits ``total`` characters when it
    can: dates, numbers, headers and the path at their full width, the title with what is
    left; the path, then topics and provider give way when the title would be cut."""

    def full(index: int, name: str) -> int:
        return max(len(name), *(len(row[index]) for row in cells)) if cells else len(name)

    widths = {name: full(index, name) for index, name in enumerate(names)}
    for name, widest in _WIDEST.items():
        if name in widths:
            widths[name] = min(widest, widths[name])
    wanted_title = widths["title"]

    def room_for_title() -> int:
        others = sum(width for name, width in widths.items() if name != "title")
        return total - others - 2 * (len(widths) - 1)

    if "path" in widths and room_for_title() < wanted_title:
        del widths["path"]
    for name, narrowest in _NARROWEST.items():
        if name in widths and room_for_title() < wanted_title:
            widths[name] = max(narrowest, widths[name] - (wanted_title - room_for_title()))
    for name in _NARROWEST:
        if name in widths and room_for_title() < _MIN_TITLE:
            del widths[name]
    widths["title"] = max(_MIN_TITLE, min(wanted_title, room_for_title()))
    return widths


def write_table(rows: Sequence[Row], out: TextIO, ranked: bool) -> None:
    from rich.style import Style
    from rich.table import Table
    from rich.text import Text

    console = make_console(out)
    if not rows:
        console.print(Text("No stories match."))
        return
    names = columns(ranked)
    shown_cells = [[visible(cell) for cell in row] for row in shown_rows(rows, ranked)]
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
            min_width=widths[name] if name in _NEVER_CUT or name == "path" else None,
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
    if "path" in names and "path" not in widths:
        console.print(Text("(paths left out to fit; --output-format paths lists them)"))
