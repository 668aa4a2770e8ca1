"""The web parts under attack: one hostile page, header or link never ends a run, every wait
has a deadline, no request goes where the user did not point, and inputs are bounded. Servers
are local (pytest-httpserver, or raw TLS sockets for the byte-trickle cases), reached through
--connect-to; addresses elsewhere are refused before any connection is made."""

from __future__ import annotations

import json
import os
import select
import socket
import ssl
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpcore
import pytest
import trustme
from test_links import STORY, article, findings, moved, status
from typer.testing import CliRunner
from werkzeug import Request, Response

from conftest import BASE_ARTICLE, Web, splice
from newscli.cli import app
from newscli.web.routes import GuardedBackend, Reach, connect_to, refusal
from newscli.web.values import joined, seconds_to_wait, text_encoding

runner = CliRunner()
OTHER = "https://www.bbc.com/news/other/"


def two_links(site: Path) -> None:
    """An article whose source answers as the test says, and one whose source is gone."""
    article(site, "", "story.md")
    other = splice(f"sourceUrl: {OTHER}\nprovider:\n  name: BBC\n  domain: bbc.com\n", BASE_ARTICLE)
    (site / "other.md").write_text(other, encoding="utf-8")


@pytest.fixture
def site(in_tmp: Path) -> Path:
    (in_tmp / "content").mkdir()
    (in_tmp / "newscli.toml").write_text('roots = ["content"]\n')
    return in_tmp / "content"


def reasons(found: list[dict[str, object]]) -> dict[str, tuple[object, str]]:
    return {str(f["path"]): (f["code"], str(f["message"])) for f in found}


@pytest.mark.parametrize(
    "answer",
    [
        moved(301, "http://[::1/x"),  # urljoin raises
        moved(302, "https://xn--" + "a" * 300 + ".com/"),  # no ASCII form
        status(503, **{"Retry-After": "Wed, 99 Foo 2024 99:99:99 GMT"}),
    ],
    ids=["broken-ipv6", "long-label", "bad-date"],
)
def test_one_hostile_answer_is_that_links_finding_and_the_others_are_still_reported(
    web: Web, site: Path, answer: object
) -> None:
    web.answers["/markets/story/"] = answer  # type: ignore[assignment]
    web.answers["/news/other/"] = status(404)
    two_links(site)
    found = reasons(findings(web))
    assert found["content/other.md"][0] == "NC701"
    assert found["content/story.md"][0] == "NC702"


def test_a_retry_after_in_unicode_digits_is_that_links_finding(
    web: Web, site: Path, authority: tuple[trustme.CA, Path]
) -> None:
    # Sent as raw bytes: "①" is a digit to str.isdigit() but not to float().
    answer = (
        b"HTTP/1.1 429 Too Many Requests\r\nRetry-After: \xe2\x91\xa0\r\nContent-Length: 0\r\n\r\n"
    )
    raw = Trickle(authority[0], "www.reuters.com", answer, pause=0, at_once=len(answer))
    web.answers["/news/other/"] = status(404)
    two_links(site)
    options = [
        "--ca-file",
        str(authority[1]),
        "--connect-to",
        f"www.reuters.com:443:127.0.0.1:{raw.port}",
        "--connect-to",
        f"www.bbc.com:443:127.0.0.1:{web.server.port}",
    ]
    try:
        result = runner.invoke(
            app, ["links", *options, "--retries", "0", "--no-cache", "--output-format", "json"]
        )
    finally:
        raw.close()
    found = reasons(json.loads(result.stdout)["findings"])
    assert raw.sent == len(answer)
    assert found["content/other.md"][0] == "NC701"
    assert found["content/story.md"] == (
        "NC702",
        '`sourceUrl` "https://www.reuters.com/markets/story/" could not be checked: the server '
        "answered 429 Too Many Requests",
    )


def test_a_redirect_to_a_private_address_is_refused_before_any_connection(
    web: Web, site: Path
) -> None:
    web.answers["/markets/story/"] = moved(302, f"https://localhost:{web.server.port}/admin")
    web.answers["/news/other/"] = moved(302, "http://169.254.169.254/latest/meta-data/")
    two_links(site)
    found = reasons(findings(web))
    assert found["content/story.md"][0] == "NC702"
    assert "localhost (127.0.0.1) is a loopback address: refused" in found["content/story.md"][1]
    assert "169.254.169.254 is a link-local address: refused" in found["content/other.md"][1]
    assert web.requests("/admin") == []
    # Asked for by the user, the same address is reached (and its certificate is not
    # localhost's: a TLS failure, not a refusal).
    found = reasons(findings(web, "--allow-private-addresses"))
    assert "refused" not in found["content/story.md"][1]
    assert web.requests("/admin") or "certificate" in found["content/story.md"][1]


def test_the_guard_never_opens_a_socket_to_a_refused_address(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def no_connection(*args: object, **kwargs: object) -> None:
        raise AssertionError("a connection was opened")

    monkeypatch.setattr(socket, "create_connection", no_connection)
    backend = GuardedBackend(Reach())
    for host in ("169.254.169.254", "127.0.0.1", "10.1.2.3", "::1", "fd00::1", "0.0.0.0"):
        with pytest.raises(httpcore.ConnectError, match="refused"):
            backend.connect_tcp(host, 80)
    assert refusal("::ffff:127.0.0.1") == "a loopback address"
    assert refusal("93.184.216.34") is None


def test_a_retry_after_beyond_the_cap_is_a_finding_not_a_stall(web: Web, site: Path) -> None:
    web.answers["/markets/story/"] = status(429, **{"Retry-After": "110"})
    article(site, "")
    code, out, _ = _links(web, "--retries", "2")
    assert code == 0  # NC702 is a warning
    assert "asked to wait 110 s, more than the 60 s a link is waited for" in out
    assert web.requests("/markets/story/") == ["HEAD"]  # not asked again after the refusal
    web.answers["/markets/story/"] = status(429, **{"Retry-After": "2"})
    code, out, _ = _links(web, "--retries", "2", "--max-retry-after", "1")
    assert "asked to wait 2 s, more than the 1 s a link is waited for" in out


def test_the_runs_time_limit_ends_the_links_still_waiting(web: Web, site: Path) -> None:
    def slow(request: Request) -> Response:
        time.sleep(3)
        return Response("ok")

    web.answers["/markets/story/"] = slow
    web.answers["/news/other/"] = status(404)
    two_links(site)
    found = reasons(findings(web, "--max-time", "1", "--timeout", "30"))
    assert found["content/other.md"][0] == "NC701"
    assert "the run's time limit of 1 s was up" in found["content/story.md"][1]


def _links(web: Web, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(
        app, ["links", *web.options, "--no-cache", "--output-format", "concise", *args]
    )
    return result.exit_code, result.stdout, result.stderr


class Trickle:
    """A raw TLS server that sends the first ``at_once`` bytes of an answer, then the rest one
    byte every ``pause`` seconds, counting what it sent."""

    def __init__(
        self, ca: trustme.CA, host: str, answer: bytes, pause: float, at_once: int = 0
    ) -> None:
        self.context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ca.issue_cert(host).configure_cert(self.context)
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.answer, self.pause, self.sent, self.at_once = answer, pause, 0, at_once
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    @property
    def port(self) -> int:
        return int(self.listener.getsockname()[1])

    def _serve(self) -> None:
        try:
            connection, _ = self.listener.accept()
            with self.context.wrap_socket(connection, server_side=True) as tls:
                tls.recv(65536)
                tls.sendall(self.answer[: self.at_once])
                self.sent = self.at_once
                for byte in self.answer[self.at_once :]:
                    if self.stop.wait(self.pause):
                        return
                    tls.sendall(bytes([byte]))
                    self.sent += 1
        except OSError:
            return

    def close(self) -> None:
        self.stop.set()
        self.listener.close()
        self.thread.join(5)


HEADERS = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nX-Padding: " + b"x" * 200 + b"\r\n\r\n"


@pytest.mark.parametrize("part", ["headers", "body"])
def test_add_timeout_bounds_the_whole_fetch_not_each_read(
    site: Path, authority: tuple[trustme.CA, Path], part: str
) -> None:
    ca, ca_file = authority
    body = b"<html><head><title>Slow</title></head>" + b" " * 400
    answer = HEADERS + body if part == "body" else HEADERS
    skip = len(HEADERS) if part == "body" else 0
    server = Trickle(ca, "www.reuters.com", answer, pause=0.05, at_once=skip)
    try:
        result = runner.invoke(
            app,
            [
                "add",
                "https://www.reuters.com/markets/slow/",
                "--topic",
                "AI",
                "--connect-to",
                f"www.reuters.com:443:127.0.0.1:{server.port}",
                "--ca-file",
                str(ca_file),
                "--timeout",
                "1",
            ],
        )
    finally:
        server.close()
    assert result.exit_code == 1
    assert "no answer within 1 seconds" in result.stderr
    # Each byte came well within the per-read time-out: only a deadline for the whole fetch
    # stops it, after about 20 of them (1 s at 0.05 s a byte); far fewer than were offered.
    assert skip < server.sent < len(answer) - 100


def test_a_hostile_page_and_a_broken_list_line_end_only_themselves(
    site: Path, tmp_path: Path
) -> None:
    listed = tmp_path / "urls.txt"
    listed.write_text("https://[::0\nnot a url at all\n")
    result = runner.invoke(app, ["add", "--from", str(listed), "--topic", "AI"])
    assert result.exit_code == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.count("newscli: ") == 2
    assert result.stderr.endswith("Added 0 articles; 2 failed.\n")


@pytest.mark.parametrize(
    "head",
    [
        '<link rel="canonical" href="http://[::1/x">',
        '<link rel="amphtml" href="http://[::1/x">',
        '<meta property="og:image" content="http://[::1/x">',
        '<meta property="og:image" content="https://xn--' + "a" * 300 + '.com/i.jpg">',
        '<meta charset="idna">',
        '<meta charset="base64">',
    ],
)
def test_a_malformed_value_in_a_saved_page_is_left_out(
    site: Path, tmp_path: Path, head: str
) -> None:
    saved = tmp_path / "saved.html"
    saved.write_text(
        f"<html><head>{head}<title>Chip rally</title>"
        '<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Chip rally",'
        ' "datePublished": "2024-05-14T08:00:00+08:00"}</script></head></html>'
    )
    result = runner.invoke(
        app,
        ["add", "https://www.reuters.com/m/chip/", "--html", str(saved), "--topic", "AI"],
    )
    assert result.exit_code == 0, result.stderr
    assert "sourceUrl: https://www.reuters.com/m/chip/" in next(site.glob("*.md")).read_text()


def test_a_page_that_claims_another_publisher_keeps_the_host_that_served_it(
    site: Path, tmp_path: Path
) -> None:
    saved = tmp_path / "saved.html"
    saved.write_text(
        '<html><head><link rel="canonical" href="https://www.reuters.com/markets/real/">'
        "<title>Chip rally</title>"
        '<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Chip rally",'
        ' "datePublished": "2024-05-14T08:00:00+08:00"}</script></head></html>'
    )
    page = "https://news.example.com/chip-rally/"
    result = runner.invoke(app, ["add", page, "--html", str(saved), "--topic", "AI"])
    assert result.exit_code == 0, result.stderr
    assert "names https://www.reuters.com/markets/real/ as its address" in result.stderr
    written = next(site.glob("*.md")).read_text()
    assert f"sourceUrl: {page}\n" in written and "  domain: example.com\n" in written
    next(site.glob("*.md")).unlink()
    trusted = ["add", page, "--html", str(saved), "--topic", "AI", "--trust-canonical"]
    assert runner.invoke(app, trusted).exit_code == 0
    assert "  domain: reuters.com\n" in next(site.glob("*.md")).read_text()


@pytest.mark.parametrize("target", ["/dev/zero", "fifo", "folder"])
def test_html_and_feed_output_read_only_regular_files_of_a_bounded_size(
    site: Path, tmp_path: Path, target: str
) -> None:
    path = Path(target)
    if target == "fifo":
        path = tmp_path / "fifo"
        os.mkfifo(path)
    elif target == "folder":
        path = tmp_path / "folder"
        path.mkdir()
    added = runner.invoke(
        app, ["add", "https://www.reuters.com/a/", "--html", str(path), "--topic", "AI"]
    )
    assert added.exit_code == 1
    assert f"newscli: {path}: the path " in added.stderr
    fed = runner.invoke(app, ["feed", "--link", "https://news.example.com/", "-o", str(path)])
    assert fed.exit_code == 2
    if target == "folder":  # refused by the option itself
        assert "directory" in fed.stderr
    else:
        assert f"newscli: --output: {path}: the path " in fed.stderr


def test_a_saved_page_over_the_page_limit_is_refused(site: Path, tmp_path: Path) -> None:
    saved = tmp_path / "big.html"
    saved.write_bytes(b"<html>" + b" " * (6 * 1024 * 1024))
    result = runner.invoke(
        app, ["add", "https://www.reuters.com/a/", "--html", str(saved), "--topic", "AI"]
    )
    assert result.exit_code == 1
    assert "over the limit of 5,242,880" in result.stderr


def test_a_url_over_the_length_limit_is_invalid_and_never_written_by_fix(
    web: Web, site: Path
) -> None:
    long_target = STORY + "a" * 60_000
    web.answers["/markets/story/"] = moved(301, long_target)
    path = article(site, "")
    before = path.read_bytes()
    _links(web, "--fix")
    assert path.read_bytes() == before
    (site / "long.md").write_text(splice(f"sourceUrl: {long_target}\n"))
    result = runner.invoke(app, ["lint", "--output-format", "concise", "content/long.md"])
    assert "NC301" in result.stdout and "over the limit of 2,048" in result.stdout


def test_connect_to_takes_bracketed_ipv6_targets() -> None:
    assert connect_to("www.example.com:443:[::1]:8443") == (("www.example.com", 443), ("::1", 8443))
    with pytest.raises(ValueError):
        connect_to("www.example.com:443:[::1:8443")


def test_network_values_are_read_without_trust() -> None:
    assert seconds_to_wait("\u2460") is None and seconds_to_wait(" 7 ") == 7.0
    assert seconds_to_wait("Wed, 21 Oct 2015 07:28:00 GMT") == 0.0
    assert joined("https://a.example/", "http://[::1/x") is None
    assert joined("https://a.example/x/", "../y") == "https://a.example/y"
    assert text_encoding("idna") is None and text_encoding("base64") is None
    assert text_encoding("latin-1") == "iso8859-1"


def test_an_lsp_request_with_a_negative_position_is_answered_with_an_error(
    tmp_path: Path,
) -> None:
    server = subprocess.Popen(
        [sys.executable, "-m", "newscli", "server"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    )
    assert server.stdin is not None and server.stdout is not None
    uri = (tmp_path / "a.md").as_uri()
    for message in (
        {"id": 1, "method": "initialize", "params": {"capabilities": {}, "processId": None}},
        {"method": "initialized", "params": {}},
        {
            "method": "textDocument/didOpen",
            "params": {
                "textDocument": {"uri": uri, "languageId": "markdown", "version": 1, "text": ""}
            },
        },
        {
            "id": 2,
            "method": "textDocument/hover",
            "params": {"textDocument": {"uri": uri}, "position": {"line": -1, "character": -5}},
        },
    ):
        body = json.dumps({"jsonrpc": "2.0", **message}).encode()
        server.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
    server.stdin.flush()
    received = b""
    try:
        # A safety net, not a measure: the answer comes at once, or the test fails by name.
        until = time.monotonic() + 30
        while b'"id": 2' not in received and time.monotonic() < until:
            if select.select([server.stdout], [], [], 0.5)[0]:
                received += os.read(server.stdout.fileno(), 65536)
    finally:
        server.kill()
        server.wait()
        server.stdin.close()
        server.stdout.close()
    answer = received[received.rindex(b"{", 0, received.index(b'"id": 2')) :]
    assert b'"code": -32602' in answer and b"Invalid Params: textDocument/hover" in answer


def test_add_refuses_a_redirect_to_the_metadata_service(web: Web, site: Path) -> None:
    web.answers["/markets/story/"] = moved(302, "http://169.254.169.254/latest/meta-data/")
    result = runner.invoke(app, ["add", STORY, "--topic", "AI", *web.options])
    assert result.exit_code == 1
    assert "169.254.169.254 is a link-local address: refused" in result.stderr
    assert list(site.glob("*.md")) == []


def test_add_from_stops_starting_pages_after_its_time_limit(web: Web, site: Path) -> None:
    def slow(request: Request) -> Response:
        time.sleep(1.5)
        return Response("<html></html>", content_type="text/html")

    for number in range(12):
        web.answers[f"/markets/slow-{number}/"] = slow
    listed = site.parent / "urls.txt"
    listed.write_text("".join(f"https://www.reuters.com/markets/slow-{n}/\n" for n in range(12)))
    result = runner.invoke(
        app, ["add", "--from", str(listed), "--topic", "AI", "--max-time", "1", *web.options]
    )
    assert result.exit_code == 1
    refused = result.stderr.count("the run's time limit of 1 s was up")
    asked = sum(len(web.requests(f"/markets/slow-{n}/")) for n in range(12))
    assert refused >= 1 and asked + refused == 12  # a page refused for time is never asked
