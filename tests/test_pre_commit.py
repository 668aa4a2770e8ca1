"""The newscli-lint hook, run by the real pre-commit on a temporary repository."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import BASE_ARTICLE, REPO, splice

pytestmark = [
    pytest.mark.network,
    pytest.mark.skipif(shutil.which("pre-commit") is None, reason="pre-commit is not installed"),
]


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True)


def try_repo(
    repo: Path, home: Path, hook: str = "newscli-lint"
) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PRE_COMMIT_HOME": str(home), "NO_COLOR": "1"}
    return subprocess.run(
        ["pre-commit", "try-repo", str(REPO), hook],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )


def test_a_staged_broken_article_fails_the_hook_and_fixing_it_passes(tmp_path: Path) -> None:
    repo, home = tmp_path / "site", tmp_path / "pre-commit-home"
    repo.mkdir()
    git(repo, "init", "-q")
    git(repo, "config", "user.email", "editor@example.com")
    git(repo, "config", "user.name", "Editor")
    (repo / "archive.md").write_text(BASE_ARTICLE)
    git(repo, "add", "archive.md")
    git(repo, "commit", "-qm", "archive")

    # A new article with a bad quality that also copies the archived article's sourceUrl.
    (repo / "new.md").write_text(splice("quality: 150\n"))
    git(repo, "add", "new.md")
    failed = try_repo(repo, home)
    assert failed.returncode == 1, failed.stdout + failed.stderr
    assert "new.md:15:10: NC103 `quality` is 150; expected a whole number from 0 to 100" in (
        failed.stdout
    )
    assert "new.md:5:12: NC601 the same sourceUrl is used by archive.md:5" in failed.stdout

    fixed = splice("quality: 15\nsourceUrl: https://www.reuters.com/markets/a-new-story\n")
    (repo / "new.md").write_text(fixed)
    git(repo, "add", "new.md")
    passed = try_repo(repo, home)
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert "Passed" in passed.stdout


def test_staged_repository_documents_do_not_fail_the_hook(tmp_path: Path) -> None:
    repo, home = tmp_path / "site", tmp_path / "pre-commit-home"
    (repo / "docs").mkdir(parents=True)
    git(repo, "init", "-q")
    (repo / "article.md").write_text(BASE_ARTICLE)
    for name in ("README.md", "CHANGELOG.md", "docs/guide.md"):
        (repo / name).write_text("# Not an article\n")
    git(repo, "add", ".")
    passed = try_repo(repo, home)
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert "Passed" in passed.stdout


def test_the_fix_hook_repairs_in_place_and_stops_the_commit_for_review(tmp_path: Path) -> None:
    repo, home = tmp_path / "site", tmp_path / "pre-commit-home"
    repo.mkdir()
    git(repo, "init", "-q")
    (repo / "new.md").write_text(splice("published: yes\n"))
    git(repo, "add", "new.md")
    first = try_repo(repo, home, "newscli-lint-fix")
    assert first.returncode == 1, first.stdout + first.stderr
    assert "files were modified by this hook" in first.stdout
    assert (repo / "new.md").read_text() == splice("published: true\n")
    git(repo, "add", "new.md")
    again = try_repo(repo, home, "newscli-lint-fix")
    assert again.returncode == 0, again.stdout + again.stderr
