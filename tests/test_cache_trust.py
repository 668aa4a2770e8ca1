"""The results cache is input, not truth: whatever its file holds, wherever its links point,
however a file changed, a run recomputes rather than crash, hang, write elsewhere or pass stale."""

from __future__ import annotations

import os
import sqlite3
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from conftest import splice
from newscli.cli import app

runner = CliRunner()
CACHE = ".newscli_cache"


def lint(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["lint", "--output-format", "concise", *args])
    return result.exit_code, result.stdout, result.stderr


def settle(path: Path, seconds_ago: float = 60) -> None:
    past = time.time() - seconds_ago
    os.utime(path, (past, past))


def site(folder: Path) -> Path:
    """Two articles, one with a finding, changed a minute ago; the cache filled once."""
    (folder / "a.md").write_text(splice("sourceUrl: https://www.reuters.com/a\nquality: 150\n"))
    (folder / "b.md").write_text(splice("sourceUrl: https://www.reuters.com/b\n"))
    for path in folder.glob("*.md"):
        settle(path)
    lint()
    [cache_file] = (folder / CACHE).glob("lint-*.sqlite")
    return cache_file


def cache_hits(stderr: str) -> int:
    line = next(line for line in stderr.splitlines() if " checked; " in line)
    marker = "from the results cache: "
    return int(line.split(marker)[1].split(",")[0]) if marker in line else 0


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.binary(max_size=300))
def test_no_bytes_in_the_cache_file_change_a_result(in_tmp: Path, content: bytes) -> None:
    cache_file = in_tmp / CACHE / "x.sqlite"
    if not (in_tmp / CACHE).exists():
        cache_file = site(in_tmp)
    else:
        [cache_file] = (in_tmp / CACHE).glob("lint-*.sqlite")
    expected = lint("--no-cache")
    cache_file.write_bytes(content)
    assert lint() == expected


def stored(cache_file: Path, query: str, *parameters: object) -> list[tuple[object, ...]]:
    with sqlite3.connect(cache_file) as connection:
        rows = connection.execute(query, parameters).fetchall()
    connection.close()
    return rows


def test_wrong_shapes_in_a_valid_database_are_recomputed(in_tmp: Path) -> None:
    cache_file = site(in_tmp)
    expected = lint("--no-cache")
    results: list[object] = [
        '[[[1,1,"NC999","x","error","m","",0,1,1,[]]],{},[],[],null]',  # an unknown rule
        '[[[0,1,"NC103","out-of-range","error","m","",0,1,1,[]]],{},[],[],null]',  # line 0
        '[[["1",1,"NC103","out-of-range","error","m","",0,1,1,[]]],{},[],[],null]',
        '[[],{"x":"y"},[],[],null]',
        '[[],{},[[1,1,"NC103","yes"]],[],null]',
        '[[],{},[],[["/etc","a","b"]],null]',
        '[[],{},[],[],"soon"]',
        "[" * 100_000,  # deeper than any parser's recursion
        '"text"',
        "[1, 2]",
        "not json",
        7,
        b"\xff",
    ]
    for result in results:
        stored(cache_file, "UPDATE files SET result = ? WHERE path LIKE '%a.md'", result)
        assert lint() == expected, result
    for source in [("https://www.reuters.com/a", 0, 1), ("x", "six", 12), (None, 6, None)]:
        stored(cache_file, "UPDATE files SET url = ?, line = ?, col = ?", *source)
        assert lint() == expected, source


def test_a_database_of_another_shape_is_replaced_not_used(in_tmp: Path) -> None:
    cache_file = site(in_tmp)
    expected = lint("--no-cache")
    stored(cache_file, "UPDATE files SET result = ''")  # as if every file were clean...
    stored(cache_file, "CREATE TABLE extra (x)")  # ...in a database newscli did not make
    assert lint() == expected
    assert stored(cache_file, "SELECT name FROM sqlite_master WHERE name = 'extra'") == []


def test_a_linked_journal_is_never_written_through(in_tmp: Path) -> None:
    cache_file = site(in_tmp)
    target = in_tmp / "precious.txt"
    target.write_text("keep me\n")
    journal = Path(f"{cache_file}-journal")
    journal.symlink_to(target)
    (in_tmp / "b.md").write_text(splice("sourceUrl: https://www.reuters.com/b3\n"))
    settle(in_tmp / "b.md")
    expected = lint("--no-cache")
    assert lint() == expected
    assert target.read_text() == "keep me\n"
    assert not journal.is_symlink()


def test_a_named_pipe_or_a_link_to_dev_zero_at_the_cache_path_is_passed_by(in_tmp: Path) -> None:
    cache_file = site(in_tmp)
    expected = lint("--no-cache")
    cache_file.unlink()
    os.mkfifo(cache_file)
    assert lint() == expected  # would block forever reading the pipe
    cache_file.unlink()
    cache_file.symlink_to("/dev/zero")
    assert lint() == expected  # would read until memory ran out


def test_an_edit_that_keeps_size_and_mtime_is_seen(in_tmp: Path) -> None:
    site(in_tmp)
    path = in_tmp / "a.md"
    before = path.stat()
    path.write_text(path.read_text().replace("quality: 150", "quality: 15 "))
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))  # as `touch -r` or `cp -p` do
    assert path.stat().st_size == before.st_size
    assert "NC103" not in lint()[1]


def test_a_file_changed_within_a_tick_of_the_run_is_not_trusted(in_tmp: Path) -> None:
    (in_tmp / "a.md").write_text(splice("quality: 150\n"))
    lint()
    assert cache_hits(lint("--verbose")[2]) == 0  # just written: could change unseen
    settle(in_tmp / "a.md")
    lint()
    assert cache_hits(lint("--verbose")[2]) == 1


def test_a_dangling_gitignore_link_is_replaced_not_followed(in_tmp: Path) -> None:
    (in_tmp / "content").mkdir()
    (in_tmp / CACHE).mkdir()
    (in_tmp / CACHE / ".gitignore").symlink_to("../content/.gitignore")
    site(in_tmp)
    assert not (in_tmp / "content" / ".gitignore").exists()
    ignore = in_tmp / CACHE / ".gitignore"
    assert not ignore.is_symlink() and ignore.read_text().endswith("*\n")


def test_a_linked_cache_folder_is_never_written_through(in_tmp: Path) -> None:
    (in_tmp / "elsewhere").mkdir()
    (in_tmp / CACHE).symlink_to(in_tmp / "elsewhere")
    (in_tmp / "a.md").write_text(splice("quality: 150\n"))
    settle(in_tmp / "a.md")
    first = lint()
    assert first[0] == 1 and lint() == first
    assert list((in_tmp / "elsewhere").iterdir()) == []


def test_an_empty_gitignore_is_repaired(in_tmp: Path) -> None:
    site(in_tmp)
    ignore = in_tmp / CACHE / ".gitignore"
    ignore.write_text("")
    (in_tmp / "b.md").write_text(splice("sourceUrl: https://www.reuters.com/b2\n"))
    settle(in_tmp / "b.md")
    lint()
    assert ignore.read_text().endswith("*\n")


def test_entries_of_deleted_files_are_pruned(in_tmp: Path) -> None:
    cache_file = site(in_tmp)
    (in_tmp / "b.md").unlink()
    lint()
    paths = stored(cache_file, "SELECT path FROM files")
    assert [Path(str(path)).name for (path,) in paths] == ["a.md"]


def test_a_file_name_that_is_not_utf8_is_linted_but_never_stored(in_tmp: Path) -> None:
    site(in_tmp)
    odd = in_tmp / os.fsdecode(b"caf\xe9.md")  # a Latin-1 name: a lone surrogate in Python
    odd.write_text(splice("sourceUrl: https://www.reuters.com/a\n"))  # a's sourceUrl too
    settle(odd)
    first = lint()
    assert first[0] == 1 and "NC601" in first[1]
    assert lint() == first == lint("--no-cache")
    assert lint("a.md") == lint("a.md", "--no-cache")  # the hook's run, through the index


def test_a_cache_folder_whose_name_is_not_utf8_means_no_cache(
    in_tmp: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (in_tmp / "a.md").write_text(splice("quality: 150\n"))
    monkeypatch.setenv("NEWSCLI_CACHE_DIR", str(in_tmp / os.fsdecode(b"cach\xe9")))
    first = lint()
    assert first[0] == 1 and "NC103" in first[1]
    assert lint() == first


def many(folder: Path, count: int = 300) -> Path:
    """``count`` articles, one with a finding, old enough to be cached; the cache filled and
    proven used once; enough entries for the files table to need interior b-tree pages."""
    for index in range(count):
        fragment = "quality: 150\n" if index == 7 else ""
        path = folder / f"a{index:04d}.md"
        path.write_text(
            splice(f"sourceUrl: https://www.reuters.com/markets/story-{index}\n{fragment}")
            + "Body. " * 60
        )
        settle(path)
    lint()
    assert cache_hits(lint("--verbose")[2]) == count
    [cache_file] = (folder / CACHE).glob("lint-*.sqlite")
    return cache_file


def loop_btree(cache_file: Path, name: str) -> None:
    """Point the right-most child of a b-tree's interior root page back at the root itself,
    as a damaged or crafted file may: a scan then repeats rows before SQLite says so."""
    import struct

    with sqlite3.connect(cache_file) as db:
        (root,) = db.execute(
            "SELECT rootpage FROM sqlite_master WHERE name = ?", (name,)
        ).fetchone()
    db.close()
    data = bytearray(cache_file.read_bytes())
    page_size = struct.unpack(">H", data[16:18])[0]
    at = (root - 1) * page_size + (100 if root == 1 else 0)
    assert data[at] in (0x02, 0x05), "the b-tree needs an interior root for this test"
    data[at + 8 : at + 12] = struct.pack(">I", root)
    cache_file.write_bytes(bytes(data))


@pytest.mark.parametrize("tree", ["files", "files_by_url"])
def test_a_b_tree_that_loops_on_itself_is_discarded_and_rebuilt(in_tmp: Path, tree: str) -> None:
    cache_file = many(in_tmp)
    honest = lint("--no-cache")
    one_file = lint("--no-cache", "a0100.md")
    loop_btree(cache_file, tree)
    code, out, err = lint("--verbose")
    assert (code, out) == honest[:2]  # no false NC601 from repeated rows
    assert "300 files checked" in err
    assert lint("a0100.md")[:2] == one_file[:2]
    rebuilt = lint("--verbose")
    assert rebuilt[:2] == honest[:2]
    assert cache_hits(lint("--verbose")[2]) == 300  # the cache is whole again


def test_a_damaged_cache_is_said_under_verbose(in_tmp: Path) -> None:
    loop_btree(many(in_tmp), "files")
    assert "results cache damaged, ignored and rebuilt: 1" in lint("--verbose")[2]


@pytest.mark.parametrize("damage", ["truncated", "lying header"])
def test_a_truncated_or_lying_database_gives_the_honest_report(in_tmp: Path, damage: str) -> None:
    cache_file = many(in_tmp)
    honest = lint("--no-cache")
    data = bytearray(cache_file.read_bytes())
    if damage == "truncated":
        data = data[: len(data) // 2]
    else:
        data[28:32] = (10**6).to_bytes(4, "big")  # claims a million pages
        data[56:60] = (7).to_bytes(4, "big")  # and a text encoding SQLite has no such code for
    cache_file.write_bytes(bytes(data))
    assert lint()[:2] == honest[:2]
    assert lint()[:2] == honest[:2]
