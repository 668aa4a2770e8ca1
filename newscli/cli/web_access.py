"""The options of the commands that go on the web (add, links): where connections go and
which authority is trusted besides the system's, from the command line and the configuration."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from newscli.cli.common import usage_error
from newscli.settings import Settings

if TYPE_CHECKING:
    from newscli.web.routes import Reach, Routes

ConnectToOption = Annotated[
    list[str] | None,
    typer.Option(
        "--connect-to",
        metavar="HOST:PORT:ADDRESS:PORT2",
        help="Connect to ADDRESS:PORT2 for HOST:PORT, as curl does (a staging or test server).",
        rich_help_panel="Web",
    ),
]
PrivateOption = Annotated[
    bool,
    typer.Option(
        "--allow-private-addresses",
        help="Connect to loopback, private and link-local addresses a page or a redirect "
        "leads to (refused by default, except where --connect-to points).",
        rich_help_panel="Web",
    ),
]
CaFileOption = Annotated[
    Path | None,
    typer.Option(
        "--ca-file",
        dir_okay=False,
        help="Trust this certificate authority (PEM) besides the system's.",
        rich_help_panel="Web",
    ),
]


def routes_of(settings: Settings, given: list[str] | None) -> Routes:
    """The configured routes, then the command line's (a later one for the same host wins)."""
    from newscli.web.routes import connect_to

    routes = {}
    for text in [*settings.connect_to, *(given or [])]:
        try:
            origin, target = connect_to(text)
        except ValueError as error:
            usage_error(f"--connect-to: {error}")
        routes[origin] = target
    return routes


def reach_of(settings: Settings, given: list[str] | None, allow_private: bool) -> Reach:
    """Where connections may go: the routes, and whether private addresses may be reached."""
    from newscli.web.routes import Reach

    allowed = allow_private or settings.allow_private_addresses
    return Reach(routes_of(settings, given), allow_private=allowed)


def authority_of(settings: Settings, given: Path | None) -> Path | None:
    """The certificate file to trust as well, proven readable now: a wrong path is a usage
    error before any page is asked for, not one failure per page."""
    import ssl

    from newscli.web.routes import tls_context

    path = given or settings.ca_file
    if path is not None:
        try:
            tls_context(path)
        except (OSError, ssl.SSLError) as error:
            reason = getattr(error, "strerror", None) or "no PEM certificate in it"
            usage_error(f"--ca-file: {path} cannot be used: {reason}")
    return path
