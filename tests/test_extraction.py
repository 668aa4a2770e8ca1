"""What add takes from a page, measured against a corpus of saved pages, one for each place
a page may give a field (tests/data/pages, with the expected fields in expected.json)."""

from __future__ import annotations

import json
from datetime import UTC
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from newscli.add.article import Choices, article_fields
from newscli.add.metadata import read_metadata
from newscli.cli import app
from newscli.settings import Settings

PAGES = Path(__file__).parent / "data" / "pages"
EXPECTED: dict[str, dict[str, Any]] = json.loads((PAGES / "expected.json").read_text("utf-8"))
FIELDS = ("title", "published", "provider", "image")


def extracted(name: str) -> tuple[dict[str, str | None], dict[str, str]]:
    """The fields add takes from a saved page, and where each came from."""
    url = EXPECTED[name]["url"]
    meta = read_metadata((PAGES / name).read_text("utf-8"), url)
    choices = Choices(topics=("AI",), quality=50, timezone=UTC)
    fields = article_fields(meta, url, choices, Settings())
    return {
        "title": fields["title"],
        "published": meta.published,
        "provider": fields["provider"]["name"],
        "image": meta.images[0].url if meta.images else None,  # its size is measured later
    }, meta.sources


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_page_gives_its_fields_from_the_source_that_holds_them(name: str) -> None:
    found, sources = extracted(name)
    expected = EXPECTED[name]
    for field in FIELDS:
        if field in expected:
            assert found[field] == expected[field], field
    assert expected.get("sources", {}).items() <= sources.items()


def test_the_corpus_agrees_on_every_field_it_states() -> None:
    stated = agreed = 0
    for name, expected in EXPECTED.items():
        found, _ = extracted(name)
        for field in FIELDS:
            if field in expected:
                stated += 1
                agreed += found[field] == expected[field]
    assert stated >= 30 and agreed / stated >= 0.95


def test_a_date_only_the_url_gives_needs_a_time_zone_and_says_so(in_tmp: Path) -> None:
    runner = CliRunner()
    page = str(PAGES / "url-date-slashes.html")
    url = EXPECTED["url-date-slashes.html"]["url"]
    refused = runner.invoke(app, ["add", url, "--html", page, "--topic", "AI", "--dry-run"])
    assert refused.exit_code == 1
    assert "the date in its URL (2013-11-27), which has no time of day" in refused.stderr
    zoned = ["--timezone", "Europe/Berlin"]
    taken = runner.invoke(app, ["add", url, "--html", page, "--topic", "AI", "--dry-run", *zoned])
    assert taken.exit_code == 0, taken.stderr
    assert "publishedDateTime: '2013-11-27T00:00:00+01:00'\n" in taken.stdout
    assert "the publication time is the date in the URL, at midnight" in taken.stderr
    assert "publishedDateTime from the date in the URL (no time of day)" in taken.stderr
