"""Inline suppressions: what they hide, and what happens when they hide nothing."""

from __future__ import annotations

from pathlib import Path

from conftest import lint_files, splice
from newscli.settings import Settings


def found(tmp_path: Path, fragment: str, settings: Settings | None = None) -> list[str]:
    findings = lint_files(tmp_path, {"a.md": splice(fragment)}, settings)
    return [f"{f.line}:{f.column} {f.code} {f.message}" for f in findings]


def test_a_comment_hides_the_codes_it_names_on_its_line(tmp_path: Path) -> None:
    fragment = "quality: 150  # newscli: ignore[NC103] legacy rating scale\nheat: -1\n"
    assert found(tmp_path, fragment) == [
        "15:7 NC103 `heat` is -1; expected a whole number of at least 0"
    ]


def test_several_codes_and_any_spacing(tmp_path: Path) -> None:
    fragment = (
        "sourceUrl: http://www.example.com/x?utm_source=a #newscli:ignore[ NC302 ,NC303,NC304 ]\n"
    )
    assert found(tmp_path, fragment) == []


def test_a_file_wide_comment_hides_a_code_everywhere(tmp_path: Path) -> None:
    fragment = "# newscli: ignore-file[NC103]\nquality: 150\nheat: -1\n"
    assert found(tmp_path, fragment) == []


def test_a_suppression_that_hides_nothing_is_a_warning(tmp_path: Path) -> None:
    assert found(tmp_path, "quality: 15  # newscli: ignore[NC103]\n") == [
        "15:14 NC901 the suppression of NC103 hides nothing; remove it"
    ]


def test_unknown_codes_and_malformed_comments_are_reported(tmp_path: Path) -> None:
    fragment = "quality: 150  # newscli: ignore[NC13]\nheat: 3  # newscli: ignore\n"
    assert found(tmp_path, fragment) == [
        "14:10 NC103 `quality` is 150; expected a whole number from 0 to 100",
        "14:15 NC902 the suppression names 'NC13', which is not a rule code; see `newscli rules`",
        "15:10 NC902 a suppression is written `# newscli: ignore[CODE] reason` or "
        "`# newscli: ignore-file[CODE] reason`",
    ]


def test_suppressing_a_disabled_rule_is_not_reported_as_unused(tmp_path: Path) -> None:
    fragment = "quality: 15  # newscli: ignore[NC103]\n"
    assert found(tmp_path, fragment, Settings(ignore=("NC103",))) == []
    assert found(tmp_path, fragment, Settings(per_file_ignores={"a.md": ("NC1",)})) == []


def test_text_inside_a_quoted_value_is_not_a_comment(tmp_path: Path) -> None:
    fragment = 'excerpt: "see#newscli: ignore[NC103]"\nquality: 150\n'
    assert [line.split()[1] for line in found(tmp_path, fragment)] == ["NC103"]
