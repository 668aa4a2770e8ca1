"""The command line: one module per command group, options in one place; the only layer that
prints and exits. A call imports only the module of the command it runs, so that a hook's
``newscli lint`` never pays for ``add``'s or ``links``' machinery: ``app`` holds the commands
whose modules are imported, all of them after ``load([])``."""

from __future__ import annotations

from newscli.cli.app import app, main
from newscli.cli.commands import COMMANDS, load

__all__ = ["COMMANDS", "app", "load", "main"]
