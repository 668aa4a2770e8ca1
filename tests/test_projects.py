"""The project boundary, as users meet it: every command run as a subprocess from several
current folders gives the same answer, judged by the settings of each file's own project and
compared with that project's collection only; nothing named is passed over in silence."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from conftest import BASE_ARTICLE, REPO, newscli, splice, write
from newscli.files.discovery import discover_names

SOURCE = "https://www.reuters.com/markets/base-story-for-tests"
AI_ARTICLE = splice("sourceUrl: https://www.reuters.com/technology/ai-story\ntopics:\n  - AI\n")
PAGE = "---\nlayout: page\ntitle: About us\npermalink: /about/\n---\nWho we are.\n"


def findings(cwd: Path, *args: str) -> tuple[int, set[tuple[str, int, int, str]]]:
    """The exit code and the findings of ``newscli lint --output-format json``, each with its
    file's absolute path, so that runs from different folders compare."""
    code, out, _ = newscli(cwd, "lint", "--output-format", "json", *args)
    found = {
        (os.path.normpath(os.path.join(cwd, f["path"])), f["line"], f["column"], f["code"])
        for f in json.loads(out)["findings"]
    }
    return code, found


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """A project with a topic vocabulary and a content root, a note beside the articles, and
    an unrelated folder beside the project."""
    root = tmp_path / "site"
    write(root / "pyproject.toml", '[tool.newscli]\nroots = ["content"]\ntopics = ["AI"]\n')
    write(root / "content" / "markets.md", BASE_ARTICLE)  # a topic outside the vocabulary
    write(root / "content" / "ai.md", AI_ARTICLE)
    write(root / "notes" / "draft.md", "# An idea\n")
    (tmp_path / "elsewhere").mkdir()
    return root


def places(site: Path) -> dict[str, Path]:
    return {
        "project": site,
        "parent": site.parent,
        "unrelated": site.parent / "elsewhere",
        "root": Path("/"),
    }


WHERE = ["project", "parent", "unrelated", "root"]


@pytest.mark.parametrize("where", WHERE)
def test_the_settings_are_those_of_the_files_project_from_any_folder(
    site: Path, where: str
) -> None:
    expected = {(str(site / "content" / "markets.md"), 15, 5, "NC503")}
    cwd = places(site)[where]
    assert findings(cwd, str(site / "content")) == (1, expected)
    assert findings(cwd, str(site / "content" / "markets.md")) == (1, expected)


@pytest.mark.parametrize("where", WHERE)
@pytest.mark.parametrize("command", [["lint"], ["lint", "--strict"], ["links"]])
def test_a_path_that_does_not_exist_is_reported_from_any_folder(
    site: Path, where: str, command: list[str]
) -> None:
    code, out, _ = newscli(places(site)[where], *command, "/nonexistent/path.md")
    assert code == 1
    assert "nonexistent/path.md" in out  # relative to the current folder when inside it
    assert "NC011" in out


COMMANDS = [
    ["lint"],
    ["links"],
    ["list"],
    ["top"],
    ["stats"],
    ["feed", "--link", "https://news.example.com/"],
    ["amp"],
]


@pytest.mark.parametrize("command", COMMANDS, ids=lambda command: command[0])
def test_a_named_file_outside_the_content_roots_is_said_not_checked(
    site: Path, command: list[str]
) -> None:
    code, _, err = newscli(site.parent, *command, "site/notes/draft.md")
    assert code == 0
    assert (
        "newscli: warning: site/notes/draft.md is outside the content roots (site/content): "
        "not checked\n"
    ) in err
    assert "newscli: warning: no article files found under the given paths\n" in err


def test_a_named_excluded_file_is_said_not_checked_and_the_others_are(site: Path) -> None:
    write(site / "content" / "README.md", "# What this folder holds\n")
    code, out, err = newscli(site, "lint", "content/README.md", "content/markets.md")
    assert code == 1
    assert "newscli: warning: content/README.md is excluded by the exclude settings" in err
    assert "NC503" in out
    assert "no article files found" not in err


def test_a_named_folder_is_narrowed_to_the_content_roots_within_it(site: Path) -> None:
    code, out, err = newscli(site.parent, "list", "--output-format", "paths", "site")
    assert code == 0
    assert sorted(out.splitlines()) == ["site/content/ai.md", "site/content/markets.md"]
    assert err == ""


@pytest.mark.parametrize("where", WHERE)
def test_nested_projects_are_each_judged_by_their_own_settings(site: Path, where: str) -> None:
    inner = site / "content" / "desk"
    write(inner / "newscli.toml", 'topics = ["Markets"]\n')
    write(inner / "story.md", BASE_ARTICLE.replace(SOURCE, SOURCE + "-desk"))
    write(inner / "twin.md", splice("topics:\n  - AI\n"))  # the outer markets.md's sourceUrl
    cwd = places(site)[where]
    code, found = findings(cwd, str(site))
    assert code == 1
    # markets.md breaks the outer vocabulary, twin.md the inner one; story.md is clean in
    # its own project, and twin.md shares a sourceUrl with an article of another project.
    assert {(Path(path).name, rule) for path, _, _, rule in found} == {
        ("markets.md", "NC503"),
        ("twin.md", "NC503"),
    }
    for cache in ([], ["--no-cache"]):  # the collection from the index, then from the disk
        assert findings(cwd, *cache, str(site / "content" / "markets.md"))[1] == {
            (str(site / "content" / "markets.md"), 15, 5, "NC503")
        }
    code, out, _ = newscli(cwd, "config", str(inner / "story.md"))
    assert out.splitlines()[:2] == [
        f"# configuration file: {inner / 'newscli.toml'}",
        f"# project root: {inner}",
    ]


def test_a_git_work_tree_without_configuration_is_one_project(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    write(repo / "2024" / "a.md", BASE_ARTICLE)
    write(repo / "2025" / "b.md", BASE_ARTICLE)
    write(tmp_path / "copy.md", BASE_ARTICLE)  # outside the work tree: not in the collection
    for cwd in (repo / "2025", tmp_path, Path("/")):
        code, found = findings(cwd, str(repo / "2025" / "b.md"))
        assert code == 1
        assert found == {(str(repo / "2025" / "b.md"), 5, 12, "NC601")}
    code, out, _ = newscli(repo / "2025", "lint", "--output-format", "concise")
    assert code == 1
    assert out.count("NC601") == 2  # a.md and b.md: the whole work tree, from a folder of it


@pytest.mark.parametrize("where", ["folder", "parent", "root"])
def test_without_configuration_or_git_the_folder_named_is_the_project(
    tmp_path: Path, where: str
) -> None:
    write(tmp_path / "x" / "a.md", BASE_ARTICLE)
    write(tmp_path / "y" / "a.md", BASE_ARTICLE)  # an unrelated copy in a sibling folder
    cwd = {"folder": tmp_path / "x", "parent": tmp_path, "root": Path("/")}[where]
    assert findings(cwd, str(tmp_path / "x")) == (0, set())
    assert findings(cwd, str(tmp_path / "x" / "a.md")) == (0, set())
    # Of two folders named, the outermost is the project: both copies are in it, once each.
    code, out, _ = newscli(
        cwd, "lint", "--output-format", "json", str(tmp_path), str(tmp_path / "x")
    )
    assert code == 1
    assert json.loads(out)["summary"] == {
        "files": 2,
        "files_with_findings": 2,
        "errors": 2,
        "warnings": 0,
    }


def test_thousands_of_unrelated_files_above_the_project_are_never_read(tmp_path: Path) -> None:
    big = tmp_path / "big"
    for number in range(2_000):
        write(big / f"other-{number}.md", BASE_ARTICLE)
    project = big / "project"
    write(project / "newscli.toml", 'roots = ["content"]\n')
    write(project / "content" / "a.md", BASE_ARTICLE)
    write(project / "content" / "b.md", AI_ARTICLE)
    tallies = []
    for cwd in (big, project, Path("/")):
        code, _, err = newscli(
            cwd, "lint", "--verbose", "--no-cache", str(project / "content/a.md")
        )
        assert code == 0
        tallies.append(err.splitlines()[-1])
    assert (
        tallies
        == [
            "newscli: 1 file checked; accepted by the schema pre-check: 1, "
            "others read for the collection: 1"
        ]
        * 3
    )


def test_a_symbolic_link_out_of_the_project_is_not_followed(tmp_path: Path) -> None:
    project = tmp_path / "project"
    write(project / "newscli.toml", "")
    write(project / "a.md", AI_ARTICLE)
    write(tmp_path / "outside" / "b.md", BASE_ARTICLE.replace("quality: 70", "quality: 700"))
    (project / "linked").symlink_to(tmp_path / "outside", target_is_directory=True)
    (project / "one.md").symlink_to(tmp_path / "outside" / "b.md")
    code, out, _ = newscli(tmp_path, "lint", "--output-format", "concise", "project")
    assert code == 1
    assert "NC103" not in out  # outside/b.md was never read
    assert "project/linked: NC011" in out.replace(":1:1:", ":")
    assert "project/one.md" in out


def test_the_cache_is_written_in_the_project_root_and_never_in_the_file_system_root(
    tmp_path: Path,
) -> None:
    env = {k: v for k, v in os.environ.items() if k != "NEWSCLI_CACHE_DIR"}
    article = write(tmp_path / "loose" / "a.md", BASE_ARTICLE)
    had_root_cache = os.path.lexists("/.newscli_cache")
    assert newscli(Path("/"), "lint", str(article), env=env)[0] == 0
    assert (tmp_path / "loose" / ".newscli_cache").is_dir()
    assert newscli(Path("/"), "lint", "/nonexistent.md", env=env)[0] == 1
    assert os.path.lexists("/.newscli_cache") == had_root_cache
    assert not (tmp_path / ".newscli_cache").exists()


def test_a_pseudo_file_system_is_never_walked(tmp_path: Path) -> None:
    code, _, err = newscli(tmp_path, "lint", "/proc/self")
    assert code == 0
    assert "newscli: warning: /proc/self is in /proc, which holds no files to read" in err


def test_a_page_that_is_not_an_article_gets_one_finding_that_says_how_to_leave_it_out(
    site: Path,
) -> None:
    write(site / "content" / "about.md", PAGE)
    code, out, _ = newscli(site.parent, "lint", "--output-format", "concise", "site")
    assert code == 1
    assert out.splitlines() == [
        "site/content/about.md:2:1: NC014 this page does not look like an article: its front "
        "matter has none of an article's keys (sourceUrl, publishedDateTime, provider, ...); "
        'if it is not one, leave it out with extend-exclude = ["content/about.md"] or set '
        "roots to the folders of articles",
        'site/content/markets.md:15:5: NC503 "Markets" is not in the topic vocabulary; '
        "expected one of AI",
    ]
    _, _, err = newscli(site, "list")
    assert "skipped content/about.md: it does not look like an article (NC014)" in err
    with (site / "pyproject.toml").open("a") as config:
        config.write('extend-exclude = ["content/about.md"]\n')
    assert "about.md" not in newscli(site.parent, "lint", "site")[1]


def test_this_repository_lints_its_examples_only() -> None:
    code, out, err = newscli(REPO, "lint", "--verbose")
    assert code == 0
    examples = sorted(path.name for path in (REPO / "examples").glob("*.md"))
    assert err.splitlines()[-1].startswith(f"newscli: {len(examples)} files checked")
    code, out, _ = newscli(REPO, "list", "--all", "--output-format", "paths")
    assert sorted(out.splitlines()) == [f"examples/{name}" for name in examples]


def test_a_walk_never_enters_proc(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # /proc/self/cwd leads back to the current folder: a walk of /proc would find its articles.
    write(tmp_path / "a.md", BASE_ARTICLE)
    monkeypatch.chdir(tmp_path)
    assert discover_names(["/proc"]) == []
    assert discover_names([tmp_path]) == [str(tmp_path / "a.md")]
