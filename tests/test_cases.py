"""Case files under tests/cases: each ``NAME.md`` lints to exactly the lines of ``NAME.expected``.

An expected line is ``line:column: CODE message``, the concise output without the path. The whole
folder is linted in one run, so cases can test rules that compare files (duplicate sourceUrl).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from newscli.lint.run import lint
from newscli.settings import Settings

CASES = Path(__file__).parent / "cases"
CASE_FILES = sorted(CASES.glob("*.md"))


@pytest.fixture(scope="module")
def findings_by_file() -> dict[str, list[str]]:
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(CASES)  # paths in messages are relative to the current directory
        report = lint([Path(case.name) for case in CASE_FILES], Settings())
    return {
        Path(path).name: [f"{f.line}:{f.column}: {f.code} {f.message}" for f in findings]
        for path, findings in report.findings.items()
    }


def test_every_case_has_expectations() -> None:
    assert CASE_FILES
    assert {case.stem for case in CASE_FILES} == {path.stem for path in CASES.glob("*.expected")}


@pytest.mark.parametrize("case", CASE_FILES, ids=lambda path: path.stem)
def test_case(case: Path, findings_by_file: dict[str, list[str]]) -> None:
    expected = case.with_suffix(".expected").read_text(encoding="utf-8").splitlines()
    assert findings_by_file[case.name] == expected
