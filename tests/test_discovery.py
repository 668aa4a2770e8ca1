"""Finding article files, and comparing them with the whole collection for duplicate sources."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from conftest import BASE_ARTICLE, lint_files, splice
from newscli.files.discovery import discover


def touch(path: Path, text: str = BASE_ARTICLE) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_folders_are_searched_in_a_stable_order_skipping_hidden_and_vendored(
    tmp_path: Path,
) -> None:
    for name in [
        "b.md",
        "a.markdown",
        "sub/c.md",
        ".hidden/d.md",
        "node_modules/e.md",
        "notes.txt",
        ".draft.md",
    ]:
        touch(tmp_path / name)
    assert [p.relative_to(tmp_path).as_posix() for p in discover([tmp_path])] == [
        "a.markdown",
        "b.md",
        "sub/c.md",
    ]


def test_files_keep_the_order_given_and_are_not_repeated(tmp_path: Path) -> None:
    b, a = touch(tmp_path / "b.md"), touch(tmp_path / "a.md")
    assert discover([b, a, b, tmp_path]) == [b, a]


def test_a_symlink_loop_ends(tmp_path: Path) -> None:
    touch(tmp_path / "content" / "a.md")
    os.symlink(tmp_path / "content", tmp_path / "content" / "loop")
    assert [p.name for p in discover([tmp_path])] == ["a.md"]


def test_a_folder_named_like_an_article_is_searched(tmp_path: Path) -> None:
    touch(tmp_path / "x.md" / "inner.md")
    assert [p.name for p in discover([tmp_path / "x.md"])] == ["inner.md"]


@pytest.mark.parametrize(
    "source_line",
    [
        "sourceUrl: https://www.reuters.com/markets/shared",
        'sourceUrl: "https://www.reuters.com/markets/shared"',
        "sourceUrl: 'https://www.reuters.com/markets/shared'  # copied",
        "sourceUrl: https://www.reuters.com/markets/shared # copied",
    ],
)
def test_a_file_given_alone_is_compared_with_the_whole_collection(
    tmp_path: Path, source_line: str
) -> None:
    shared = splice("sourceUrl: https://www.reuters.com/markets/shared\n")
    other = splice(source_line + "\n").replace("\n", "\r\n")
    findings = lint_files(
        tmp_path, {"new.md": shared, "archive/2019/old.md": other}, targets=["new.md"]
    )
    assert [(f.path.endswith("new.md"), f.code) for f in findings] == [(True, "NC601")]
    assert "old.md:15" in findings[0].message


def test_related_source_urls_are_not_duplicates(tmp_path: Path) -> None:
    related = (
        "related:\n  - title: The base story\n"
        "    sourceUrl: https://www.reuters.com/markets/base-story-for-tests\n"
        "    publishedDateTime: 2024-05-14T09:30:00Z\n    type: article\n"
        "    provider:\n      name: Reuters\n      domain: reuters.com\n    quality: 80\n"
        "sourceUrl: https://www.reuters.com/markets/another\n"
    )
    assert lint_files(tmp_path, {"a.md": BASE_ARTICLE, "b.md": splice(related)}) == []
