"""Where connections go and whom they trust: curl's ``--connect-to`` as an httpcore network
backend (the URL, the Host header and the TLS name stay the real host's), and a TLS context
that trusts the system's authorities and, when asked, one more."""

from __future__ import annotations

import ssl
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import httpcore

Route = tuple[str, int]  # host, port
Routes = dict[Route, Route]


def connect_to(text: str) -> tuple[Route, Route]:
    """``HOST:PORT:ADDRESS:PORT2`` as curl's ``--connect-to`` takes it: connections to HOST
    on PORT go to ADDRESS on PORT2 (the URL, the Host header and TLS names stay HOST's)."""
    parts = text.rsplit(":", 3)
    if len(parts) != 4 or not all(parts) or not (parts[1].isdigit() and parts[3].isdigit()):
        raise ValueError(f"{text!r} is not HOST:PORT:ADDRESS:PORT2")
    host, port, address, other = parts
    return (host.lower(), int(port)), (address.strip("[]"), int(other))


def tls_context(ca_file: Path | None = None) -> ssl.SSLContext:
    """The system's trusted authorities, and ``ca_file``'s as well; raises OSError or
    ssl.SSLError when that file cannot be read as certificates."""
    context = ssl.create_default_context()
    if ca_file is not None:
        context.load_verify_locations(cafile=str(ca_file))
    return context


class RoutedBackend(httpcore.SyncBackend):
    def __init__(self, routes: Routes) -> None:
        self.routes = routes

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        host, port = self.routes.get((host.lower(), port), (host, port))
        return super().connect_tcp(host, port, timeout, local_address, socket_options)


class AsyncRoutedBackend(httpcore.AnyIOBackend):
    def __init__(self, routes: Routes) -> None:
        self.routes = routes

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        host, port = self.routes.get((host.lower(), port), (host, port))
        return await super().connect_tcp(host, port, timeout, local_address, socket_options)
