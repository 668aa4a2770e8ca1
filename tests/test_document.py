"""Loading: positions in the file, values as written, and broken or hostile YAML as problems."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newscli.document import load_document


def codes(raw: bytes) -> list[tuple[int, int, str | None]]:
    return [(p.line, p.column, p.code) for p in load_document("x.md", raw).problems]


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_positions_count_lines_in_the_file_whatever_the_line_ends(newline: str) -> None:
    text = newline.join(["---", "title: Hello", "provider:", "  name: X", "---", "body", ""])
    document = load_document("x.md", text.encode())
    assert document.position("/title") == (2, 8)
    assert document.position("/provider/name") == (4, 9)
    assert document.position("/provider/name", at_key=True) == (4, 3)


def test_a_missing_key_is_placed_at_its_parent_mapping() -> None:
    document = load_document("x.md", b"---\ntitle: x\nprovider:\n  name: X\n---\n")
    assert document.position("/provider/domain") == (4, 3)
    assert document.position("/nothing") == (2, 1)


def test_columns_count_characters_after_a_bom() -> None:
    document = load_document("x.md", "\ufeff---\ntitle: «Café»\nk: {a: é, b: v}\n---\n".encode())
    assert document.data == {"title": "«Café»", "k": {"a": "é", "b": "v"}}
    assert document.position("/title") == (2, 8)
    assert document.position("/k/b") == (3, 14)


def test_unquoted_timestamps_keep_the_text_the_author_wrote() -> None:
    document = load_document(
        "x.md", b"---\nwhen: 2019-12-03T00:09:00.50+01:00\nday: 2019-12-03\n---\n"
    )
    assert document.data == {"when": "2019-12-03T00:09:00.50+01:00", "day": "2019-12-03"}


def test_values_are_plain_data() -> None:
    document = load_document("x.md", b"---\nn: 0x1F\nf: 1.5\nb: true\nz: ~\nl: [1, a]\n---\n")
    assert document.data == {"n": 31, "f": 1.5, "b": True, "z": None, "l": [1, "a"]}


def test_python_tags_build_nothing(tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    raw = f"---\na: !!python/object/apply:os.system ['touch {marker}']\n---\n".encode()
    assert codes(raw) == [(2, 4, "NC009")]
    assert not marker.exists()


def test_a_billion_laughs_is_refused_quickly() -> None:
    lines = ["---", 'a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [f"a{i}: &a{i} [{','.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 10)]
    started = time.perf_counter()
    problems = load_document("x.md", ("\n".join([*lines, "---", ""])).encode()).problems
    assert time.perf_counter() - started < 2
    assert problems and {p.code for p in problems} == {"NC008"}


@pytest.mark.parametrize("depth", [100, 10_000])
def test_deep_nesting_is_a_problem_not_a_crash(depth: int) -> None:
    problems = load_document(
        "x.md", b"---\na: " + b"[" * depth + b"]" * depth + b"\n---\n"
    ).problems
    assert [p.code for p in problems] in (["NC010"], ["NC004"])


def test_huge_integers_are_reported() -> None:
    assert codes(b"---\nquality: " + b"9" * 5000 + b"\n---\n") == [(2, 10, "NC103")]


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=300))
def test_loading_never_raises_and_positions_lie_in_the_file(tail: bytes) -> None:
    raw = b"---\n" + tail
    document = load_document("x.md", raw)
    line_count = max(1, len(document.lines))
    for problem in document.problems:
        assert problem.line is None or 1 <= problem.line <= line_count + 1
