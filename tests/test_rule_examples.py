"""Every rule's documented bad example breaks that rule, and its good example is a clean article."""

from pathlib import Path

import pytest

from conftest import BASE_ARTICLE, example_bytes, example_settings, lint_files
from newscli.findings import Finding
from newscli.rules import RULES, Example, Rule

# The rules about what links answer are shown against a web server, in test_links.py.
ALL_RULES = [rule for rule in RULES.values() if rule.answered is None]


def test_the_base_article_is_clean(tmp_path: Path) -> None:
    assert lint_files(tmp_path, {"base.md": BASE_ARTICLE}) == []


def lint_example(example: Example, articles: dict[str, bytes | str], folder: Path) -> list[Finding]:
    """Lint the articles beside the other files the example assumes, with its settings."""
    files = {**example.files, **articles}
    return lint_files(folder, files, example_settings(example, folder), targets=list(articles))


@pytest.mark.parametrize("rule", ALL_RULES, ids=lambda rule: f"{rule.code}-{rule.name}")
def test_bad_example_is_reported(rule: Rule, tmp_path: Path) -> None:
    articles: dict[str, bytes | str] = {"bad.md": example_bytes(rule.bad)}
    if rule.collection:
        articles["other.md"] = example_bytes(rule.bad)
    findings = lint_example(rule.bad, articles, tmp_path)
    assert rule.code in {finding.code for finding in findings}
    assert all(
        finding.severity is rule.severity for finding in findings if finding.code == rule.code
    )


@pytest.mark.parametrize("rule", ALL_RULES, ids=lambda rule: f"{rule.code}-{rule.name}")
def test_good_example_is_clean(rule: Rule, tmp_path: Path) -> None:
    articles: dict[str, bytes | str] = {"good.md": example_bytes(rule.good)}
    if rule.collection:
        articles["other.md"] = BASE_ARTICLE
    findings = lint_example(rule.good, articles, tmp_path)
    assert [(f.line, f.code, f.message) for f in findings] == []
