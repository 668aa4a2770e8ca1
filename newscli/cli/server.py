"""``newscli server``: the Language Server Protocol server, for editors."""

from __future__ import annotations

from newscli.cli.app import app
from newscli.cli.options import VerboseOption


@app.command()
def server(verbose: VerboseOption = False) -> None:
    """Run a language server on stdin and stdout: diagnostics, fixes and hovers as you type."""
    from newscli.server.app import serve  # pygls is imported by this command only

    serve()
