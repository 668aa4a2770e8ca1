"""The results cache is input, not truth: whatever its file holds, wherever its links point,
however a file changed, a run recomputes rather than crash, hang, write elsewhere or pass stale."""

from __future__ import annotations

import hashlib
import json
import os
import time
from pathlib import Path

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
    [cache_file] = (folder / CACHE).glob("lint-*.json")
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
    cache_file = in_tmp / CACHE / "x.json"
    if not (in_tmp / CACHE).exists():
        cache_file = site(in_tmp)
    else:
        [cache_file] = (in_tmp / CACHE).glob("lint-*.json")
    expected = lint("--no-cache")
    cache_file.write_bytes(content)
    assert lint() == expected


def _with_valid_header(entries: object) -> bytes:
    body = json.dumps(entries).encode()
    digest = hashlib.sha256(body).hexdigest()
    header = {"format": "newscli results cache", "version": 2, "sha256": digest}
    return json.dumps(header).encode() + b"\n" + body


def test_wrong_shapes_behind_a_valid_header_are_recomputed(in_tmp: Path) -> None:
    cache_file = site(in_tmp)
    expected = lint("--no-cache")
    stored = json.loads(cache_file.read_bytes().partition(b"\n")[2])
    [path] = [name for name in stored if name.endswith("a.md")]
    stamp = stored[path][:4]
    payloads: list[object] = [
        [[[1, 1, "NC999", "x", "error", "m", "", 0]], {}, [], [], None],  # an unknown rule
        [[[0, 1, "NC103", "out-of-range", "error", "m", "", 0]], {}, [], [], None],  # line 0
        [[["1", 1, "NC103", "out-of-range", "error", "m", "", 0]], {}, [], [], None],
        [[], {"x": "y"}, [], [], None],
        [[], {}, [[1, 1, "NC103", "yes"]], [], None],
        [[], {}, [], [["/etc", "a", "b"]], None],
        [[], {}, [], [], "soon"],
        "text",
        [1, 2],
    ]
    for payload in payloads:
        cache_file.write_bytes(_with_valid_header({path: [*stamp, None, payload]}))
        assert lint() == expected, payload


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
    stored = json.loads(cache_file.read_bytes().partition(b"\n")[2])
    assert [Path(name).name for name in stored] == ["a.md"]
