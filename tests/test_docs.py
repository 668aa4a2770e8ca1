"""The docs say what the code does: the rule list is generated and the README shows real output."""

from __future__ import annotations

import re

import pytest
from typer.testing import CliRunner

from conftest import REPO
from newscli.cli import app
from newscli.report.field_docs import fields_table
from newscli.report.rule_docs import families_table, rules_markdown
from newscli.rules import FAMILIES, RULES, suppression


def test_docs_rules_md_is_generated_from_the_registry() -> None:
    assert (REPO / "docs" / "rules.md").read_text(encoding="utf-8") == rules_markdown(), (
        "regenerate it: newscli rules --output-format markdown > docs/rules.md"
    )


def test_every_rule_is_documented_completely() -> None:
    for rule in RULES.values():
        assert re.fullmatch(r"NC\d{3}", rule.code)
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", rule.name)
        assert rule.summary.endswith(".") and len(rule.why) > 80
        assert rule.bad != rule.good


def _readme_blocks() -> dict[str, str]:
    """The README's fenced blocks that follow a line `<!-- output: COMMAND -->`."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    pattern = re.compile(r"<!-- output: (.+?) -->\n```[a-z]*\n(.*?)```", re.S)
    return dict(pattern.findall(readme))


def test_the_readme_shows_real_output(monkeypatch: pytest.MonkeyPatch) -> None:
    blocks = _readme_blocks()
    assert len(blocks) >= 2
    monkeypatch.chdir(REPO)
    for command, shown in blocks.items():
        args = command.split()
        assert args[0] == "newscli"
        result = CliRunner().invoke(app, args[1:])
        assert result.stdout + result.stderr == shown, command


def test_the_readme_table_of_rule_families_is_generated() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert families_table() in readme, "paste newscli.report.rule_docs.families_table() in README"


def test_the_readme_table_of_fields_is_generated_from_the_schema() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert fields_table() in readme, "paste newscli.report.field_docs.fields_table() in README"
    assert fields_table().count("\n") > 20


def test_the_changelog_counts_every_rule() -> None:
    changelog = (REPO / "CHANGELOG.md").read_text(encoding="utf-8")
    codes = list(RULES)
    assert f"with {len(RULES)} rules ({codes[0]}\u2013{codes[-1]})" in changelog


def test_every_rule_is_in_one_family_and_every_place() -> None:
    """A rule lives in its family's module; the registry, the docs and the README's table (made
    from the families) all know it, it has both examples, and exactly one producer."""
    docs = (REPO / "docs" / "rules.md").read_text(encoding="utf-8")
    families = {rule.code: family for family in FAMILIES for rule in family.RULES}
    assert sorted(families) == sorted(RULES), "a rule is in no family, or in two"
    for code, rule in RULES.items():
        assert f"## {code} {rule.name}" in docs
        assert rule.bad.text and rule.good.text
        producers = [rule.check is not None, rule.compare is not None, rule.answered is not None]
        if families[code] is suppression:
            assert producers == [False, False, False]  # made by the suppression comments themselves
        else:
            assert producers.count(True) == 1, code
