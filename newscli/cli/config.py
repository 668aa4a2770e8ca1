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
        ConfigFormat, typer.Option("--output-format", metavar="FORMAT", help="text or json.")
    ] = ConfigFormat.text,
    choice: ConfigChoice,
    verbose: VerboseOption = False,
    color: ColourOption = None,
) -> None:
    """Print the resolved settings and where each came from."""
    from newscli.config.display import describe, describe_data

    resolved = resolve_settings(choice)
    if output_format is ConfigFormat.json:
        data = {"version": 1, "file": resolved.config_file, "settings": describe_data(resolved)}
        sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=True, default=str) + "\n")
        return
    rows = describe(resolved)
    file = str(resolved.config_file) if resolved.config_file else "none (defaults)"
    sys.stdout.write(f"# configuration file: {visible(file)}\n")
    width = max(len(row["key"]) for row in rows)
    for row in rows:
        if row["value"] == "none":  # TOML has no null: an unset key is a comment
            sys.stdout.write(f"# {row['key']:<{width - 2}} is not set  # {row['source']}\n")
            continue
        sys.stdout.write(f"{row['key']:<{width}} = {visible(row['value'])}  # {row['source']}\n")
