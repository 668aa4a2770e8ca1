"""Hostile and broken input: every case answers quickly with a finding that names the file,
exits 1 (never 2 or a traceback), keeps checking the other files, and never acts on the
terminal."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import BASE_ARTICLE, splice
from newscli.cli import app
from newscli.document.loader import load_document

runner = CliRunner()
RAW_CONTROL = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff\ud800-\udfff]"
)
LAUGHS = "\n".join(
    ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    + [f"a{i}: &a{i} [{','.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 10)]
)
MERGES = "\n".join(
    ["m0: &m0 {k: 1}"]
    + [f"m{i}: &m{i} {{<<: [*m{i - 1}, *m{i - 1}], k{i}: 1}}" for i in range(1, 30)]
)

CASES: dict[str, tuple[bytes, str]] = {
    "billion laughs": (f"---\n{LAUGHS}\n---\n".encode(), "NC008"),
    "nested merge keys": (f"---\n{MERGES}\n---\n".encode(), "NC008"),
    "10,000-deep flow": (b"---\na: " + b"[" * 10_000 + b"]" * 10_000 + b"\n---\n", "NC004"),
    "2,000-deep block": (
        b"---\n" + b"".join(b" " * i + b"a:\n" for i in range(2_000)) + b"---\n",
        "NC004",
    ),
    "900-deep flow": (b"---\na: " + b"[" * 900 + b"]" * 900 + b"\n---\n", "NC010"),
    "5,000-digit integer": (splice("quality: " + "9" * 5000 + "\n").encode(), "NC103"),
    "impossible timestamp": (splice("publishedDateTime: 2019-13-45T00:00:00Z\n").encode(), "NC201"),
    "python object": (b"---\na: !!python/object/apply:os.system ['touch pwned']\n---\n", "NC009"),
    "python name": (b"---\na: !!python/name:os.system\n---\n", "NC009"),
    "binary": (splice("title: !!binary aGk=\n").encode(), "NC009"),
    "set": (b"---\na: !!set {x, y}\n---\n", "NC009"),
    "omap": (b"---\na: !!omap [{x: 1}]\n---\n", "NC009"),
    "empty file": (b"", "NC002"),
    "only ---": (b"---", "NC003"),
    "empty front matter": (b"---\n---\n", "NC005"),
    "unterminated": (b"---\ntitle: x\n", "NC003"),
    "a list": (b"---\n- a\n---\n", "NC005"),
    "a scalar": (b"---\njust text\n---\n", "NC005"),
    "TOML": (b"+++\ntitle = 'x'\n+++\n", "NC002"),
    "JSON": (b'{"title": "x"}\n', "NC002"),
    "invalid UTF-8": (b"---\ntitle: \xff\xfe\n---\n", "NC001"),
    "UTF-16": ("---\ntitle: x\n---\n".encode("utf-16"), "NC001"),
    "NUL byte": (b"---\ntitle: a\x00b\n---\n", "NC004"),
    "U+2028 in a key": ("---\nti\u2028tle: x\n---\n".encode(), "NC004"),
}


def lint(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["lint", "--no-cache", *args])
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize("name", CASES)
def test_hostile_file(name: str, in_tmp: Path) -> None:
    content, code = CASES[name]
    (in_tmp / "hostile.md").write_bytes(content)
    (in_tmp / "fine.md").write_text(splice("sourceUrl: https://www.reuters.com/fine\n"))
    status, out, err = lint(".", "--output-format", "concise")
    assert status == 1
    assert "hostile.md:" in out and f" {code} " in out
    assert "fine.md" not in out and "of 2 files." in err
    assert not RAW_CONTROL.search(out + err)
    assert not (in_tmp / "pwned").exists()


def test_lone_cr_line_ends_count(in_tmp: Path) -> None:
    (in_tmp / "a.md").write_bytes(splice("quality: 150\n").replace("\n", "\r").encode())
    out = lint("a.md", "--output-format", "concise")[1]
    assert "a.md:15:10: NC103" in out
    assert out.startswith("a.md:1:4: NC013 [*] 17 lines end in a CR alone")


def test_a_body_with_dashes_is_still_a_body(in_tmp: Path) -> None:
    (in_tmp / "a.md").write_text(BASE_ARTICLE + "\n---\nnot: front matter\n---\n")
    assert lint("a.md")[0] == 0


def test_a_50_megabyte_file_is_refused_unread(in_tmp: Path) -> None:
    with open(in_tmp / "huge.md", "wb") as stream:
        stream.truncate(50 * 1024 * 1024)
    status, out, _ = lint("huge.md", "--output-format", "concise")
    assert status == 1
    assert out == "huge.md:1:1: NC011 the file is 52,428,800 bytes, over the limit of 10,485,760\n"


def test_a_huge_title_gives_bounded_output(in_tmp: Path) -> None:
    (in_tmp / "a.md").write_text(splice(f'title: " {"x" * 100_000}"\n'))
    for output_format in ("full", "concise", "json", "github"):
        status, out, _ = lint("a.md", "--output-format", output_format)
        assert status == 1
        assert len(out) < 2_000, output_format


def test_too_many_values_are_refused_before_loading(in_tmp: Path) -> None:
    text = "---\ntopics: [" + ",".join(["a"] * 300_000) + "]\n---\n"
    (in_tmp / "a.md").write_text(text)
    status, out, _ = lint("a.md", "--output-format", "concise")
    assert (status, out.split(": ")[1].split()[0]) == (1, "NC012")
    assert load_document("a.md", text.encode()).values == {}  # not one value was composed


def test_a_flood_of_findings_is_counted_not_printed(in_tmp: Path) -> None:
    (in_tmp / "a.md").write_text(splice("topics: [" + ",".join(["AI"] * 5000) + "]\n"))
    status, out, _ = lint("a.md", "--output-format", "concise")
    lines = out.splitlines()
    assert status == 1 and len(lines) == 101
    assert lines[-1].endswith("NC504 ... and 4,899 more NC504 findings in this file")


def test_ten_thousand_related_stories_lint_clean(in_tmp: Path) -> None:
    story = (
        '  - title: "Related {i}"\n    sourceUrl: https://www.reuters.com/related/{i}\n'
        "    publishedDateTime: 2019-12-03T10:30:00Z\n    type: article\n    provider:\n"
        "      name: Reuters\n      domain: reuters.com\n    quality: 55\n"
    )
    related = "related:\n" + "".join(story.format(i=i) for i in range(10_000))
    (in_tmp / "a.md").write_text(splice(related))
    assert lint("a.md") == (0, "", "No problems found in 1 file.\n")


def test_awkward_file_names_are_shown_safely(in_tmp: Path) -> None:
    names = ["with space.md", "ünïcödé.md", "-rf.md", "esc\x1b[2Jape.md", "[red]markup[bold].md"]
    for name in names:
        (in_tmp / name).write_text(
            splice(f"sourceUrl: https://www.reuters.com/{len(name)}\nquality: 150\n")
        )
    os.mkdir(in_tmp / "folder.md")
    (in_tmp / os.fsdecode(b"bytes\xff.md")).write_text(splice("quality: 151\n"))
    os.symlink(in_tmp, in_tmp / "loop")
    os.mkfifo(in_tmp / "pipe.md")
    os.symlink(in_tmp / "nowhere.md", in_tmp / "dangling.md")
    status, out, err = lint(".", "--output-format", "concise")
    assert status == 1
    assert not RAW_CONTROL.search(out + err)
    shown = {line.split(":")[0] for line in out.splitlines()}
    assert {
        "with space.md",
        "ünïcödé.md",
        "-rf.md",
        "esc\\x1b[2Jape.md",
        "[red]markup[bold].md",
        "bytes\\udcff.md",
        "pipe.md",
        "dangling.md",
    } <= shown
    assert "pipe.md:1:1: NC011 the path does not exist or is not a regular file" in out


def test_a_named_pipe_in_the_collection_does_not_block(in_tmp: Path) -> None:
    (in_tmp / "content").mkdir()
    (in_tmp / "content" / "a.md").write_text(BASE_ARTICLE)
    os.mkfifo(in_tmp / "elsewhere.md")  # under the content root, but not linted
    assert lint("content/a.md", "--root", ".")[0] == 0


HOSTILE = "\\e[2J\\e]52;c;aGk=\\a\\e]0;title\\a\\x85[bold]b[/]\\u202e"


@pytest.mark.parametrize(
    "command",
    [
        ["lint", "--output-format", "full"],
        ["lint", "--output-format", "github"],
        ["list", "--output-format", "table"],
        ["list", "--output-format", "tsv"],
        ["list", "--output-format", "csv"],
        ["list", "--output-format", "paths"],
        ["top", "--output-format", "table"],
        ["stats"],
        ["amp"],
        ["amp", "--diff"],
        ["lint", "--diff"],
    ],
)
def test_escape_sequences_in_every_field_and_command(command: list[str], in_tmp: Path) -> None:
    fields = (
        f'title: "{HOSTILE} title "\n'
        f'provider:\n  name: "{HOSTILE}"\n  domain: reuters.com\n'
        f'topics: ["{HOSTILE}"]\ncategory: "{HOSTILE}"\n'
        "ampUrl: https://mobile.reuters.com/amp/x\n"
        "cdnAmpUrl: https://wrong.cdn.ampproject.org/c/s/mobile.reuters.com/amp/x\n"
    )
    (in_tmp / "esc\x1b]0;x\x07.md").write_text(splice(fields))
    result = runner.invoke(app, [*command, "--isolated"], color=True, env={"COLUMNS": "300"})
    everything = result.stdout + result.stderr
    assert result.exit_code in (0, 1), everything
    assert not RAW_CONTROL.search(re.sub(r"\x1b\[[0-9;]*m", "", everything))
