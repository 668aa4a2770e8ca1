"""``newscli config``: the resolved settings and where each came from."""

from __future__ import annotations

import dataclasses
import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from newscli.cli.app import app
from newscli.cli.common import project_of, projects
from newscli.cli.options import (
    ColourOption,
    ConfigChoice,
    Selection,
    VerboseOption,
    with_config,
    with_selection,
)
from newscli.settings import Settings
from newscli.text import visible


class ConfigFormat(StrEnum):
    text = "text"
    json = "json"


@app.command("config")
@with_selection
@with_config
def show_config(
    path: Annotated[
        Path | None,
        typer.Argument(
            help="Show the configuration that governs this file or folder (default: the "
            "current folder)."
        ),
    ] = None,
    *,
    output_format: Annotated[
        ConfigFormat, typer.Option("--output-format", metavar="FORMAT", help="text or json.")
    ] = ConfigFormat.text,
    selection: Selection,
    for_path: Annotated[
        Path | None,
        typer.Option(
            "--for", help="Also say what applies to this file: excluded, per-file ignores."
        ),
    ] = None,
    choice: ConfigChoice,
    verbose: VerboseOption = False,
    color: ColourOption = None,
) -> None:
    """Print the project that governs a path, its resolved settings and where each came from."""
    from newscli.config.display import describe, describe_data

    found = projects(choice, selection.overrides())
    project = project_of(found, path or Path.cwd())
    resolved = project.resolved
    asked = for_path if for_path is not None else path if path and not path.is_dir() else None
    applies = ForFile.of(resolved.settings, asked) if asked is not None else None
    if output_format is ConfigFormat.json:
        data: dict[str, object] = {
            "version": 1,
            "file": resolved.config_file,
            "root": project.root,
            "settings": describe_data(resolved),
        }
        if applies is not None:
            data["for"] = dataclasses.asdict(applies)
        sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=True, default=str) + "\n")
        return
    rows = describe(resolved)
    file = str(resolved.config_file) if resolved.config_file else "none (defaults)"
    sys.stdout.write(f"# configuration file: {visible(file)}\n")
    sys.stdout.write(f"# project root: {visible(str(project.root))}\n")
    width = max(len(row["key"]) for row in rows)
    for row in rows:
        if row["value"] == "none":  # TOML has no null: an unset key is a comment
            sys.stdout.write(f"# {row['key']:<{width - 2}} is not set  # {row['source']}\n")
            continue
        sys.stdout.write(f"{row['key']:<{width}} = {visible(row['value'])}  # {row['source']}\n")
    if applies is not None:
        sys.stdout.write(f"# for {visible(applies.path)}:\n")
        sys.stdout.write(f"#   excluded: {'yes' if applies.excluded else 'no'}\n")
        sys.stdout.write(f"#   in the content roots: {'yes' if applies.in_roots else 'no'}\n")
        ignored = ", ".join(applies.ignored) or "none"
        sys.stdout.write(f"#   rules off by per-file-ignores: {ignored}\n")


@dataclasses.dataclass(frozen=True, slots=True)
class ForFile:
    """What applies to one file: whether it is excluded or outside the roots, and the rules
    per-file-ignores switch off for it."""

    path: str
    excluded: bool
    in_roots: bool
    ignored: list[str]

    @classmethod
    def of(cls, settings: Settings, path: Path) -> ForFile:
        from newscli.rules import RULES

        name = str(path)
        ignored = [code for code in RULES if settings.ignored_in_file(name, code)]
        return cls(name, settings.is_excluded(name), settings.within_roots(name), ignored)
