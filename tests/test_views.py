"""The curation views: filters and ranking as pure functions, and what list, top and stats print."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from conftest import REPO, splice
from newscli.cli import app
from newscli.curation.filters import Filters, TimeError, matches, parse_time
from newscli.curation.ranking import ranked, score
from newscli.curation.rows import tsv_unescape
from newscli.curation.stories import Story
from newscli.curation.table import column_widths

NOW = datetime(2024, 6, 1, tzinfo=UTC)
runner = CliRunner()


def story(path: str = "a.md", hours_old: float | None = 10, **fields: object) -> Story:
    values: dict[str, object] = {
        "path": path,
        "title": path,
        "source_url": "",
        "provider": "Reuters",
        "domain": "reuters.com",
        "topics": ("AI",),
        "category": "news",
        "type": "article",
        "quality": 50,
        "heat": 0,
        "published": True,
        "published_at": None if hours_old is None else NOW - timedelta(hours=hours_old),
    }
    values.update(fields)
    return Story(**values)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("24h", NOW - timedelta(hours=24)),
        ("7d", NOW - timedelta(days=7)),
        ("4w", NOW - timedelta(weeks=4)),
        ("2024-05-14", datetime(2024, 5, 14, tzinfo=UTC)),
        ("2024-05-14T09:30:00Z", datetime(2024, 5, 14, 9, 30, tzinfo=UTC)),
        ("2024-05-14T09:30:00+02:00", datetime(2024, 5, 14, 7, 30, tzinfo=UTC)),
        ("2024-05-14T09:30", datetime(2024, 5, 14, 9, 30, tzinfo=UTC)),
    ],
)
def test_parse_time(text: str, expected: datetime) -> None:
    assert parse_time(text, NOW) == expected


@pytest.mark.parametrize("text", ["yesterday", "7y", "2024-13-01", ""])
def test_parse_time_refuses_what_it_cannot_read(text: str) -> None:
    with pytest.raises(TimeError, match="expected an ISO date"):
        parse_time(text, NOW)


@pytest.mark.parametrize(
    ("filters", "fields", "kept"),
    [
        (Filters(), {}, True),
        (Filters(), {"published": False}, False),
        (Filters(published=None), {"published": False}, True),
        (Filters(published=False), {"published": False}, True),
        (Filters(topics=("ai",)), {"topics": ("AI", "Chips")}, True),
        (Filters(topics=("robots", "chips")), {"topics": ("AI", "Chips")}, True),
        (Filters(topics=("robots",)), {"topics": ("AI",)}, False),
        (Filters(provider="reuters"), {}, True),
        (Filters(provider="reuters.com"), {"domain": "reuters.com"}, True),
        (Filters(provider="reuters.com"), {"provider": "R", "domain": "uk.reuters.com"}, True),
        (Filters(provider="bbc.com"), {}, False),
        (Filters(category="NEWS"), {}, True),
        (Filters(type="video"), {}, False),
        (Filters(since=NOW - timedelta(hours=5)), {}, False),
        (Filters(since=NOW - timedelta(hours=20)), {}, True),
        (Filters(until=NOW - timedelta(hours=20)), {}, False),
        (Filters(since=NOW - timedelta(hours=20)), {"published_at": None}, False),
        (Filters(min_quality=50), {}, True),
        (Filters(min_quality=51), {}, False),
        (Filters(min_quality=1), {"quality": None}, False),
    ],
)
def test_filters(filters: Filters, fields: dict[str, Any], kept: bool) -> None:
    assert matches(story(**fields), filters) is kept


def test_score_falls_with_age_and_rises_with_quality_and_heat() -> None:
    assert score(story(hours_old=1), NOW) > score(story(hours_old=48), NOW)
    assert score(story(quality=90), NOW) > score(story(quality=40), NOW)
    assert score(story(heat=500), NOW) > score(story(heat=5), NOW)
    assert score(story(hours_old=0, quality=100, heat=0), NOW, gravity=1.8) == 100 / 2**1.8
    # A future date counts as no age, and a missing quality as nothing.
    assert score(story(hours_old=-5), NOW) == score(story(hours_old=0), NOW)
    assert score(story(quality=None), NOW) == 0


@pytest.mark.parametrize(
    ("by", "reverse", "order"),
    [
        ("score", False, ["fresh.md", "a-tie.md", "b-tie.md", "old.md", "undated.md"]),
        ("quality", False, ["old.md", "fresh.md", "a-tie.md", "b-tie.md", "undated.md"]),
        ("date", False, ["fresh.md", "a-tie.md", "b-tie.md", "old.md", "undated.md"]),
        ("title", False, ["a-tie.md", "b-tie.md", "fresh.md", "old.md", "undated.md"]),
        ("date", True, ["undated.md", "old.md", "b-tie.md", "a-tie.md", "fresh.md"]),
    ],
)
def test_ranking_is_deterministic(by: str, reverse: bool, order: list[str]) -> None:
    stories = [
        story("undated.md", None, quality=10),
        story("b-tie.md", 10),
        story("old.md", 500, quality=99),
        story("a-tie.md", 10),
        story("fresh.md", 1, quality=60),
    ]
    assert [s.path for s, _ in ranked(stories, by, NOW, reverse=reverse)] == order


def test_column_widths_fit_the_terminal_path_first() -> None:
    names = ["date", "title", "provider", "topics", "quality", "heat", "path"]
    row = ["2024-01-01", "T" * 70, "P" * 16, "X" * 24, "50", "7", "p" * 40]
    assert column_widths(names, [row], 200)["title"] == 70
    narrow = column_widths(names, [row], 80)
    assert "path" not in narrow and narrow["title"] >= 20
    assert sum(narrow.values()) + 2 * (len(narrow) - 1) <= 80


def view(*args: str, columns: int = 100) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args), env={"COLUMNS": str(columns)})
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def examples(monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(REPO / "examples")
    return REPO / "examples"


GOLDEN = REPO / "tests" / "golden"


@pytest.mark.parametrize(
    ("golden", "columns", "args"),
    [
        ("top-ai-100-columns.txt", 100, ["top", "--topic", "AI", "--limit", "3"]),
        ("list-nature-120-columns.txt", 120, ["list", "--provider", "nature.com"]),
        ("list-by-title-60-columns.txt", 60, ["list", "--all", "--sort", "title", "--limit", "4"]),
    ],
)
def test_tables_at_a_fixed_width(
    examples: Path, golden: str, columns: int, args: list[str]
) -> None:
    fixed = ["--output-format", "table", "--now", "2024-06-01T00:00:00Z"]
    code, out, _ = view(*args, *fixed, columns=columns)
    assert code == 0
    assert out == (GOLDEN / golden).read_text(encoding="utf-8")


def rows_of(text: str, output_format: str) -> list[dict[str, str]]:
    if output_format == "tsv":
        header, *lines = text.splitlines()
        names = header.split("\t")
        return [
            dict(zip(names, map(tsv_unescape, line.split("\t")), strict=True)) for line in lines
        ]
    return list(csv.DictReader(io.StringIO(text)))


@pytest.mark.parametrize("output_format", ["tsv", "csv"])
def test_tsv_and_csv_parse_back_to_the_json_rows(examples: Path, output_format: str) -> None:
    common = ["top", "--all", "--limit", "20", "--now", "2024-06-01T00:00:00Z"]
    parsed = rows_of(view(*common, "--output-format", output_format)[1], output_format)
    records = json.loads(view(*common, "--output-format", "json")[1])["stories"]
    assert len(parsed) == len(records) == 9
    best = max(record["score"] for record in records)
    for row, record in zip(parsed, records, strict=True):
        assert row["title"] == record["title"]
        assert row["path"] == record["path"]
        assert row["topics"].split(", ") == record["topics"]
        assert int(row["quality"]) == record["quality"]
        # The scale the table shows: 0 to 100, the best story 100 (json keeps the score).
        assert int(row["score"]) == round(100 * record["score"] / best)
        assert row["date"] == record["date"][:10]
    assert parsed[0]["score"] == "100"


def test_jsonl_and_paths(examples: Path) -> None:
    _, jsonl, _ = view("list", "--output-format", "jsonl", "--topic", "climate")
    assert [json.loads(line)["path"] for line in jsonl.splitlines()] == [
        "guardian-heatwave-europe.md"
    ]
    _, paths, _ = view("list", "--output-format", "paths", "--unpublished")
    assert paths == "youtube-fusion-explainer.md\n"


def test_piped_output_defaults_to_tsv(examples: Path) -> None:
    _, out, _ = view("list", "--limit", "1")
    assert out.splitlines()[0] == "date\ttitle\tprovider\ttopics\tquality\theat\tpath"


def test_tsv_escapes_are_reversible_and_safe(in_tmp: Path) -> None:
    title = 'Tabs\tand "quotes" \\ and \x1b[2J escapes\u202e'
    (in_tmp / "a.md").write_text(splice(f"title: {json.dumps(title)}\n"))
    _, out, _ = view("list", "--output-format", "tsv")
    assert "\x1b" not in out and "\u202e" not in out
    assert rows_of(out, "tsv")[0]["title"] == title


def test_broken_files_are_skipped_with_a_line_each(in_tmp: Path) -> None:
    (in_tmp / "good.md").write_text(splice("quality: 500\n"))  # breaks a rule: still listed
    (in_tmp / "broken.md").write_text("no front matter")
    code, out, err = view("list", "--output-format", "paths")
    assert (code, out) == (0, "good.md\n")
    assert err.splitlines() == [
        "newscli: skipped broken.md: the file does not start with a --- line; an article "
        "starts with YAML front matter",
        "1 file skipped; `newscli lint` says why.",
    ]
    assert view("list", "--strict")[0] == 1


def test_article_text_is_never_markup_or_raw_controls_in_the_table(in_tmp: Path) -> None:
    (in_tmp / "a.md").write_text(splice('title: "[bold red]boom[/] \\e]8;;file:///x\\a"\n'))
    result = runner.invoke(
        app, ["top", "--output-format", "table"], color=True, env={"COLUMNS": "200"}
    )
    assert "[bold red]boom[/]" in result.stdout
    assert "\x1b]8;;file" not in result.stdout and "\x07" not in result.stdout


def test_bad_times_are_usage_errors(examples: Path) -> None:
    code, _, err = view("list", "--since", "last tuesday")
    assert code == 2
    assert err.startswith("newscli: --since: 'last tuesday' is not a time")


def test_stats_json(examples: Path) -> None:
    code, out, _ = view("stats", "--output-format", "json", "--all")
    stats = json.loads(out)
    assert code == 0
    assert stats["articles"] == 9
    assert stats["by_topic"]["AI"] == 4
    assert stats["by_category"] == {
        "news": 5,
        "podcast": 1,
        "press-release": 1,
        "research": 1,
        "video": 1,
    }
    assert sum(stats["quality"].values()) == 9
    assert stats["by_month"]["2019-12"] == 1


def test_stats_table_draws_bars(examples: Path) -> None:
    _, out, _ = view("stats")
    assert out.startswith("8 articles\n")
    assert "AI                  4  ██████████████████████████████" in out


@pytest.mark.parametrize("command", ["list", "top", "stats"])
@pytest.mark.parametrize("output_format", ["table", "tsv", "csv", "json", "jsonl", "paths"])
def test_an_empty_view_says_so_and_exits_0(
    examples: Path, command: str, output_format: str
) -> None:
    if command == "stats" and output_format not in ("table", "json"):
        return  # stats has only these two formats
    code, out, err = view(command, "--topic", "Nonexistent", "--output-format", output_format)
    assert code == 0, err
    expected = {
        "table": "No stories match.\n",
        "json": None,
        "jsonl": "",
        "paths": "",
    }.get(output_format)
    if output_format == "json":
        data = json.loads(out)
        assert data.get("stories", []) == [] and data.get("articles", 0) == 0
    elif expected is not None:
        assert out == expected
    else:  # tsv and csv: the header row alone
        assert out.count("\n") == 1 and out.startswith(("rank", "date"))


@pytest.mark.parametrize("columns", [60, 100, 160])
@pytest.mark.parametrize("command", ["list", "top"])
def test_tables_never_cut_a_date_a_number_or_a_header(
    examples: Path, columns: int, command: str
) -> None:
    fixed = ["--output-format", "table", "--now", "2024-06-01T00:00:00Z", "--all"]
    code, out, _ = view(command, *fixed, columns=columns)
    assert code == 0
    header, *rows = out.splitlines()
    names = header.split()
    assert {"date", "title", "quality", "heat"} <= set(names)
    assert all(len(line) <= columns for line in out.splitlines())
    data = [row for row in rows if not row.startswith("(")]
    assert len(data) == 9
    for row in data:
        assert "…" not in row.split("  ")[0 if command == "list" else 1]  # the date
        numbers = row.split()[-3:] if command == "top" else row.split()[-2:]
        assert all(number.isdigit() for number in numbers), row
    if command == "top":
        scores = [int(row.split()[-1]) for row in data]
        assert max(scores) == 100 and all(0 <= score <= 100 for score in scores)
    if "path" not in names:
        assert out.splitlines()[-1] == "(paths left out to fit; --output-format paths lists them)"


def test_top_says_how_many_stories_matched(examples: Path) -> None:
    fixed = ["--output-format", "table", "--now", "2024-06-01T00:00:00Z"]
    assert view("top", "--topic", "AI", "--limit", "2", *fixed)[2] == "2 of 4 matching stories\n"
