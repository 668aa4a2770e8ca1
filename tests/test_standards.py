"""newscli accepts exactly what the standards accept: the JSON Schema Test Suite's cases for
``date-time``, ``uri`` and ``iri`` (tests/data/json-schema-test-suite, MIT), and the fixes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import splice
from newscli.cli import app
from newscli.rfc3339 import DateTimeError, parse_date_time
from newscli.urls import (
    SPACE_OR_CONTROL,
    UrlError,
    host_problem,
    percent_encoded,
    split_url,
    url_problem,
)

runner = CliRunner()

SUITE = Path(__file__).parent / "data" / "json-schema-test-suite"


def cases(name: str) -> list[tuple[str, bool, str]]:
    groups = json.loads((SUITE / f"{name}.json").read_text(encoding="utf-8"))
    return [
        (test["data"], test["valid"], test["description"])
        for group in groups
        for test in group["tests"]
        if isinstance(test["data"], str)
    ]


def accepted(text: str) -> bool:
    try:
        parse_date_time(text)
    except DateTimeError:
        return False
    return True


@pytest.mark.parametrize(("text", "valid", "description"), cases("date-time"))
def test_date_times_as_the_test_suite_says(text: str, valid: bool, description: str) -> None:
    assert accepted(text) is valid, description


@pytest.mark.parametrize(
    ("text", "valid"),
    [
        ("1998-12-31T15:59:60-08:00", True),  # 23:59:60 in UTC
        ("1998-12-31T23:59:60+00:00", True),
        ("1999-01-01T00:59:60+01:00", True),
        ("1998-12-31T23:59:99Z", False),
        ("1998-12-31T23:59:60+01:00", False),  # 22:59:60 in UTC
        ("1998-13-01T00:00:00Z", False),
        ("1998-00-01T00:00:00Z", False),
        ("1998-02-29T00:00:00Z", False),
        ("2000-02-29T00:00:00Z", True),
        ("1998-01-01T00:00:00+24:00", False),
        ("1998-01-01T00:00:00\uff10Z", False),  # a fullwidth zero
        ("1998-01-01 00:00:00Z", False),  # the article format writes the T
    ],
)
def test_date_time_edges(text: str, valid: bool) -> None:
    assert accepted(text) is valid


def test_a_space_separator_is_refused_with_the_moment_written_right() -> None:
    with pytest.raises(DateTimeError) as refused:
        parse_date_time("2024-05-14 09:30:00+02:00")
    assert refused.value.corrected == "2024-05-14T09:30:00+02:00"
    assert "with a space; RFC 3339 writes a T: 2024-05-14T09:30:00+02:00" in str(refused.value)


def ours(url: str) -> bool:
    """The suite's URLs that the article format's own limits leave for RFC 3986 to judge:
    http(s), no user name, a host name (not an address) of two labels or more."""
    try:
        parts = split_url(url)
    except UrlError:
        return False
    return (
        parts.scheme in ("http", "https")
        and parts.userinfo is None
        and host_problem(parts.host) is None
        and not SPACE_OR_CONTROL.search(url)
    )


URL_CASES = [case for name in ("uri", "iri") for case in cases(name) if ours(case[0])]


def test_the_suite_leaves_enough_urls_to_judge() -> None:
    assert sum(valid for _, valid, _ in URL_CASES) >= 6
    assert sum(not valid for _, valid, _ in URL_CASES) >= 10


@pytest.mark.parametrize(("url", "valid", "description"), URL_CASES)
def test_urls_as_the_test_suite_says(url: str, valid: bool, description: str) -> None:
    # The suite's uri cases refuse non-ASCII (®); an article URL may be an IRI (RFC 3987).
    expected = valid or not url.isascii()
    assert (url_problem(url) is None) is expected, description


@pytest.mark.parametrize(
    ("url", "message", "encoded"),
    [
        ('https://example.org/foo"bar', 'percent-encode: "', "https://example.org/foo%22bar"),
        ("https://example.org/a<b>", "percent-encode: < >", "https://example.org/a%3Cb%3E"),
        ("https://example.org/{x}?q=^|`", "percent-encode: { } ^ | `", None),
        ("https://example.org/a\\b", "percent-encode: \\", "https://example.org/a%5Cb"),
        ("https://example.org/%6G", "a % that does not start an escape", None),
        ("https://example.org/%A", "a % that does not start an escape", None),
        ("https://example.org/100%", "a % that does not start an escape", None),
        ("https://example.org/a#b#c", "percent-encode: #", "https://example.org/a#b%23c"),
    ],
)
def test_what_a_url_may_not_hold_is_named_and_encoded(
    url: str, message: str, encoded: str | None
) -> None:
    assert message in (url_problem(url) or "")
    fixed = percent_encoded(url)
    assert url_problem(fixed) is None
    assert encoded is None or fixed == encoded


def test_valid_escapes_and_other_scripts_stay_as_written() -> None:
    for url in ("https://ex.org/%20a%2F?q=%C3%A4", "https://ex.org/ü?q=ä#ß", "https://例子.中国/a"):
        assert url_problem(url) is None
        assert percent_encoded(url) == url
    assert percent_encoded("https://ex.org/%41%g") == "https://ex.org/%41%25g"


def test_lint_fix_percent_encodes_urls_and_writes_only_those_bytes(in_tmp: Path) -> None:
    article = splice(
        'sourceUrl: "https://www.reuters.com/markets/a|b"\n'
        "images:\n  - url: /assets/a b<1>.png\n    width: 5\n    height: 5\n"
        "publishedDateTime: 2024-05-14 09:30:00Z\n"
    )
    (in_tmp / "a.md").write_text(article)
    before = runner.invoke(app, ["lint", "--output-format", "concise", "a.md"])
    assert before.exit_code == 1
    assert "NC301 [*] `sourceUrl`" in before.stdout and "percent-encode: |" in before.stdout
    assert "NC201 [*] `publishedDateTime`" in before.stdout and "writes a T" in before.stdout
    fixed = runner.invoke(app, ["lint", "--fix", "a.md"])
    assert fixed.exit_code == 0, fixed.stdout
    assert (in_tmp / "a.md").read_text() == (
        article.replace("a|b", "a%7Cb")
        .replace("/assets/a b<1>.png", "/assets/a%20b%3C1%3E.png")
        .replace("2024-05-14 09:30:00Z", "2024-05-14T09:30:00Z")
    )
