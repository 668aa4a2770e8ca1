"""Story rows as data: the record of the json formats, the cells of a table, and the tsv, csv,
json, jsonl and paths formats. Every string from an article is shown as data, with control
characters made visible."""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Sequence
from typing import Any, TextIO

from newscli.curation.stories import Story
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


def columns(ranked: bool) -> list[str]:
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


def relative_scores(rows: Sequence[Row]) -> list[str]:
    """Scores as a person reads them, in every text format: 0 to 100, the best story shown
    being 100 (the json formats keep the score itself)."""
    best = max((score for _, score in rows), default=0.0)
    return [str(round(100 * score / best)) if best > 0 else "0" for _, score in rows]


def shown_rows(rows: Sequence[Row], ranked: bool) -> list[list[str]]:
    """Each row's cells as the text formats show them, scores on the 0 to 100 scale."""
    return [
        cells(story, relative, rank)
        for (story, _), relative, rank in zip(
            rows, relative_scores(rows), ranks(rows, ranked), strict=True
        )
    ]


def cells(story: Story, score: str, rank: int | None) -> list[str]:
    return [
        *([] if rank is None else [str(rank)]),
        story.published_at.date().isoformat() if story.published_at else "",
        story.title,
        story.provider or story.domain,
        ", ".join(story.topics),
        "" if story.quality is None else str(story.quality),
        "" if story.heat is None else str(story.heat),
        *([score] if rank is not None else []),
        story.path,
    ]


def tsv_escape(text: str) -> str:
    """TSV that a reader can undo exactly: backslash doubled, then controls as escapes."""
    return visible(text.replace("\\", "\\\\"))


_TSV_ESCAPE = re.compile(r"\\(\\|t|n|r|x[0-9a-f]{2}|u[0-9a-f]{4}|U[0-9a-f]{8})")
_NAMED = {"\\": "\\", "t": "\t", "n": "\n", "r": "\r"}


def tsv_unescape(text: str) -> str:
    def undo(match: re.Match[str]) -> str:
        code = match.group(1)
        return _NAMED.get(code) or chr(int(code[1:], 16))

    return _TSV_ESCAPE.sub(undo, text)


def ranks(rows: Sequence[Row], ranked: bool) -> list[int | None]:
    return list(range(1, len(rows) + 1)) if ranked else [None] * len(rows)


def write_tsv(rows: Sequence[Row], out: TextIO, ranked: bool) -> None:
    out.write("\t".join(columns(ranked)) + "\n")
    for row in shown_rows(rows, ranked):
        out.write("\t".join(tsv_escape(cell) for cell in row) + "\n")


def write_csv(rows: Sequence[Row], out: TextIO, ranked: bool) -> None:
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns(ranked))
    for row in shown_rows(rows, ranked):
        writer.writerow([visible(cell) for cell in row])


def write_json(rows: Sequence[Row], out: TextIO, ranked: bool) -> None:
    records = [
        record(story, score, rank)
        for (story, score), rank in zip(rows, ranks(rows, ranked), strict=True)
    ]
    json.dump({"version": VERSION, "stories": records}, out, ensure_ascii=True, indent=2)
    out.write("\n")


def write_jsonl(rows: Sequence[Row], out: TextIO, ranked: bool) -> None:
    for (story, score), rank in zip(rows, ranks(rows, ranked), strict=True):
        out.write(
            json.dumps({"version": VERSION, **record(story, score, rank)}, ensure_ascii=True) + "\n"
        )


def write_paths(rows: Sequence[Row], out: TextIO, ranked: bool) -> None:
    for story, _ in rows:
        out.write(visible(story.path) + "\n")
