"""Rewrites never lose an edit, never split or replace links, and keep a file's permissions and
owner: lint --fix and amp --write, against an editor's save, another run, links and modes."""

from __future__ import annotations

import fcntl
import os
import stat
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from conftest import splice
from newscli.cli import app

runner = CliRunner()
BROKEN = splice('title: " Markets rally"\n')  # one safe fix: the title's white space
FIXED = splice('title: "Markets rally"\n')


def fix(*paths: str) -> tuple[int, str]:
    result = runner.invoke(
        app, ["lint", "--fix", "--no-cache", "--output-format", "concise", *paths]
    )
    return result.exit_code, result.stderr


def test_an_edit_saved_while_fixing_is_kept(in_tmp: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import newscli.fix.fixing as fixing

    path = in_tmp / "a.md"
    path.write_text(BROKEN)
    editor = splice('title: " Markets rally, updated"\n')
    real = fixing.fix_document

    def saved_meanwhile(*args: Any, **options: Any) -> Any:
        outcome = real(*args, **options)
        path.write_text(editor)  # the editor saves after newscli read the file
        return outcome

    monkeypatch.setattr(fixing, "fix_document", saved_meanwhile)
    status, err = fix("a.md")
    assert status == 1
    assert "a.md changed since it was read; nothing was written" in err
    assert path.read_text() == editor


def test_a_file_another_run_holds_is_not_written(
    in_tmp: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import newscli.files.writing as writing

    monkeypatch.setattr(writing, "LOCK_WAIT", 0.2)
    path = in_tmp / "a.md"
    path.write_text(BROKEN)
    with open(path, "rb") as held:
        fcntl.flock(held.fileno(), fcntl.LOCK_EX)  # as another newscli run would
        status, err = fix("a.md")
    assert status == 1 and "a.md is locked by another program" in err
    assert path.read_text() == BROKEN
    assert fix("a.md")[0] == 0 and path.read_text() == FIXED


def test_a_symlinked_article_is_fixed_through_its_link(in_tmp: Path) -> None:
    (in_tmp / "real").mkdir()
    target = in_tmp / "real" / "a.md"
    target.write_text(BROKEN)
    (in_tmp / "link.md").symlink_to(target)
    err = fix("link.md")[1]
    assert "Fixed 1 problem in 1 file." in err  # what remains: the link repeats its target (NC601)
    assert (in_tmp / "link.md").is_symlink()
    assert target.read_text() == FIXED


def test_a_hard_linked_article_is_not_split(in_tmp: Path) -> None:
    path = in_tmp / "a.md"
    path.write_text(BROKEN)
    os.link(path, in_tmp / "b.md")
    status, err = fix("a.md")
    assert status == 1 and "a.md has 2 hard links" in err
    assert os.stat(path).st_ino == os.stat(in_tmp / "b.md").st_ino
    assert path.read_text() == BROKEN


def test_a_read_only_article_is_not_written(in_tmp: Path) -> None:
    path = in_tmp / "a.md"
    path.write_text(BROKEN)
    path.chmod(0o444)
    status, err = fix("a.md")
    assert status == 1 and "a.md is read-only; nothing was written" in err
    assert path.read_text() == BROKEN
    amp = runner.invoke(app, ["amp", "--write", "--drop", "a.md"])
    assert "1 file changed" not in amp.stderr


@pytest.mark.skipif(os.geteuid() != 0, reason="only root can give a file to another user")
def test_a_run_as_root_keeps_the_owner_group_and_mode(in_tmp: Path) -> None:
    path = in_tmp / "a.md"
    path.write_text(BROKEN)
    os.chown(path, 1234, 5678)
    path.chmod(0o640)
    assert fix("a.md")[0] == 0
    info = os.stat(path)
    assert (info.st_uid, info.st_gid, stat.S_IMODE(info.st_mode)) == (1234, 5678, 0o640)
    assert path.read_text() == FIXED


def test_amp_write_counts_only_what_it_wrote(in_tmp: Path) -> None:
    amp_url = "https://mobile.reuters.com/article/amp/x"
    path = in_tmp / "a.md"
    path.write_text(splice(f"ampUrl: {amp_url}\n"))
    path.chmod(0o444)
    result = runner.invoke(app, ["amp", "--write", "a.md"])
    assert result.exit_code == 1
    assert "0 files changed; 1 file with problems." in result.stderr
