"""The Typer application, its global options, and ``main``: the one place that turns an
unexpected error into one line and exit code 2."""

from __future__ import annotations

import os
import sys
import traceback
from typing import Annotated

import typer

from newscli import __version__
from newscli.cli.options import ColourOption, VerboseOption, verbosity
from newscli.console import colour
from newscli.exit_codes import ExitCode
from newscli.text import visible

app = typer.Typer(
    name="newscli",
    help="Lint, curate and repair a newsroom's Markdown articles.",
    no_args_is_help=True,
    add_completion=True,  # --install-completion and --show-completion
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
    suggest_commands=False,  # click's own "Did you mean" is enough: typer's repeats it
)


def version_text() -> str:
    """The version, with what decides how newscli runs: Python, its libraries, libyaml."""
    import platform
    from importlib.metadata import PackageNotFoundError, version

    from newscli.document.yaml_tree import LIBYAML

    parts = [f"Python {platform.python_version()}"]
    for name in ("PyYAML", "jsonschema", "fastjsonschema", "typer", "rich"):
        try:
            parts.append(f"{name} {version(name)}")
        except PackageNotFoundError:
            parts.append(f"{name} (not found)")
    loader = "libyaml's C loader" if LIBYAML else "the pure-Python YAML loader"
    return f"newscli {__version__} ({', '.join(parts)}; {loader})"


def _version(value: bool) -> None:
    if value:
        typer.echo(version_text())
        raise typer.Exit()


@app.callback()
def callback(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")
    ] = False,
    verbose: VerboseOption = False,
    color: ColourOption = None,
) -> None:
    """Lint, curate and repair a newsroom's Markdown articles."""
    verbosity.verbose = verbose  # a command's own --verbose, parsed after this, may set it too
    colour.mode = color.value if color else "auto"


def main() -> None:
    """Run the app; an internal error is one line on stderr and exit code 2, never a traceback."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="backslashreplace")
    verbosity.verbose = False
    colour.mode = "auto"
    try:
        from newscli.cli.commands import load

        load(sys.argv[1:])
        app()
    except KeyboardInterrupt:
        sys.exit(ExitCode.INTERRUPTED)
    except BrokenPipeError:
        # The reader went away (`newscli list | head`): stop quietly, as a shell tool does.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(141)
    except Exception as error:
        if verbosity.verbose:
            traceback.print_exc()
        message = str(error).splitlines()[0] if str(error) else type(error).__name__
        hint = "(rerun with --verbose for details)"
        sys.stderr.write(f"newscli: internal error: {visible(message)} {hint}\n")
        sys.exit(ExitCode.USAGE)
