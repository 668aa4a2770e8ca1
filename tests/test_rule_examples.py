"""Every rule's documented bad example breaks that rule, and its good example is a clean article."""

from pathlib import Path

import pytest

from conftest import BASE_ARTICLE, example_bytes, example_settings, lint_files
from newscli.rules import RULES, Rule

ALL_RULES = list(RULES.values())


def test_the_base_article_is_clean(tmp_path: Path) -> None:
    assert lint_files(tmp_path, {"base.md": BASE_ARTICLE}) == []


@pytest.mark.parametrize("rule", ALL_RULES, ids=lambda rule: f"{rule.code}-{rule.name}")
def test_bad_example_is_reported(rule: Rule, tmp_path: Path) -> None:
    files = {"bad.md": example_bytes(rule.bad)}
    if rule.collection:
        files["other.md"] = example_bytes(rule.bad)
    findings = lint_files(tmp_path, files, example_settings(rule.bad))
    assert rule.code in {finding.code for finding in findings}
    assert all(
        finding.severity is rule.severity for finding in findings if finding.code == rule.code
    )


@pytest.mark.parametrize("rule", ALL_RULES, ids=lambda rule: f"{rule.code}-{rule.name}")
def test_good_example_is_clean(rule: Rule, tmp_path: Path) -> None:
    files = {"good.md": example_bytes(rule.good)}
    if rule.collection:
        files["other.md"] = BASE_ARTICLE
    findings = lint_files(tmp_path, files, example_settings(rule.good))
    assert [(f.line, f.code, f.message) for f in findings] == []
