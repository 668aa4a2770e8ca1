"""Which module holds each command, and importing only the one a call runs."""

from __future__ import annotations

import importlib

# The module of each command (a test keeps this in step with the commands registered).
COMMANDS = {
    "add": "add",
    "amp": "amp",
    "config": "config",
    "feed": "feed",
    "links": "links",
    "lint": "lint",
    "list": "views",
    "rule": "rule_docs",
    "rules": "rule_docs",
    "schema": "schema",
    "server": "server",
    "stats": "views",
    "top": "views",
}


def load(arguments: list[str]) -> None:
    """Import the module of the command ``arguments`` name, or every one when they name none
    (``--help``, a typo, shell completion)."""
    named = next((argument for argument in arguments if not argument.startswith("-")), None)
    if named is None and "--version" in arguments:
        return  # answered before any command is looked at
    modules = {COMMANDS[named]} if named in COMMANDS else set(COMMANDS.values())
    for module in sorted(modules):
        importlib.import_module(f"newscli.cli.{module}")
