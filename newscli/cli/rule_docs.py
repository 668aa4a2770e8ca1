"""``newscli rules`` and ``newscli rule CODE``: the rules, from the registry."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from typing import Annotated

import typer

from newscli.cli.app import app
from newscli.cli.common import usage_error
from newscli.cli.options import ColourOption, VerboseOption, rule_codes
from newscli.console import make_console


class RulesFormat(StrEnum):
    table = "table"
    json = "json"
    markdown = "markdown"


@app.command()
def rules(
    output_format: Annotated[
        RulesFormat,
        typer.Option(
            "--output-format", metavar="FORMAT", help="table, json or markdown (docs/rules.md)."
        ),
    ] = RulesFormat.table,
    verbose: VerboseOption = False,
    color: ColourOption = None,
) -> None:
    """List every rule."""
    from newscli.report.rule_docs import rules_markdown
    from newscli.rules import RULES

    if output_format is RulesFormat.markdown:
        sys.stdout.write(rules_markdown())
    elif output_format is RulesFormat.json:
        records = [
            {
                "code": r.code,
                "name": r.name,
                "severity": r.severity.value,
                "summary": r.summary,
                "fixable": r.fixable,
            }
            for r in RULES.values()
        ]
        sys.stdout.write(json.dumps({"version": 1, "rules": records}, indent=2) + "\n")
    elif not sys.stdout.isatty():
        # Piped: one rule a line, never cut, so that `grep NC40` finds the whole of it.
        for r in RULES.values():
            fix = "fix" if r.fixable else "-"
            sys.stdout.write(f"{r.code}\t{r.name}\t{r.severity.value}\t{fix}\t{r.summary}\n")
    else:
        from rich.table import Table

        table = Table("code", "name", "severity", "fix", "what it flags", box=None)
        table.columns[1].no_wrap = True
        for r in RULES.values():
            table.add_row(r.code, r.name, r.severity.value, "yes" if r.fixable else "", r.summary)
        make_console(sys.stdout).print(table)


@app.command()
def rule(
    code: Annotated[
        str,
        typer.Argument(
            help="A rule code (NC301) or name (invalid-url).", autocompletion=rule_codes
        ),
    ],
    verbose: VerboseOption = False,
    color: ColourOption = None,
) -> None:
    """Explain one rule, with a bad and a good example."""
    from newscli.report.rule_docs import rule_markdown
    from newscli.rules import RULES

    wanted = code.strip()
    found = RULES.get(wanted.upper()) or next(
        (r for r in RULES.values() if r.name == wanted.lower()), None
    )
    if found is None:
        usage_error(f"unknown rule {wanted!r}; `newscli rules` lists them")
    sys.stdout.write(rule_markdown(found))
