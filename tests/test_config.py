"""Configuration files, command-line overrides and their errors, as a user meets them."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import BASE_ARTICLE, REPO, splice
from newscli.cli import app
from newscli.config.display import config_reference
from newscli.config.keys import KEYS

runner = CliRunner()
HTTP_SOURCE = splice("sourceUrl: http://www.reuters.com/markets/http\n")  # NC302 at 15:12


def lint(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["lint", "--output-format", "concise", *args])
    return result.exit_code, result.stdout, result.stderr


def codes(out: str) -> list[str]:
    return [line.split(": ")[1].split()[0] for line in out.splitlines()]


@pytest.fixture
def site(in_tmp: Path) -> Path:
    (in_tmp / "content").mkdir()
    (in_tmp / "content" / "http.md").write_text(HTTP_SOURCE)
    (in_tmp / "content" / "ok.md").write_text(BASE_ARTICLE)
    return in_tmp


def test_pyproject_table_is_found_by_walking_up(
    site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (site / "pyproject.toml").write_text('[tool.newscli]\nseverity = { NC302 = "error" }\n')
    monkeypatch.chdir(site / "content")
    code, out, _ = lint("http.md")
    assert code == 1 and codes(out) == ["NC302"]


def test_dot_newscli_toml_wins_over_newscli_toml_and_pyproject(site: Path) -> None:
    (site / "pyproject.toml").write_text('[tool.newscli]\nignore = ["NC1"]\n')
    (site / "newscli.toml").write_text('ignore = ["NC2"]\n')
    (site / ".newscli.toml").write_text('ignore = ["NC302"]\n')
    assert lint("content")[1] == ""
    (site / ".newscli.toml").unlink()
    assert codes(lint("content")[1]) == ["NC302"]


def test_a_pyproject_without_our_table_is_passed_over(
    site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = site / "project"
    (project / "content").mkdir(parents=True)
    # Its own story: the project's collection is everything under the configuration's folder.
    (project / "content" / "http.md").write_text(HTTP_SOURCE.replace("/markets/", "/world/"))
    (project / "pyproject.toml").write_text('[project]\nname = "site"\n')
    (site / "newscli.toml").write_text('ignore = ["NC302"]\n')  # found above it
    monkeypatch.chdir(project)
    assert lint("content") == (0, "", "No problems found in 1 file.\n")


def test_explicit_config_and_isolated(site: Path) -> None:
    (site / "newscli.toml").write_text('ignore = ["NC302"]\n')
    (site / "strict.toml").write_text('severity = { NC3 = "error" }\n')
    assert lint("content")[1] == ""
    assert lint("content", "--config", "strict.toml")[0] == 1
    assert codes(lint("content", "--isolated")[1]) == ["NC302"]


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        ('selcet = ["NC1"]', "newscli.toml: unknown key 'selcet'; did you mean 'select'?"),
        ('select = "NC1"', "newscli.toml: 'select' must be a list of rule codes or prefixes"),
        ('select = ["NC99"]', "newscli.toml: 'select': 'NC99' is not a rule code or a prefix"),
        ("topics = [1, 2]", "newscli.toml: 'topics' must be a list of strings"),
        ('future-tolerance = "soon"', "'future-tolerance' must be a duration such as"),
        ('severity = { NC302 = "fatal" }', 'the severity of NC302 must be "error" or "warning"'),
        ("select = [\n", "newscli.toml: invalid TOML: "),
    ],
)
def test_bad_configuration_exits_2_naming_file_and_key(site: Path, toml: str, message: str) -> None:
    (site / "newscli.toml").write_text(toml + "\n")
    code, out, err = lint("content")
    assert code == 2 and out == ""
    assert message in err and err.startswith("newscli: ")
    assert err.count("\n") == 1


def test_toml_syntax_errors_give_the_line(site: Path) -> None:
    (site / "newscli.toml").write_text('ignore = ["NC302"]\ntopics = [oops]\n')
    assert "(at line 2, column 11)" in lint("content")[2]


def test_a_broken_pyproject_with_our_table_is_an_error(site: Path) -> None:
    (site / "pyproject.toml").write_text("[tool.newscli]\nignore = [\n")
    assert lint("content")[0] == 2


def test_longest_prefix_wins_and_ignore_wins_a_tie(site: Path) -> None:
    assert codes(lint("content", "--ignore", "NC3", "--select", "NC302")[1]) == ["NC302"]
    assert codes(lint("content", "--ignore", "NC302", "--select", "NC3")[1]) == []
    assert codes(lint("content", "--select", "NC3", "--ignore", "NC3")[1]) == []
    (site / "newscli.toml").write_text('ignore = ["NC3"]\nextend-select = ["NC302"]\n')
    assert codes(lint("content")[1]) == ["NC302"]
    assert codes(lint("content", "--ignore", "NC302")[1]) == []  # command line adds to ignore


def test_per_file_ignores_and_exclude(site: Path) -> None:
    (site / "content" / "drafts").mkdir()
    (site / "content" / "drafts" / "d.md").write_text("not an article")
    (site / "newscli.toml").write_text(
        'exclude = ["drafts"]\n[per-file-ignores]\n"content/http.md" = ["NC302"]\n'
    )
    assert lint("content") == (0, "", "No problems found in 2 files.\n")
    # Exclusions apply to files named on the command line too, as a pre-commit hook names them.
    assert lint("content/drafts/d.md")[1] == ""
    assert codes(lint("content/drafts/d.md", "--isolated")[1]) == ["NC002"]


def test_future_tolerance_and_max_file_size(site: Path) -> None:
    soon = splice(
        "sourceUrl: https://www.reuters.com/markets/soon\npublishedDateTime: 2999-01-01T00:00:00Z\n"
    )
    (site / "content" / "soon.md").write_text(soon)
    assert "NC202" in codes(lint("content")[1])
    (site / "newscli.toml").write_text('max-file-size = "100B"\n')
    assert set(codes(lint("content")[1])) == {"NC011"}


def test_roots_are_linted_when_no_path_is_given(site: Path) -> None:
    (site / "other.md").write_text("broken")
    (site / "newscli.toml").write_text('roots = ["content"]\n')
    assert codes(lint()[1]) == ["NC302"]
    assert "NC002" in codes(lint("--isolated")[1])


def test_config_command_shows_values_and_their_sources(site: Path) -> None:
    (site / "newscli.toml").write_text('topics = ["AI"]\n')
    result = runner.invoke(app, ["config"])
    lines = result.stdout.splitlines()
    assert result.exit_code == 0
    assert lines[0] == f"# configuration file: {site / 'newscli.toml'}"
    lines = [re.sub(r"^(\S+) +=", r"\1 =", line) for line in lines]  # as aligned, less the padding
    assert f'topics = ["AI"]  # {site / "newscli.toml"}' in lines
    assert 'types = ["article", "video", "podcast", "paper"]  # default' in lines
    assert lines[1] == f"# project root: {site}"
    assert len(lines) == len(KEYS) + 2


def test_readme_lists_every_key_with_its_default() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert config_reference() in readme, "paste newscli.config.config_reference() into README.md"


def test_config_as_data_and_as_toml(site: Path) -> None:
    (site / "newscli.toml").write_text('topics = ["AI"]\nmax-depth = 10\n')
    data = json.loads(runner.invoke(app, ["config", "--output-format", "json"]).stdout)
    values = {row["key"]: row["value"] for row in data["settings"]}
    assert data["version"] == 1 and data["file"] == str(site / "newscli.toml")
    assert values["topics"] == ["AI"] and values["max-depth"] == 10
    assert values["static-folder"] is None
    text = runner.invoke(app, ["config"]).stdout
    assert "static-folder = none" not in text
    assert re.search(r"^# static-folder +is not set  # default$", text, re.M)


def test_config_shows_the_command_line_and_what_applies_to_a_file(site: Path) -> None:
    (site / "newscli.toml").write_text('per-file-ignores = { "content/*" = ["NC302"] }\n')
    text = runner.invoke(app, ["config", "--ignore", "NC5", "--for", "content/http.md"]).stdout
    assert re.search(r'^ignore += \["NC5"\]  # command line$', text, re.M)
    assert "#   rules off by per-file-ignores: NC302" in text
    assert "#   excluded: no" in text
    data = json.loads(
        runner.invoke(app, ["config", "--output-format", "json", "--for", "README.md"]).stdout
    )
    assert data["for"] == {"path": "README.md", "excluded": True, "in_roots": True, "ignored": []}
