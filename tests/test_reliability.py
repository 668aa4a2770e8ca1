"""Bounded work whatever a file or a tree holds, and nothing from outside the articles reaching
the output: the scan, every cap, deep and unreadable trees, links out of the roots, names that
are not UTF-8, invisible characters, and configuration that cannot be used."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import BASE_ARTICLE, splice
from newscli.cli import app
from newscli.findings import Finding, Severity
from newscli.lint.collection import SCAN_LIMIT, scan_source
from newscli.lint.results import LintReport
from newscli.report.summary import summary_line

runner = CliRunner()


def lint(*args: str, input: bytes | None = None) -> tuple[int, str, str]:
    result = runner.invoke(app, ["lint", "--no-cache", *args], input=input)
    return result.exit_code, result.stdout, result.stderr


def article(index: int, fragment: str = "") -> str:
    return splice(f"sourceUrl: https://www.reuters.com/markets/story-{index}\n" + fragment)


def _scan_seconds(path: Path, spaces: int) -> float:
    path.write_text(f"---\nsourceUrl: https://www.reuters.com/a{' ' * spaces}x # c\n---\n")
    best = float("inf")
    for _ in range(5):
        started = time.perf_counter()
        scan_source(path, "a.md", 10**7)
        best = min(best, time.perf_counter() - started)
    return best


def test_the_collection_scan_is_linear_in_a_line(tmp_path: Path) -> None:
    # A ratio of two runs in one test: a backtracking scan grows with the square of the line.
    short = _scan_seconds(tmp_path / "a.md", 2_000)
    long = _scan_seconds(tmp_path / "a.md", 64_000)
    assert long / short < 200


def test_the_collection_scan_reads_a_bounded_prefix(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    padding = "excerpt: " + "x" * SCAN_LIMIT + "\n"
    path.write_text(f"---\n{padding}sourceUrl: https://www.reuters.com/late\n---\n")
    assert scan_source(path, "a.md", 10**7) is None
    path.write_text("---\nsourceUrl: https://www.reuters.com/early  # a note\n---\n")
    found = scan_source(path, "a.md", 10**7)
    assert found is not None and (found.url, found.line, found.column) == (
        "https://www.reuters.com/early",
        2,
        12,
    )


def test_unused_suppressions_are_capped_like_every_rule(in_tmp: Path) -> None:
    comments = "".join(f"# newscli: ignore[NC103] {i}\n" for i in range(300))
    (in_tmp / "a.md").write_text(BASE_ARTICLE.replace("---\nBody", f"{comments}---\nBody"))
    out = lint("--output-format", "concise", "a.md")[1].splitlines()
    assert len(out) == 101
    assert out[-1].endswith("NC901 ... and 200 more NC901 findings in this file")


def test_unknown_keys_get_a_guess_only_as_far_as_they_are_shown(
    in_tmp: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import newscli.rules.article_schema as schema

    guesses: list[str] = []

    def counted(value: str, choices: object, cutoff: float = 0.6) -> str | None:
        guesses.append(value)
        return None

    monkeypatch.setattr(schema, "closest", counted)
    keys = "".join(f"unknownKey{i}: 1\n" for i in range(2_000))
    (in_tmp / "a.md").write_text(splice(keys))
    out = lint("--output-format", "concise", "a.md")[1].splitlines()
    assert len(out) == 101 and out[-1].endswith("and 1,900 more NC105 findings in this file")
    assert len(guesses) == 100


def test_a_big_group_of_duplicates_names_three_and_counts_the_rest(in_tmp: Path) -> None:
    for index in range(600):
        (in_tmp / f"a{index:03d}.md").write_text(article(1))
    out = lint("--output-format", "concise")[1].splitlines()
    assert len(out) == 600
    assert out[0] == (
        "a000.md:15:12: NC601 the same sourceUrl is used by a001.md:15, a002.md:15, a003.md:15 "
        "and 596 more"
    )


def test_standard_input_has_the_file_size_limit(in_tmp: Path) -> None:
    (in_tmp / "newscli.toml").write_text('max-file-size = "1KB"\n')
    status, out, _ = lint("--output-format", "concise", "-", input=b"x" * 5_000)
    assert status == 1
    assert out == "-:1:1: NC011 standard input holds more than the limit of 1,000 bytes\n"


DEPTH = 1_000


def test_a_folder_a_thousand_levels_deep_costs_nothing(in_tmp: Path) -> None:
    os.mkdir("deep")
    os.chdir("deep")
    for _ in range(DEPTH):
        os.mkdir("d")
        os.chdir("d")
    Path("bottom.md").write_text(article(1))
    os.chdir(in_tmp)
    (in_tmp / "a.md").write_text(article(2))
    try:
        assert lint("a.md") == (0, "", "No problems found in 1 file.\n")
        assert lint() == (0, "", "No problems found in 2 files.\n")
    finally:
        _remove_deep(in_tmp / "deep")


def _remove_deep(top: Path) -> None:
    """Remove the tree bottom up without recursion (shutil.rmtree, and so pytest's own clean-up
    of old temporary folders, would exceed Python's recursion limit)."""
    os.chdir(top)
    for _ in range(DEPTH):
        os.chdir("d")
    os.remove("bottom.md")
    for _ in range(DEPTH):
        os.chdir("..")
        os.rmdir("d")
    os.chdir(top.parent)
    os.rmdir(top)


def test_an_unreadable_folder_is_a_finding(in_tmp: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (in_tmp / "locked").mkdir()
    (in_tmp / "a.md").write_text(article(1))
    real_scandir = os.scandir

    def scandir(path: str) -> object:
        if os.path.basename(path) == "locked":  # as a folder without read permission does
            raise PermissionError(13, "Permission denied")
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    status, out, _ = lint("--output-format", "concise")
    assert status == 1
    assert out == "locked:1:1: NC011 the folder cannot be read: Permission denied\n"


def test_links_out_of_the_roots_are_not_read(in_tmp: Path) -> None:
    secret = in_tmp.parent / f"{in_tmp.name}-secret.md"
    secret.write_text("PASSWORD=hunter2\n")
    (in_tmp / "content").mkdir()
    (in_tmp / "content" / "leak.md").symlink_to(secret)
    (in_tmp / "newscli.toml").write_text('roots = ["content"]\n')
    for args in ((), ("content/leak.md",)):
        status, out, err = lint(*args)
        assert status == 1
        assert "NC011" in out and "leaves the content roots" in out
        assert "hunter2" not in out + err


def test_no_line_of_a_file_that_is_not_an_article_is_shown(in_tmp: Path) -> None:
    (in_tmp / "notes.md").write_text("API_TOKEN=abc123\n")
    status, out, _ = lint("notes.md")
    assert status == 1 and "NC002" in out and "abc123" not in out


def test_sarif_writes_names_that_are_not_utf8(in_tmp: Path) -> None:
    name = os.fsdecode(b"caf\xe9.md")
    (in_tmp / name).write_text(article(1, "quality: 150\n"))
    status, out, _ = lint("--output-format", "sarif", ".")
    assert status == 1
    result = json.loads(out)["runs"][0]["results"][0]
    assert result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "caf%E9.md"


@pytest.mark.parametrize("char", ["\u061c", "\u200e", "\u2066", "\U000e0041", "\u180e"])
def test_invisible_characters_are_flagged_and_shown_escaped(char: str, in_tmp: Path) -> None:
    (in_tmp / "a.md").write_text(splice(f'title: "Markets {char}rally"\n'))
    status, out, _ = lint("--output-format", "concise", "a.md")
    assert status == 1 and " NC506 " in out
    assert char not in out


def test_a_duration_past_any_date_is_a_configuration_error(in_tmp: Path) -> None:
    (in_tmp / "newscli.toml").write_text('future-tolerance = "99999999999d"\n')
    status, out, err = lint()
    assert (status, out) == (2, "")
    assert err == (
        f"newscli: {in_tmp / 'newscli.toml'}: 'future-tolerance': is longer than a century; "
        'write a duration such as "2h"\n'
    )


def test_another_projects_broken_pyproject_above_is_passed_by(in_tmp: Path) -> None:
    (in_tmp / "pyproject.toml").write_text("[tool.other]\nx = " + "[" * 5_000 + "\n")
    site = in_tmp / "site"
    site.mkdir()
    (site / "a.md").write_text(article(1))
    os.chdir(site)
    assert lint() == (0, "", "No problems found in 1 file.\n")


def test_a_utf32_file_is_named_as_such(in_tmp: Path) -> None:
    (in_tmp / "a.md").write_bytes(BASE_ARTICLE.encode("utf-32"))
    out = lint("--output-format", "concise", "a.md")[1]
    assert out == "a.md:1:1: NC001 the file is UTF-32; save it as UTF-8\n"


def test_the_summary_writes_every_number_the_same_way() -> None:
    finding = Finding("a.md", 1, 1, "NC103", "out-of-range", Severity.ERROR, "x")
    report = LintReport(
        {f"{i}.md": [finding] for i in range(50_000)},
        files=50_000,
    )
    assert summary_line(report) == "50,000 errors, 0 warnings in 50,000 of 50,000 files."


def _commands(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.lstrip().startswith(("::", "##["))]


def test_no_text_output_can_start_a_workflow_command(in_tmp: Path) -> None:
    amp_url = "https://mobile.reuters.com/article/amp/x"
    fields = (
        'title: "::error::pwned"\ntopics: ["##[group]x"]\nprovider:\n  name: "::warning::p"\n'
        f"  domain: reuters.com\nquality: 150\nampUrl: {amp_url}\n"
    )
    (in_tmp / "::error file=x::pwned.md").write_text(splice(fields))
    (in_tmp / "##[error]b.md").write_text(splice("sourceUrl: https://www.reuters.com/b\n"))
    now = "--now=2024-06-01T00:00:00Z"
    runs = [
        ["lint", "--no-cache"],
        ["lint", "--no-cache", "--output-format", "concise"],
        ["amp"],
        *(["list", now, "--output-format", f] for f in ("table", "tsv", "csv", "paths")),
        ["top", now, "--output-format", "table"],
        ["stats", now],
    ]
    for args in runs:
        result = runner.invoke(app, args, env={"COLUMNS": "200"})
        assert result.exit_code in (0, 1), args
        assert "pwned" in result.stdout + result.stderr or args[0] == "stats", args
        assert _commands(result.stdout) == [] and _commands(result.stderr) == [], args
    github = runner.invoke(app, ["lint", "--no-cache", "--output-format", "github"])
    assert all(line.startswith(("::error ", "::warning ")) for line in github.stdout.splitlines())


def test_exclude_globs_are_compiled_once_for_a_whole_run(
    in_tmp: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import newscli.globs as globs

    compiled: list[list[str]] = []
    real = globs._compiled

    def counted(patterns: list[str]) -> object:
        compiled.append(patterns)
        return real(patterns)

    monkeypatch.setattr(globs, "_compiled", counted)
    patterns = ", ".join(f'"drafts-{i}"' for i in range(100)) + ', "old/*"'
    (in_tmp / "newscli.toml").write_text(f"extend-exclude = [{patterns}]\n")
    (in_tmp / "drafts-7").mkdir()
    (in_tmp / "drafts-7" / "x.md").write_text("not an article\n")
    for index in range(60):
        (in_tmp / f"a{index}.md").write_text(article(index))
    assert lint() == (0, "", "No problems found in 60 files.\n")
    assert len(compiled) == 2  # names and paths, once each, for every file the run walked


def test_the_views_do_not_follow_links_out_of_the_roots(in_tmp: Path) -> None:
    secret = in_tmp.parent / f"{in_tmp.name}-story.md"
    secret.write_text(article(9))
    (in_tmp / "a.md").write_text(article(1))
    (in_tmp / "leak.md").symlink_to(secret)
    result = runner.invoke(app, ["list", "--output-format", "paths"])
    assert result.exit_code == 0 and result.stdout == "a.md\n"
    assert "skipped leak.md: is a symbolic link that leaves the content roots" in result.stderr
