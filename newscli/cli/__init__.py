"""The command line: one module per command group, options in one place; the only layer that
prints and exits."""

from newscli.cli import add, amp, config, feed, links, lint, rule_docs, schema, server, views
from newscli.cli.app import app, main

__all__ = [
    "add",
    "amp",
    "app",
    "config",
    "feed",
    "links",
    "lint",
    "main",
    "rule_docs",
    "schema",
    "server",
    "views",
]
