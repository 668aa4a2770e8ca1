"""``newscli feed``: the stories ``top`` shows, read back by feedparser in every format, the JSON
Feed checked against its published schema, the same bytes for the same files, and hostile text
that never breaks a feed."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import feedparser
import jsonschema
import pytest
from typer.testing import CliRunner

from conftest import REPO, splice
from newscli.cli import app

runner = CliRunner()
SITE = "https://news.example.org/"
NOW = "2024-06-01T12:00:00Z"
FORMATS = ("rss", "atom", "json")
SCHEMA = json.loads((REPO / "tests/data/jsonfeed/schema-v1.1.json").read_text(encoding="utf-8"))


def story(
    name: str,
    *,
    title: str = "Chip rally lifts Asian markets",
    when: str = "2024-05-14T08:00:00+02:00",
    topics: tuple[str, ...] = ("AI",),
    quality: int = 70,
    published: bool = True,
    image: str = "https://www.reuters.com/pictures/chips.jpg",
) -> str:
    listed = "".join(f"  - {topic}\n" for topic in topics)
    return splice(
        f"title: {json.dumps(title)}\n"
        "excerpt: Shares of chipmakers rose & the yen fell.\n"
        f"publishedDateTime: {when}\n"
        f"sourceUrl: https://www.reuters.com/markets/{name}/\n"
        f"quality: {quality}\n"
        f"published: {'true' if published else 'false'}\n"
        f"topics:\n{listed}"
        f"images:\n  - url: {image}\n    width: 800\n    height: 450\n"
    )


@pytest.fixture
def site(in_tmp: Path) -> Path:
    content = in_tmp / "content"
    content.mkdir()
    (in_tmp / "newscli.toml").write_text(
        'roots = ["content"]\n\n[feed]\n'
        f'title = "AI at the desk"\nlink = "{SITE}"\nself-link = "{SITE}ai.xml"\n'
        'description = "What the editors feature"\nlanguage = "en-GB"\n'
    )
    (content / "a.md").write_text(story("a", quality=90))
    (content / "b.md").write_text(
        story("b", title="Banks hold rates", when="2024-05-20T09:30:00-04:00", topics=("Markets",))
    )
    (content / "c.md").write_text(story("c", title="Robots raise money", quality=40))
    (content / "draft.md").write_text(story("draft", title="Not yet", published=False))
    return content


def feed(*args: str) -> tuple[int, bytes, str]:
    result = runner.invoke(app, ["feed", "--now", NOW, *args])
    return result.exit_code, result.stdout_bytes, result.stderr


def parsed(data: bytes) -> Any:
    document = feedparser.parse(data)
    assert not document.bozo, document.get("bozo_exception")
    return document


def item_urls(data: bytes, output_format: str) -> list[str]:
    if output_format == "json":
        return [item["url"] for item in json.loads(data)["items"]]
    return [entry.link for entry in parsed(data).entries]


@pytest.mark.parametrize("output_format", FORMATS)
@pytest.mark.parametrize(
    "selection",
    [
        [],
        ["--topic", "AI"],
        ["--by", "quality", "--limit", "2"],
        ["--by", "date"],
        ["--min-quality", "50"],
        ["--since", "14d"],
    ],
)
def test_a_feed_holds_the_stories_top_shows(
    site: Path, output_format: str, selection: list[str]
) -> None:
    code, data, err = feed("--format", output_format, *selection)
    assert code == 0, err
    # Newest first is what `list` shows; the rest is `top`'s ranking.
    view = (
        ["list", "--sort", "date", "--limit", "10"] if "date" in selection else ["top", *selection]
    )
    shown = runner.invoke(app, [*view, "--now", NOW, "--output-format", "json"])
    expected = [row["sourceUrl"] for row in json.loads(shown.stdout)["stories"]]
    assert item_urls(data, output_format) == expected
    assert expected or selection[0] == "--since"
    assert "https://www.reuters.com/markets/draft/" not in expected


@pytest.mark.parametrize("output_format", ["rss", "atom"])
def test_an_xml_feed_carries_every_field_as_a_reader_sees_it(
    site: Path, output_format: str
) -> None:
    code, data, _ = feed("--format", output_format, "--by", "quality")
    assert code == 0
    document = parsed(data)
    channel = document.feed
    assert channel.title == "AI at the desk"
    assert channel.link == SITE
    assert {link.href for link in channel.links if link.rel == "self"} == {f"{SITE}ai.xml"}
    assert channel.language == "en-GB"
    assert (channel.get("subtitle") or channel.get("description")) == "What the editors feature"
    assert channel.updated_parsed[:6] == (2024, 6, 1, 12, 0, 0)
    first = document.entries[0]
    assert first.title == "Chip rally lifts Asian markets"
    assert first.link == first.id == "https://www.reuters.com/markets/a/"
    assert first.summary == "Shares of chipmakers rose & the yen fell."
    assert [tag.term for tag in first.tags] == ["AI"]
    assert first.author == "Reuters"
    assert first.media_content[0]["url"] == "https://www.reuters.com/pictures/chips.jpg"
    assert first.media_content[0]["width"] == "800"
    # The time with its own offset, not turned into UTC.
    assert "+02:00" in first.published or "+0200" in first.published
    assert first.published_parsed[:5] == (2024, 5, 14, 6, 0)


def test_the_json_feed_follows_the_published_schema_and_carries_every_field(site: Path) -> None:
    code, data, _ = feed("--format", "json", "--by", "quality")
    assert code == 0
    document = json.loads(data)
    jsonschema.validate(document, SCHEMA, format_checker=jsonschema.FormatChecker())
    assert document["version"] == "https://jsonfeed.org/version/1.1"
    assert document["home_page_url"] == SITE and document["feed_url"] == f"{SITE}ai.xml"
    assert document["language"] == "en-GB"
    assert document["items"][0] == {
        "id": "https://www.reuters.com/markets/a/",
        "url": "https://www.reuters.com/markets/a/",
        "title": "Chip rally lifts Asian markets",
        "content_text": "Shares of chipmakers rose & the yen fell.",
        "summary": "Shares of chipmakers rose & the yen fell.",
        "image": "https://www.reuters.com/pictures/chips.jpg",
        "date_published": "2024-05-14T08:00:00+02:00",
        "tags": ["AI"],
        "authors": [{"name": "Reuters"}],
    }


@pytest.mark.parametrize("output_format", FORMATS)
def test_the_same_files_and_now_give_the_same_bytes(site: Path, output_format: str) -> None:
    first = feed("--format", output_format)[1]
    (site / "a.md").touch()
    assert feed("--format", output_format)[1] == first
    without_now = runner.invoke(app, ["feed", "--format", output_format]).stdout_bytes
    again = runner.invoke(app, ["feed", "--format", output_format]).stdout_bytes
    assert without_now == again  # dated by its newest story, not by the clock


def test_output_is_written_atomically_and_only_when_it_changes(site: Path) -> None:
    target = site.parent / "public" / "ai.xml"
    target.parent.mkdir()
    code, data, err = feed("--format", "atom", "-o", str(target))
    assert code == 0 and data == b"" and "wrote" in err
    written, inode = target.read_bytes(), target.stat().st_ino
    parsed(written)
    code, _, err = feed("--format", "atom", "-o", str(target))
    assert "up to date" in err and target.stat().st_ino == inode
    (site / "c.md").unlink()
    code, _, err = feed("--format", "atom", "-o", str(target))
    assert "wrote" in err and target.read_bytes() != written
    assert len(parsed(target.read_bytes()).entries) == 2


HOSTILE = 'A <b>bold</b> ]]> & "quoted" \x07bell\x1b[31m red \u202eevil\u202c end'
SAFE = 'A <b>bold</b> ]]> & "quoted" bell[31m red evil end'


@pytest.mark.parametrize("output_format", FORMATS)
def test_hostile_titles_are_data_in_every_format(site: Path, output_format: str) -> None:
    (site / "a.md").write_text(story("a", title=HOSTILE, quality=99))
    code, data, err = feed("--format", output_format, "--by", "quality")
    assert code == 0, err
    if output_format == "json":
        title = json.loads(data)["items"][0]["title"]
    else:
        assert b"<b>" not in data and b"]]>" not in data
        title = parsed(data).entries[0].title
    assert title == SAFE


def test_a_site_root_image_is_made_absolute_on_the_site(site: Path) -> None:
    (site / "a.md").write_text(story("a", image="/assets/chips.png", quality=99))
    _, data, _ = feed("--format", "json", "--by", "quality")
    assert json.loads(data)["items"][0]["image"] == f"{SITE}assets/chips.png"


def test_options_override_the_configuration_and_an_empty_selection_is_a_valid_feed(
    site: Path,
) -> None:
    code, data, _ = feed("--format", "rss", "--title", "Other", "--topic", "Nothing")
    assert code == 0
    document = parsed(data)
    assert document.feed.title == "Other" and document.entries == []


@pytest.mark.parametrize(
    ("args", "table", "message"),
    [
        (["--all"], "", "published stories only"),
        ([], 'title = "x"\n', "needs the link"),
        (["--link", "not a url"], "", "--link"),
        (["--language", "English!"], f'link = "{SITE}"\n', "language tag"),
        ([], f'link = "{SITE}"\ncolour = "red"\n', "unknown key 'colour'"),
    ],
)
def test_a_feed_that_cannot_be_described_is_a_usage_error(
    site: Path, args: list[str], table: str, message: str
) -> None:
    (site.parent / "newscli.toml").write_text(f'roots = ["content"]\n\n[feed]\n{table}')
    code, data, err = feed(*args)
    assert code == 2 and message in err and data == b""
    assert "Traceback" not in err


def test_the_pyproject_table_describes_the_feed(in_tmp: Path) -> None:
    (in_tmp / "pyproject.toml").write_text(
        f'[tool.newscli]\nroots = ["."]\n\n[tool.newscli.feed]\nlink = "{SITE}"\n'
        'title = "From pyproject"\n'
    )
    (in_tmp / "a.md").write_text(story("a"))
    code, data, _ = feed("--format", "atom")
    assert code == 0 and parsed(data).feed.title == "From pyproject"


def test_each_feed_has_its_own_id_and_the_address_it_is_written_to(site: Path) -> None:
    config = site.parent / "newscli.toml"
    config.write_text(config.read_text().replace(f'self-link = "{SITE}ai.xml"\n', ""))
    ids = set()
    for topic in ("AI", "Markets"):
        _, data, _ = feed("--format", "atom", "--topic", topic)
        document = parsed(data)
        ids.add(document.feed.id)
        assert not any(link.get("rel") == "self" for link in document.feed.links)
    assert len(ids) == 2 and all(feed_id.startswith(SITE) for feed_id in ids)
    target = site.parent / "markets.xml"
    assert feed("--format", "atom", "--topic", "Markets", "-o", str(target))[0] == 0
    document = parsed(target.read_bytes())
    assert document.feed.id == f"{SITE}markets.xml"
    assert {"rel": "self", "href": f"{SITE}markets.xml"}.items() <= next(
        link for link in document.feed.links if link.get("rel") == "self"
    ).items()
