"""A run over a few files compares them with the collection through the cache's index, and
the index never goes stale unseen: files added, removed or renamed, folders made or deleted,
files edited too recently to be trusted. What it may miss is documented, and shown here."""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import splice
from newscli.cli import app

runner = CliRunner()
INDEXED = "others compared through the index"


def lint(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["lint", "--output-format", "concise", "--verbose", *args])
    return result.exit_code, result.stdout + result.stderr


def findings(*args: str) -> str:
    return lint(*args)[1].split("newscli: ")[0]


def article(slug: str) -> str:
    return splice(f"sourceUrl: https://www.reuters.com/{slug}\n")


def settle(folder: Path) -> None:
    """Every file and folder last changed a minute ago, so that the cache trusts their stamps."""
    past = time.time() - 60
    for path in [folder, *folder.rglob("*")]:
        if ".newscli_cache" not in path.parts:
            os.utime(path, (past, past))


def collection(folder: Path) -> None:
    """new.md, and a hundred others in two folders, one of them sharing nothing yet."""
    for part in ("world", "markets"):
        (folder / part).mkdir()
        for index in range(50):
            (folder / part / f"{index}.md").write_text(article(f"{part}-{index}"))
    (folder / "new.md").write_text(article("fresh"))
    settle(folder)
    lint()  # the whole collection: fills the cache and its index


def same_as_a_full_run(*args: str) -> str:
    """The one-file run's findings, checked against a run that reads everything."""
    shown = findings(*args)
    assert shown == findings(*args, "--no-cache")
    return shown


def test_one_file_is_compared_through_the_index(in_tmp: Path) -> None:
    collection(in_tmp)
    (in_tmp / "world" / "7.md").write_text(article("fresh"))  # in place: its folder unchanged
    settle(in_tmp)
    status, shown = lint("new.md")
    assert f"{INDEXED}: 0" in shown  # nothing else was looked at...
    assert status == 0  # ...so the edit in place went unseen, as documented
    assert "NC601" in findings("new.md", "--no-cache")
    assert "NC601" in findings()  # and a plain run, which walks everything, sees it


def test_a_file_added_with_the_same_url_is_found(in_tmp: Path) -> None:
    collection(in_tmp)
    (in_tmp / "markets" / "copy.md").write_text(article("fresh"))
    settle(in_tmp)
    shown = same_as_a_full_run("new.md")
    assert "new.md:15:12: NC601 the same sourceUrl is used by markets/copy.md:15" in shown
    assert f"{INDEXED}: 1" in lint("new.md")[1]


def test_a_file_added_in_a_new_folder_is_found(in_tmp: Path) -> None:
    collection(in_tmp)
    (in_tmp / "world" / "europe" / "france").mkdir(parents=True)
    (in_tmp / "world" / "europe" / "france" / "copy.md").write_text(article("fresh"))
    settle(in_tmp)
    assert "world/europe/france/copy.md:15" in same_as_a_full_run("new.md")


def test_a_new_folder_that_is_excluded_stays_excluded(in_tmp: Path) -> None:
    collection(in_tmp)
    (in_tmp / "world" / "node_modules").mkdir()
    (in_tmp / "world" / "node_modules" / "copy.md").write_text(article("fresh"))
    (in_tmp / "world" / ".drafts").mkdir()
    (in_tmp / "world" / ".drafts" / "copy.md").write_text(article("fresh"))
    settle(in_tmp)
    assert same_as_a_full_run("new.md") == "No problems found in 1 file.\n"


def test_a_duplicate_removed_renamed_or_edited_is_seen(in_tmp: Path) -> None:
    collection(in_tmp)
    (in_tmp / "world" / "copy.md").write_text(article("fresh"))
    settle(in_tmp)
    lint()
    assert "world/copy.md:15" in same_as_a_full_run("new.md")
    (in_tmp / "world" / "copy.md").rename(in_tmp / "markets" / "moved.md")
    settle(in_tmp)
    shown = same_as_a_full_run("new.md")
    assert "markets/moved.md:15" in shown and "world/copy.md" not in shown
    (in_tmp / "markets" / "moved.md").write_text(article("another"))  # in place
    settle(in_tmp)
    assert same_as_a_full_run("new.md") == "No problems found in 1 file.\n"
    (in_tmp / "markets" / "moved.md").write_text(article("fresh"))
    settle(in_tmp)
    lint()
    (in_tmp / "markets" / "moved.md").unlink()
    settle(in_tmp)
    assert same_as_a_full_run("new.md") == "No problems found in 1 file.\n"


def test_a_deleted_folder_or_one_replaced_by_a_file_is_seen(in_tmp: Path) -> None:
    collection(in_tmp)
    (in_tmp / "markets" / "deep").mkdir()
    (in_tmp / "markets" / "deep" / "copy.md").write_text(article("fresh"))
    settle(in_tmp)
    lint()
    shutil.rmtree(in_tmp / "markets" / "deep")
    (in_tmp / "markets" / "deep").write_text("not a folder\n")
    settle(in_tmp)
    assert same_as_a_full_run("new.md") == "No problems found in 1 file.\n"
    shutil.rmtree(in_tmp / "markets")
    assert same_as_a_full_run("new.md") == "No problems found in 1 file.\n"


def test_a_file_changed_too_recently_is_read_again_even_in_place(in_tmp: Path) -> None:
    collection(in_tmp)
    other = in_tmp / "world" / "3.md"
    other.write_text(article("world-3b"))  # just now: its stamp cannot be trusted
    lint()
    other.write_text(article("fresh"))  # in place again, folder unchanged
    assert "world/3.md:15" in same_as_a_full_run("new.md")


def test_a_folder_changed_too_recently_is_listed_again(in_tmp: Path) -> None:
    collection(in_tmp)
    (in_tmp / "world" / "extra.md").write_text(article("extra"))  # the folder's mtime is now
    lint()
    moved = in_tmp / "world" / "extra.md"
    # The same second's next change could keep the folder's mtime: the index must not trust it.
    stamp = (in_tmp / "world").stat()
    (in_tmp / "world" / "copy.md").write_text(article("fresh"))
    os.utime(in_tmp / "world", ns=(stamp.st_atime_ns, stamp.st_mtime_ns))
    assert moved.exists()
    assert "world/copy.md:15" in same_as_a_full_run("new.md")


def test_without_an_index_the_run_walks_and_makes_one(in_tmp: Path) -> None:
    for index in range(3):
        (in_tmp / f"{index}.md").write_text(article(str(index)))
    (in_tmp / "new.md").write_text(article("1"))
    settle(in_tmp)
    first = lint("new.md")[1]
    assert INDEXED not in first and "1.md:15" in first
    second = lint("new.md")[1]
    assert f"{INDEXED}: 1" in second and "1.md:15" in second


def test_an_index_that_fails_while_asked_gives_way_to_the_walk(
    in_tmp: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from newscli.lint.cache_store import Row, Store

    collection(in_tmp)
    (in_tmp / "world" / "7.md").write_text(article("fresh"))  # in place: only a walk sees it
    settle(in_tmp)

    def failing(self: Store, comparable: str) -> Iterator[Row]:
        self.close()  # as an unreadable page of the database would
        yield from ()

    monkeypatch.setattr(Store, "with_url", failing)
    status, shown = lint("new.md")
    assert status == 1 and "world/7.md:15" in shown
    assert INDEXED not in shown
