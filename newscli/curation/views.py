"""The story views by the name ``--output-format`` takes."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TextIO

from newscli.curation.rows import (
    Row,
    write_csv,
    write_json,
    write_jsonl,
    write_paths,
    write_tsv,
)
from newscli.curation.table import write_table


def write_rows(rows: Sequence[Row], output_format: str, out: TextIO, ranked: bool) -> None:
    writers: dict[str, Callable[[Sequence[Row], TextIO, bool], None]] = {
        "table": write_table,
        "tsv": write_tsv,
        "csv": write_csv,
        "json": write_json,
        "jsonl": write_jsonl,
        "paths": write_paths,
    }
    writers[output_format](rows, out, ranked)
