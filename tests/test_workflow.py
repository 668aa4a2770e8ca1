"""Formats for machines (SARIF, JSON lines, statistics), stdin for editors, --since for CI."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from jsonschema import Draft4Validator
from typer.testing import CliRunner

from conftest import BASE_ARTICLE, REPO, splice
from newscli.cli import app
from newscli.rules import RULES

runner = CliRunner()
BROKEN = splice("sourceUrl: http://www.reuters.com/markets/broken\nquality: 150\n")
SARIF_SCHEMA = json.loads((REPO / "tests" / "data" / "sarif-2.1.0.schema.json").read_text())


def lint(*args: str, stdin: bytes | None = None) -> tuple[int, str, str]:
    result = runner.invoke(app, ["lint", *args], input=stdin)
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def broken(in_tmp: Path) -> Path:
    (in_tmp / "content").mkdir()
    path = in_tmp / "content" / "broken article.md"
    path.write_text(BROKEN)
    return path


def test_sarif_is_valid_and_carries_rules_and_regions(broken: Path) -> None:
    code, out, _ = lint("content", "--output-format", "sarif")
    sarif = json.loads(out)
    assert code == 1
    Draft4Validator(SARIF_SCHEMA).validate(sarif)
    run = sarif["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert [rule["id"] for rule in rules] == list(RULES)
    assert all(rule["help"]["markdown"].startswith(f"# {rule['id']} ") for rule in rules)
    assert [
        (r["ruleId"], r["level"], r["locations"][0]["physicalLocation"]["region"])
        for r in run["results"]
    ] == [
        ("NC302", "warning", {"startLine": 14, "startColumn": 12, "endLine": 14, "endColumn": 49}),
        ("NC103", "error", {"startLine": 15, "startColumn": 10, "endLine": 15, "endColumn": 13}),
    ]
    uri = run["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert uri == "content/broken%20article.md"
    assert all(rules[r["ruleIndex"]]["id"] == r["ruleId"] for r in run["results"])


def test_json_lines_carry_the_format_version(broken: Path) -> None:
    _, out, _ = lint("content", "--output-format", "json-lines")
    records = [json.loads(line) for line in out.splitlines()]
    assert [(r["version"], r["code"], r["line"]) for r in records] == [
        (1, "NC302", 14),
        (1, "NC103", 15),
    ]


def test_statistics_count_findings_per_rule(broken: Path) -> None:
    (broken.parent / "b.md").write_text(BROKEN.replace("markets/broken", "markets/b"))
    code, out, _ = lint("content", "--statistics")
    assert code == 1
    assert out.splitlines() == ["2\tNC103\tout-of-range", "2\tNC302\tinsecure-source-url"]


def test_stdin_is_linted_as_the_named_file(broken: Path) -> None:
    (broken.parent.parent / "newscli.toml").write_text(
        '[per-file-ignores]\n"content/editing.md" = ["NC302"]\n'
    )
    code, out, _ = lint(
        "-",
        "--stdin-filename",
        "content/editing.md",
        "--output-format",
        "concise",
        stdin=BROKEN.encode(),
    )
    assert code == 1
    # The file on disk with the same sourceUrl is compared, and the per-file ignore applies.
    assert out.splitlines() == [
        "content/editing.md:14:12: NC601 the same sourceUrl is used by "
        "content/broken article.md:14",
        "content/editing.md:15:10: NC103 `quality` is 150; expected a whole number from 0 to 100",
    ]


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True)


def test_since_lints_the_articles_changed_since_a_revision(in_tmp: Path) -> None:
    git(in_tmp, "init", "-q")
    git(in_tmp, "config", "user.email", "e@example.com")
    git(in_tmp, "config", "user.name", "E")
    for name in ("old.md", "renamed.md", "edited.md"):
        source = f"sourceUrl: https://www.reuters.com/markets/{name[:-3]}\n"
        (in_tmp / name).write_text(splice(source + "quality: 150\n"))
    git(in_tmp, "add", ".")
    git(in_tmp, "commit", "-qm", "start")
    git(in_tmp, "mv", "renamed.md", "moved.md")
    (in_tmp / "edited.md").write_text((in_tmp / "edited.md").read_text() + "More body.\n")
    (in_tmp / "new.md").write_text(BASE_ARTICLE.replace("quality: 70", "quality: 700"))
    (in_tmp / "notes.txt").write_text("not an article")
    code, out, err = lint("--since", "HEAD", "--output-format", "concise")
    assert code == 1
    assert sorted(line.split(":")[0] for line in out.splitlines()) == [
        "edited.md",
        "moved.md",
        "new.md",
    ]
    assert err == "3 errors, 0 warnings in 3 of 3 files.\n"


def test_since_with_a_bad_revision_is_a_usage_error(in_tmp: Path) -> None:
    git(in_tmp, "init", "-q")
    code, _, err = lint("--since", "no-such-rev")
    assert code == 2
    assert err.startswith("newscli: --since: ")


def test_real_image_sizes_from_the_static_folder(in_tmp: Path) -> None:
    from newscli.rules.images import png_header as _png

    (in_tmp / "static" / "img").mkdir(parents=True)
    (in_tmp / "static" / "img" / "logo.png").write_bytes(_png(50, 40))
    (in_tmp / "newscli.toml").write_text('static-folder = "static"\n')
    images = (
        "images:\n  - url: /img/logo.png\n    width: 50\n    height: 50\n"
        "  - url: /img/missing.png\n    width: 5\n    height: 5\n"
        "  - url: /../../etc/passwd\n    width: 5\n    height: 5\n"
    )
    (in_tmp / "a.md").write_text(splice(images))
    _, out, _ = lint("a.md", "--output-format", "concise")
    assert out.splitlines() == [
        'a.md:17:5: NC511 "/img/logo.png" is 50x40 but `images[0]` gives width 50 and height 50',
        'a.md:20:10: NC510 "/img/missing.png" does not exist in the static folder "static"',
        'a.md:23:10: NC510 "/../../etc/passwd" points outside the static folder',
    ]


def test_since_outside_a_repository_is_one_plain_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))
    result = CliRunner().invoke(app, ["lint", "--since", "HEAD"])
    assert result.exit_code == 2
    assert result.stderr == f"newscli: --since: not a git repository: {tmp_path}\n"


def test_since_runs_git_in_the_projects_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = tmp_path / "site"
    project.mkdir()
    subprocess.run(["git", "init", "-q"], cwd=project, check=True)
    identity = ["-c", "user.email=e@example.com", "-c", "user.name=E"]
    subprocess.run(["git", *identity, "commit", "-q", "--allow-empty", "-m", "start"], cwd=project)
    (project / "newscli.toml").write_text("")
    (project / "a.md").write_text(splice("quality: 150\n"))
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    config = str(project / "newscli.toml")
    result = CliRunner().invoke(
        app, ["lint", "--config", config, "--since", "HEAD", "--output-format", "concise"]
    )
    assert "a.md:15:10: NC103" in result.stdout, result.stderr
