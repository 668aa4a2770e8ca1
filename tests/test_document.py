"""Loading: positions in the file, values as written, and broken or hostile YAML as problems."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newscli.document.loader import load_document
from newscli.document.model import Document
from newscli.lint.check import check_document
from newscli.rules import RULES
from newscli.settings import Settings


def loading_findings(document: Document) -> list[tuple[int, int, str | None]]:
    """The findings of the rules about loading (those that run on any document)."""
    findings = check_document(document, Settings())
    return [(f.line, f.column, f.code) for f in findings if not RULES[f.code].needs_data]


def codes(raw: bytes) -> list[tuple[int, int, str | None]]:
    return loading_findings(load_document("x.md", raw))


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
    document = load_document("x.md", ("\n".join([*lines, "---", ""])).encode())
    assert len(document.values) < 100  # refused before a single alias is expanded
    found = loading_findings(document)
    assert found and {code for _, _, code in found} == {"NC008"}


@pytest.mark.parametrize("depth", [100, 10_000])
def test_deep_nesting_is_a_problem_not_a_crash(depth: int) -> None:
    document = load_document("x.md", b"---\na: " + b"[" * depth + b"]" * depth + b"\n---\n")
    assert [code for _, _, code in loading_findings(document)] in (["NC010"], ["NC004"])


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
