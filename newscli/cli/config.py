"""``newscli config``: the resolved settings and where each came from."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from typing import Annotated

import typer

from newscli.cli.app import app
from newscli.cli.common import resolve_settings
from newscli.cli.options import ColourOption, ConfigChoice, VerboseOption, with_config
from newscli.text import visible


class ConfigFormat(StrEnum):
    text = "text"
    json = "json"


@app.command("config")
@with_config
def show_config(
    *,
    output_format: Annotated[
        ConfigFormat, typer.Option("--output-format", help="text or json.")
    ] = ConfigFormat.text,
    choice: ConfigChoice,
    verbose: VerboseOption = False,
    color: ColourOption = None,
) -> None:
    """Print the resolved settings and where each came from."""
    from newscli.config.display import describe

    resolved = resolve_settings(choice)
    rows = describe(resolved)
    if output_format is ConfigFormat.json:
        sys.stdout.write(json.dumps(rows, indent=2, ensure_ascii=True) + "\n")
        return
    file = str(resolved.config_file) if resolved.config_file else "none (defaults)"
    sys.stdout.write(f"# configuration file: {visible(file)}\n")
    width = max(len(row["key"]) for row in rows)
    for row in rows:
        sys.stdout.write(f"{row['key']:<{width}} = {visible(row['value'])}  # {row['source']}\n")
