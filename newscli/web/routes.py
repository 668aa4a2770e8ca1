"""Where connections go and whom they trust: curl's ``--connect-to`` as an httpcore network
backend (the URL, the Host header and the TLS name stay the real host's) that also refuses
addresses on private networks unless the user pointed there, and bounds a whole exchange in
time; and a TLS context that trusts the system's authorities and, when asked, one more."""

from __future__ import annotations

import contextlib
import ipaddress
import re
import socket
import ssl
import threading
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import anyio
import httpcore

Route = tuple[str, int]  # host, port
Routes = dict[Route, Route]


_CONNECT_TO = re.compile(
    r"(?P<host>\[[^\]]+\]|[^:\[\]]+):(?P<port>[0-9]{1,5}):"
    r"(?P<address>\[[^\]]+\]|[^:\[\]]+):(?P<other>[0-9]{1,5})"
)


def connect_to(text: str) -> tuple[Route, Route]:
    """``HOST:PORT:ADDRESS:PORT2`` as curl's ``--connect-to`` takes it: connections to HOST
    on PORT go to ADDRESS on PORT2 (the URL, the Host header and TLS names stay HOST's). An
    IPv6 address is written in brackets: ``www.example.com:443:[::1]:8443``."""
    match = _CONNECT_TO.fullmatch(text.strip())
    if match is None or not all(0 < int(match[name]) < 65536 for name in ("port", "other")):
        raise ValueError(f"{text!r} is not HOST:PORT:ADDRESS:PORT2")
    host, address = match["host"].strip("[]").lower(), match["address"].strip("[]")
    return (host, int(match["port"])), (address, int(match["other"]))


def tls_context(ca_file: Path | None = None) -> ssl.SSLContext:
    """The system's trusted authorities, and ``ca_file``'s as well; raises OSError or
    ssl.SSLError when that file cannot be read as certificates."""
    context = ssl.create_default_context()
    if ca_file is not None:
        context.load_verify_locations(cafile=str(ca_file))
    return context


@dataclass(frozen=True, slots=True)
class Reach:
    """Where connections may go: the routes the user gave (each target is the user's own
    choice), and whether names may lead to private addresses (loopback, a private network,
    link-local such as a cloud's metadata service, unique-local, multicast, unspecified)."""

    routes: Routes = field(default_factory=dict)
    allow_private: bool = False


def refusal(address: str) -> str | None:
    """Why an address must not be connected to unless the user asked for it, or None."""
    try:
        ip = ipaddress.ip_address(address.split("%")[0])
    except ValueError:
        return None
    mapped = getattr(ip, "ipv4_mapped", None)
    ip = mapped or ip
    for kind, flag in (
        ("a loopback", ip.is_loopback),
        ("a link-local", ip.is_link_local),
        ("a multicast", ip.is_multicast),
        ("an unspecified", ip.is_unspecified),
        ("a private", ip.is_private),
        ("a reserved", ip.is_reserved),
    ):
        if flag:
            return f"{kind} address"
    return None


def _refused(host: str, address: str, why: str) -> httpcore.ConnectError:
    shown = host if host == address else f"{host} ({address})"
    return httpcore.ConnectError(
        f"{shown} is {why}: refused, since the user did not point there "
        "(--connect-to or --allow-private-addresses would)"
    )


def _checked(host: str, found: list[Any]) -> str:
    """The first address ``host`` resolved to, when it may be connected to."""
    if not found:
        raise httpcore.ConnectError(f"{host} resolves to no address")
    address = str(found[0][4][0])
    why = refusal(address)
    if why is not None:
        raise _refused(host, address, why)
    return address


class _Deadline(threading.local):
    at: float | None = None  # time.monotonic() by which the exchange must be over


_deadline = _Deadline()


@contextlib.contextmanager
def whole_exchange(seconds: float) -> Iterator[None]:
    """Bound every connect and read that this thread makes meanwhile by one deadline, so that
    a server dripping its answer a byte at a time cannot stretch a per-read time-out."""
    before = _deadline.at
    _deadline.at = time.monotonic() + seconds
    try:
        yield
    finally:
        _deadline.at = before


def _left(timeout: float | None) -> float | None:
    if _deadline.at is None:
        return timeout
    left = _deadline.at - time.monotonic()
    if left <= 0:
        raise httpcore.ReadTimeout("the time for the whole answer is up")
    return left if timeout is None else min(timeout, left)


class _BoundedStream(httpcore.NetworkStream):
    """A stream whose every read and write ends by the thread's deadline."""

    def __init__(self, stream: httpcore.NetworkStream) -> None:
        self._stream = stream

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._stream.read(max_bytes, _left(timeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._stream.write(buffer, _left(timeout))

    def close(self) -> None:
        self._stream.close()

    def start_tls(
        self,
        ssl_context: ssl.SSLContext,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore.NetworkStream:
        return _BoundedStream(self._stream.start_tls(ssl_context, server_hostname, _left(timeout)))

    def get_extra_info(self, info: str) -> Any:
        return self._stream.get_extra_info(info)


class GuardedBackend(httpcore.SyncBackend):
    """httpcore's own backend, connecting where the routes say, refusing private addresses
    the user did not point at, and bounding each exchange by ``whole_exchange``."""

    def __init__(self, reach: Reach) -> None:
        self.reach = reach

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        routed = self.reach.routes.get((host.lower(), port))
        if routed is not None:
            host, port = routed
        elif not self.reach.allow_private:
            try:
                found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
            except (OSError, UnicodeError) as error:
                raise httpcore.ConnectError(f"{host} cannot be resolved: {error}") from None
            host = _checked(host, found)
        stream = super().connect_tcp(host, port, _left(timeout), local_address, socket_options)
        return _BoundedStream(stream)


class AsyncGuardedBackend(httpcore.AnyIOBackend):
    """``GuardedBackend`` for the asynchronous client (whose callers bound each exchange with
    ``asyncio.timeout``)."""

    def __init__(self, reach: Reach) -> None:
        self.reach = reach

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        routed = self.reach.routes.get((host.lower(), port))
        if routed is not None:
            host, port = routed
        elif not self.reach.allow_private:
            try:
                found = await anyio.getaddrinfo(host, port, type=socket.SOCK_STREAM)
            except (OSError, UnicodeError) as error:
                raise httpcore.ConnectError(f"{host} cannot be resolved: {error}") from None
            host = _checked(host, list(found))
        return await super().connect_tcp(host, port, timeout, local_address, socket_options)
