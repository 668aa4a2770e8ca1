"""Nothing slips through: broken files whatever is selected, folders without articles, other
Markdown in the repository, lone CR line ends, duplicates in other spellings, one finding per
mistake, and YAML errors at the place the problem started."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from conftest import BASE_ARTICLE, splice
from newscli.cli import app
from newscli.settings import Settings
from newscli.urls import _comparable, _simple_comparable

runner = CliRunner()


def lint(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["lint", "--no-cache", *args])
    return result.exit_code, result.stdout, result.stderr


BROKEN: dict[str, bytes] = {
    "broken.md": b"---\ntitle: [unclosed\n---\n",
    "no-front-matter.md": b"just text\n",
    "latin1.md": "---\ntitle: Café\n---\n".encode("latin-1"),
}


@pytest.mark.parametrize(
    ("options", "config"),
    [
        (["--select", "NC103"], ""),
        (["--ignore", "NC0"], ""),
        ([], 'select = ["NC5"]\n'),
        ([], 'ignore = ["NC001", "NC002", "NC004"]\n'),
        ([], 'per-file-ignores = { "*.md" = ["NC0"] }\n'),
    ],
)
def test_a_file_that_cannot_be_loaded_is_reported_whatever_is_selected(
    options: list[str], config: str, in_tmp: Path
) -> None:
    for name, content in BROKEN.items():
        path = in_tmp / name
        path.write_bytes(content)
    (in_tmp / "newscli.toml").write_text(config)
    status, out, err = lint("--output-format", "concise", *options, *BROKEN)
    assert status == 1, err
    assert "broken.md:2:8: NC004" in out
    assert "no-front-matter.md:1:1: NC002" in out
    assert "latin1.md:2:11: NC001" in out


def test_a_loaded_file_still_honours_the_selection(in_tmp: Path) -> None:
    (in_tmp / "a.md").write_text(splice("quality: 150\ntitle: ' x'\n"))
    assert lint("--output-format", "concise", "--select", "NC103", "a.md")[1].count("\n") == 1


def test_an_empty_folder_is_not_a_silent_pass(in_tmp: Path) -> None:
    (in_tmp / "empty").mkdir()
    status, out, err = lint("empty")
    assert status == 0 and out == ""
    assert "newscli: warning: no article files found under empty\n" in err
    assert lint("empty", "--strict")[0] == 1


def test_a_missing_path_is_one_line_without_an_empty_excerpt(in_tmp: Path) -> None:
    status, out, _ = lint("missing.md")
    assert status == 1
    assert out == (
        "missing.md\n  1:1  error    NC011 [unreadable-file]  "
        "the path does not exist or is not a regular file\n"
    )


def test_repository_documents_are_not_articles(in_tmp: Path) -> None:
    (in_tmp / "content").mkdir()
    (in_tmp / "content" / "a.md").write_text(BASE_ARTICLE)
    for name in ("README.md", "CHANGELOG.md", "LICENSE.md", "CONTRIBUTING.md", "docs/guide.md"):
        (in_tmp / name).parent.mkdir(exist_ok=True)
        (in_tmp / name).write_text("# Not an article\n")
    assert lint() == (0, "", "No problems found in 1 file.\n")
    # What a pre-commit hook does: every staged Markdown file on the command line.
    assert lint("README.md", "docs/guide.md", "content/a.md")[0] == 0
    assert runner.invoke(app, ["amp", "README.md", "content/a.md"]).exit_code == 0


def test_files_named_outside_the_content_roots_are_skipped_with_a_warning(in_tmp: Path) -> None:
    (in_tmp / "newscli.toml").write_text('roots = ["content"]\n')
    (in_tmp / "content").mkdir()
    (in_tmp / "content" / "a.md").write_text(BASE_ARTICLE)
    (in_tmp / "notes.md").write_text("# A note\n")
    warning = "newscli: warning: notes.md is outside the content roots (content): not checked\n"
    assert lint("notes.md", "content/a.md") == (0, "", warning + "No problems found in 1 file.\n")
    amp = runner.invoke(app, ["amp", "--check", "notes.md"])
    assert amp.exit_code == 0
    assert warning in amp.stderr


def test_an_exclude_in_the_configuration_replaces_the_default(in_tmp: Path) -> None:
    (in_tmp / "README.md").write_text("# Not an article\n")
    (in_tmp / "newscli.toml").write_text('exclude = ["drafts"]\n')
    assert "NC002" in lint("--output-format", "concise")[1]
    (in_tmp / "newscli.toml").write_text('extend-exclude = ["drafts"]\n')
    assert lint()[0] == 0


@pytest.mark.parametrize(
    ("front_matter", "expected"),
    [
        (
            "title: Markets\ntopics: [AI, Markets\nquality: 80\n",
            "3:9: NC004 the YAML does not parse: the list `[` opened at 3:9 is never closed "
            "(`,` or `]` expected at 4:8)",
        ),
        (
            'title: "Markets rally\nquality: 80\n',
            "2:8: NC004 the YAML does not parse: the quote opened at 2:8 is never closed",
        ),
        (
            "provider: {name: Reuters\nquality: 80\n",
            "2:11: NC004 the YAML does not parse: the mapping `{` opened at 2:11 is never closed "
            "(`,` or `}` expected at 3:8)",
        ),
        (
            "title: Markets: a rally\n",
            "2:15: NC004 the YAML does not parse: a `: ` where no key can start; quote a value "
            "that holds `: `, or give the line above its `key:`",
        ),
    ],
)
def test_yaml_errors_are_placed_where_the_problem_started(
    front_matter: str, expected: str, in_tmp: Path
) -> None:
    (in_tmp / "a.md").write_text(f"---\n{front_matter}---\n")
    assert lint("--output-format", "concise", "a.md")[1] == f"a.md:{expected}\n"


@pytest.mark.parametrize(
    ("written", "fixed"),
    [
        (BASE_ARTICLE.replace("\n", "\r"), BASE_ARTICLE),
        (
            BASE_ARTICLE.replace("\n", "\r\n").replace("heat: 12\r\n", "heat: 12\r"),
            BASE_ARTICLE.replace("\n", "\r\n"),
        ),
    ],
    ids=["all-cr", "one-cr-among-crlf"],
)
def test_bare_cr_line_ends_are_reported_and_fixed(written: str, fixed: str, in_tmp: Path) -> None:
    path = in_tmp / "a.md"
    path.write_bytes(written.encode())
    status, out, _ = lint("--output-format", "concise", "a.md")
    assert status == 1 and " NC013 " in out
    assert lint("--fix", "a.md")[0] == 0
    assert path.read_bytes() == fixed.encode()


@pytest.mark.parametrize(
    "other",
    [
        "https://www.reuters.com/markets/rally?utm_source=feed",
        "HTTPS://WWW.Reuters.COM/markets/rally",
        "https://www.reuters.com:443/markets/rally",
        "http://www.reuters.com/markets/rally",
        "https://www.reuters.com/markets/rally#top",
        "https://reuters.com/markets/rally",
        "https://www.reuters.com/markets/r%61lly",
    ],
)
def test_duplicates_that_differ_only_in_spelling_are_found(other: str, in_tmp: Path) -> None:
    (in_tmp / "a.md").write_text(splice("sourceUrl: https://www.reuters.com/markets/rally\n"))
    (in_tmp / "b.md").write_text(splice(f"sourceUrl: {other}\n"))
    out = lint("--output-format", "concise", "--ignore", "NC3")[1]
    assert "a.md:15:12: NC601 a sourceUrl of the same page is used by b.md:15" in out
    assert "b.md:15:12: NC601 a sourceUrl of the same page is used by a.md:15" in out


@pytest.mark.parametrize(
    "other",
    [
        "https://www.reuters.com/markets/rally/",
        "https://www.reuters.com/markets/Rally",
        "https://www.reuters.com/markets/rally?page=2",
        "https://m.reuters.com/markets/rally",
        "https://www.reuters.com:8443/markets/rally",
    ],
)
def test_other_pages_are_not_duplicates(other: str, in_tmp: Path) -> None:
    (in_tmp / "a.md").write_text(splice("sourceUrl: https://www.reuters.com/markets/rally\n"))
    (in_tmp / "b.md").write_text(splice(f"sourceUrl: {other}\n"))
    assert "NC601" not in lint("--output-format", "concise")[1]


def test_a_mistyped_required_key_is_one_error_at_the_key(in_tmp: Path) -> None:
    article = BASE_ARTICLE.replace("publishedDateTime:", "publishDateTime:")
    (in_tmp / "a.md").write_text(article)
    assert lint("--output-format", "concise", "a.md")[1] == (
        'a.md:4:1: NC101 unknown key "publishDateTime"; did you mean `publishedDateTime`? '
        "`publishedDateTime` is required\n"
    )


def test_a_draft_missing_many_keys_gets_one_finding_that_lists_them(in_tmp: Path) -> None:
    (in_tmp / "a.md").write_text("---\ntitle: A draft\nprovider:\n  name: Reuters\n---\n")
    assert lint("--output-format", "concise", "a.md")[1] == (
        "a.md:2:1: NC101 the article is missing the required keys `excerpt`, "
        "`publishedDateTime`, `sourceUrl`, `category`, `type`, `quality`, `heat`, `published`, "
        "`topics`\n"
        "a.md:4:3: NC101 provider is missing the required key `domain`\n"
    )


def test_control_characters_are_placed_at_the_first_and_each_kind_named(in_tmp: Path) -> None:
    (in_tmp / "a.md").write_text(splice('title: "Markets \\e[31m rally \\u202e now"\n'))
    assert lint("--output-format", "concise", "--select", "NC506", "a.md")[1] == (
        "a.md:15:17: NC506 `title` contains U+001B (a control character), "
        "U+202E (right-to-left override); remove them\n"
    )


@given(
    st.sampled_from(["http", "https", "HTTPS"]),
    st.from_regex(r"(www\.)?[a-zA-Z0-9-]{1,12}(\.[a-zA-Z]{2,5}){1,2}\.?", fullmatch=True),
    st.from_regex(r"(/[a-zA-Z0-9._~!$&'()*+,;=:-]{0,10}){0,3}", fullmatch=True),
)
def test_the_fast_page_comparison_agrees_with_the_full_one(
    scheme: str, host: str, path: str
) -> None:
    url = f"{scheme}://{host}{path}"
    tracking = Settings().tracking_parameters
    assert _simple_comparable(url) == _comparable(url, tracking)


def test_the_report_is_sorted_by_path_then_line(in_tmp: Path) -> None:
    (in_tmp / "a.md").write_text(splice("sourceUrl: https://www.reuters.com/same\n"))
    (in_tmp / "b.md").write_text(splice("quality: 150\n"))
    (in_tmp / "c.md").write_text(splice("sourceUrl: https://www.reuters.com/same\n"))
    out = lint("--output-format", "concise", "b.md", "c.md", "a.md")[1]
    assert [line.split(":")[0] for line in out.splitlines()] == ["a.md", "b.md", "c.md"]
