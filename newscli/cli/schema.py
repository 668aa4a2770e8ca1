"""``newscli schema``: the JSON Schema of an article in force for a project, for other tools."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from newscli.cli.app import app
from newscli.cli.common import project_of, projects, write_output
from newscli.cli.options import ColourOption, ConfigChoice, VerboseOption, with_config


@app.command("schema")
@with_config
def show_schema(
    path: Annotated[
        Path | None,
        typer.Argument(help="A file or folder of the project (default: the current folder)."),
    ] = None,
    *,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", dir_okay=False, help="Write the schema to this file."),
    ] = None,
    choice: ConfigChoice,
    verbose: VerboseOption = False,
    color: ColourOption = None,
) -> None:
    """Print the JSON Schema (2020-12) of an article in a path's project: the format, with the
    site's extension (extend-schema) when there is one, as one self-contained document for an
    editor's YAML language server, Front Matter CMS or check-jsonschema."""
    from newscli.rules.article_schema import schema
    from newscli.schema_extension import in_force

    settings = project_of(projects(choice), path or Path.cwd()).settings
    document = in_force(schema(), settings.extend_schema)
    data = (json.dumps(document, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
    if output is not None:
        write_output(output, data)
    else:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
