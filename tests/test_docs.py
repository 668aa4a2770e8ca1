"""The docs say what the code does: the rule list is generated and the README shows real output."""

from __future__ import annotations

import re

import pytest
from typer.testing import CliRunner

from conftest import REPO
from newscli.cli import app
from newscli.report.rule_docs import rules_markdown
from newscli.rules import RULES


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
