"""``newscli links`` against a local TLS server (pytest-httpserver, a test CA, reached through
--connect-to) that answers as publishers do: gone, moved, looping, cut off, slow, rate-limited,
refusing HEAD, and counting every request it gets."""

from __future__ import annotations

import json
import os
import signal
import socket
import ssl
import struct
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import trustme
from typer.testing import CliRunner
from werkzeug import Request, Response

from conftest import BASE_ARTICLE, HOSTS, Handler, Web, example_bytes, splice
from newscli.cli import app
from newscli.rules import RULES, Rule

runner = CliRunner()
STORY = "https://www.reuters.com/markets/story/"


@pytest.fixture
def site(in_tmp: Path) -> Path:
    (in_tmp / "content").mkdir()
    (in_tmp / "newscli.toml").write_text('roots = ["content"]\n')
    return in_tmp / "content"


def status(code: int, **headers: str) -> Handler:
    return lambda request: Response("", status=code, headers=headers)


def moved(code: int, location: str) -> Handler:
    return status(code, Location=location)


def article(folder: Path, fragment: str, name: str = "story.md") -> Path:
    path = folder / name
    path.write_text(splice(f"sourceUrl: {STORY}\n{fragment}"), encoding="utf-8")
    return path


def links(web: Web, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["links", *web.options, "--retries", "0", *args])
    return result.exit_code, result.stdout, result.stderr


def findings(web: Web, *args: str) -> list[dict[str, object]]:
    code, out, err = links(web, "--output-format", "json", "--no-cache", *args)
    assert code in (0, 1), err
    found: list[dict[str, object]] = json.loads(out)["findings"]
    return found


def codes(found: list[dict[str, object]]) -> list[object]:
    return [finding["code"] for finding in found]


def test_a_gone_story_is_an_error_at_its_url(web: Web, site: Path) -> None:
    web.answers["/markets/story/"] = status(404)
    path = article(site, "")
    line = path.read_text().splitlines().index(f"sourceUrl: {STORY}") + 1
    code, out, err = links(web, "--no-cache", "--output-format", "concise")
    assert code == 1
    assert out == (
        f"content/story.md:{line}:12: NC701 `sourceUrl` "
        '"https://www.reuters.com/markets/story/" is gone: the server answered 404\n'
    )
    assert "1 link checked in" in err and ": 1 gone, 0 moved, 0 unreachable" in err
    web.answers["/markets/story/"] = status(410)
    assert codes(findings(web)) == ["NC701"]


def test_every_url_of_an_article_is_checked_but_the_cache_url_only_when_asked(
    web: Web, site: Path
) -> None:
    amp = "https://www.reuters.com/markets/story/amp/"
    article(
        site,
        f"ampUrl: {amp}\n"
        "cdnAmpUrl: https://www-reuters-com.cdn.ampproject.org/c/s/www.reuters.com/markets/story/amp/\n"
        "images:\n  - url: https://www.bbc.com/pic.jpg\n    width: 10\n    height: 10\n"
        "  - url: /assets/local.jpg\n    width: 10\n    height: 10\n"
        "related:\n  - title: Other\n    sourceUrl: https://mobile.reuters.com/other/\n",
    )
    assert findings(web) == []
    asked = sorted((host, path) for _, host, path in web.asked)
    assert asked == [
        ("mobile.reuters.com", "/other/"),
        ("www.bbc.com", "/pic.jpg"),
        ("www.reuters.com", "/markets/story/"),
        ("www.reuters.com", "/markets/story/amp/"),
    ]
    assert all(method == "HEAD" for method, _, _ in web.asked)
    [agent] = web.agents
    assert agent.startswith("newscli/")
    web.asked.clear()
    _, _, err = links(web, "--no-cache", "--include-amp-cache")
    # The cache's host is not routed to the test server: it is asked for, and fails.
    assert "5 links checked" in err and "1 unreachable" in err


def test_a_permanent_move_is_fixed_to_its_final_target_byte_for_byte(web: Web, site: Path) -> None:
    web.answers["/markets/story/"] = moved(301, "/markets/story-2/")
    web.answers["/markets/story-2/"] = moved(308, "https://www.reuters.com/new/?utm_source=rss&x=1")
    path = article(site, "")
    before = path.read_bytes().replace(b"\n", b"\r\n")
    path.write_bytes(before)
    [finding] = findings(web)
    assert finding["code"] == "NC703"
    assert "1 fixable with `newscli links --fix`." in links(web, "--no-cache")[2]
    assert 'has moved permanently to "https://www.reuters.com/new/?x=1"' in str(finding["message"])
    code, out, err = links(web, "--no-cache", "--diff")
    assert code == 1 and "-sourceUrl: https://www.reuters.com/markets/story/\n" in out
    assert "+sourceUrl: https://www.reuters.com/new/?x=1\n" in out
    assert path.read_bytes() == before
    mode = 0o640
    path.chmod(mode)
    code, _, err = links(web, "--no-cache", "--fix")
    assert code == 0, err
    assert "Fixed 1 problem in 1 file." in err
    after = path.read_bytes()
    assert after == before.replace(STORY.encode(), b"https://www.reuters.com/new/?x=1")
    assert path.stat().st_mode & 0o777 == mode
    assert findings(web) == []  # the new URL answers: nothing left to fix
    assert path.read_bytes() == after


def test_a_moved_amp_page_takes_its_cache_url_along(web: Web, site: Path) -> None:
    web.answers["/markets/story/amp/"] = moved(301, "https://www.reuters.com/amp/story/")
    path = article(
        site,
        "ampUrl: https://www.reuters.com/markets/story/amp/\n"
        "cdnAmpUrl: https://www-reuters-com.cdn.ampproject.org/c/s/www.reuters.com/markets/story/amp/\n",
    )
    code, _, err = links(web, "--no-cache", "--fix")
    assert code == 0, err
    text = path.read_text(encoding="utf-8")
    assert "ampUrl: https://www.reuters.com/amp/story/\n" in text
    assert (
        "cdnAmpUrl: https://www-reuters-com.cdn.ampproject.org/c/s/www.reuters.com/amp/story/\n"
        in text
    )
    assert runner.invoke(app, ["lint", str(path)]).exit_code == 0


def test_a_gone_amp_page_is_removed_with_its_cache_url(web: Web, site: Path) -> None:
    web.answers["/markets/story/amp/"] = status(410)
    path = article(
        site,
        "ampUrl: https://www.reuters.com/markets/story/amp/  # the publisher's\n"
        "cdnAmpUrl: https://www-reuters-com.cdn.ampproject.org/c/s/www.reuters.com/markets/story/amp/\n",
    )
    before = path.read_text(encoding="utf-8")
    [finding] = findings(web)
    assert finding["code"] == "NC705" and finding["severity"] == "error"
    code, _, err = links(web, "--no-cache", "--fix")
    assert code == 0, err
    kept = [line for line in before.splitlines(keepends=True) if "amp" not in line.lower()]
    assert path.read_text(encoding="utf-8") == "".join(kept)


def test_redirects_that_loop_or_lead_nowhere_are_reported_with_the_reason(
    web: Web, site: Path
) -> None:
    web.answers["/markets/story/"] = moved(302, "/b/")
    web.answers["/b/"] = moved(301, "/markets/story/")
    article(site, "related:\n  - title: Other\n    sourceUrl: https://www.bbc.com/c/\n")
    web.answers["/c/"] = moved(301, "/d/")
    web.answers["/d/"] = status(404)
    found = findings(web)
    assert [(f["code"], "loop" in str(f["message"])) for f in found] == [
        ("NC702", True),
        ("NC701", False),
    ]
    assert 'the server answered 404 at "https://www.bbc.com/d/"' in str(found[1]["message"])


def test_temporary_redirects_are_shown_only_when_selected(web: Web, site: Path) -> None:
    web.answers["/markets/story/"] = moved(307, "/login/")
    article(site, "")
    assert findings(web) == []
    [finding] = findings(web, "--extend-select", "NC704")
    assert finding["code"] == "NC704" and "/login/" in str(finding["message"])


def _reset(request: Request) -> Response:
    """Close the connection with a TCP reset instead of an answer."""
    sock: socket.socket = request.environ["werkzeug.socket"]
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    sock.close()
    return Response("never sent")


def test_a_reset_is_retried_then_reported(web: Web, site: Path) -> None:
    web.answers["/markets/story/"] = _reset
    article(site, "")
    code, out, _ = links(web, "--no-cache", "--retries", "1", "--output-format", "concise")
    assert code == 0  # a warning
    assert "NC702" in out and "the connection was cut" in out
    assert web.requests("/markets/story/") == ["HEAD", "HEAD"]


def test_a_server_error_is_retried_and_a_recovery_is_clean(web: Web, site: Path) -> None:
    answers = iter([status(502), status(200)])
    web.answers["/markets/story/"] = lambda request: next(answers)(request)
    article(site, "")
    assert findings(web, "--retries", "1") == []
    assert web.requests("/markets/story/") == ["HEAD", "HEAD"]


def test_a_slow_answer_past_the_time_out_is_unreachable(web: Web, site: Path) -> None:
    release = threading.Event()

    def slow(request: Request) -> Response:
        release.wait(10)
        return Response("late")

    web.answers["/markets/story/"] = slow
    article(site, "")
    try:
        [finding] = findings(web, "--timeout", "0.5")
    finally:
        release.set()
    assert finding["code"] == "NC702"
    assert "no answer within 0.5 seconds" in str(finding["message"])


def test_429_waits_as_long_as_retry_after_says_for_the_whole_host(web: Web, site: Path) -> None:
    # 3 s: no default back-off (1 s, then 2 s) waits as long, so only the header explains it.
    seen: list[tuple[float, str]] = []

    def limited(request: Request) -> Response:
        seen.append((time.monotonic(), request.path))
        if len(seen) == 1:
            return Response("", status=429, headers={"Retry-After": "3"})
        return Response("ok")

    web.answers["/markets/story/"] = limited
    web.answers["/markets/second/"] = limited
    article(site, "")
    second = splice("sourceUrl: https://www.reuters.com/markets/second/\n")
    (site / "second.md").write_text(second, encoding="utf-8")
    code, _, err = links(web, "--no-cache", "--retries", "1", "--per-host", "1")
    assert code == 0, err
    (limited_at, _), *after = seen
    # The limited link was asked again, and the host's other link asked at all, only once the
    # wait was over: at least as long as the header said.
    assert sorted(path for _, path in after) == sorted(["/markets/story/", "/markets/second/"])
    assert all(moment - limited_at >= 2.9 for moment, _ in after)
    assert "(1 host was rate-limited)" in err


def test_a_retry_after_past_the_longest_wait_is_a_failure_not_a_hang(web: Web, site: Path) -> None:
    web.answers["/markets/story/"] = status(503, **{"Retry-After": "86400"})
    article(site, "")
    [finding] = findings(web, "--retries", "2")
    assert "asked to wait 86400 s" in str(finding["message"])
    assert web.requests("/markets/story/") == ["HEAD"]


def _endless(request: Request) -> Response:
    def body() -> Iterator[bytes]:
        while True:
            yield b"x" * 65536

    return Response(body(), headers={"Content-Length": str(5 * 1024**3)})


def test_head_refused_is_asked_with_get_whose_body_is_never_read(web: Web, site: Path) -> None:
    web.answers["/markets/story/"] = lambda request: (
        Response("", status=405) if request.method == "HEAD" else _endless(request)
    )
    article(site, "")
    assert findings(web) == []
    assert web.requests("/markets/story/") == ["HEAD", "GET"]


def test_no_host_gets_more_than_its_share_at_once(web: Web, site: Path) -> None:
    def slow(request: Request) -> Response:
        time.sleep(0.2)
        return Response("ok")

    for index in range(8):
        for host in ("www.reuters.com", "www.bbc.com"):
            web.answers[f"/s{index}/{host}"] = slow
    for index in range(8):
        article(
            site,
            f"sourceUrl: https://www.reuters.com/s{index}/www.reuters.com\n"
            f"related:\n  - title: Other\n    sourceUrl: https://www.bbc.com/s{index}/www.bbc.com\n",
            f"s{index}.md",
        )
    assert findings(web) == []
    assert web.most["www.reuters.com"] == 2 and web.most["www.bbc.com"] == 2
    web.most.clear()
    web.most_overall = 0
    assert findings(web, "--concurrency", "3", "--per-host", "4") == []
    assert web.most_overall == 3 and max(web.most.values()) <= 3


def test_a_second_run_asks_nothing_and_an_old_answer_is_asked_again(web: Web, site: Path) -> None:
    web.answers["/markets/story/"] = status(404)
    article(site, "")
    first = links(web)
    assert first[0] == 1 and len(web.asked) == 1
    second = links(web)
    assert second[1] == first[1] and len(web.asked) == 1
    assert "(1 from the cache)" in second[2]
    links(web, "--max-age", "0s")
    assert len(web.asked) == 2
    links(web, "--no-cache")
    assert len(web.asked) == 3


def test_answers_through_another_route_are_kept_apart(web: Web, site: Path) -> None:
    article(site, "")
    links(web)
    links(web, "--connect-to", f"www.example.org:443:127.0.0.1:{web.server.port}")
    assert len(web.asked) == 2  # a staging server's answers say nothing of the real host's
    links(web)
    assert len(web.asked) == 2


def test_failures_are_never_cached(web: Web, site: Path) -> None:
    web.answers["/markets/story/"] = status(500)
    article(site, "")
    links(web)
    links(web)
    assert len(web.asked) == 2


@pytest.mark.parametrize(
    "damage",
    [
        b"not a database at all",
        b"SQLite format 3\x00" + b"\xff" * 4000,
    ],
)
def test_a_damaged_cache_is_replaced_and_the_links_asked_again(
    web: Web, site: Path, damage: bytes
) -> None:
    article(site, "")
    links(web)
    [cache] = (site.parent / ".newscli_cache").glob("links*.sqlite3")
    assert cache.is_file()
    cache.write_bytes(damage)
    code, _, err = links(web)
    assert code == 0, err
    assert len(web.asked) == 2
    links(web)
    assert len(web.asked) == 2  # the new database holds the answer


def test_a_cache_row_from_the_future_or_of_another_shape_is_doubted(web: Web, site: Path) -> None:
    import sqlite3

    web.answers["/markets/story/"] = status(404)
    article(site, "")
    links(web)
    [cache] = (site.parent / ".newscli_cache").glob("links*.sqlite3")
    with sqlite3.connect(cache) as db:
        db.execute("UPDATE links SET verdict = 'ok', checked = checked + 86400")
    db.close()
    assert links(web)[0] == 1 and len(web.asked) == 2  # asked again: the 404 stands
    with sqlite3.connect(cache) as db:
        db.execute("UPDATE links SET verdict = 'moved', target = NULL")
    db.close()
    assert links(web)[0] == 1 and len(web.asked) == 3


def test_machine_formats_and_positions_are_lints(web: Web, site: Path) -> None:
    web.answers["/markets/story/"] = status(404)
    article(site, "")
    code, out, _ = links(web, "--no-cache", "--output-format", "github")
    assert code == 1
    assert out.startswith("::error file=content/story.md,line=15,col=12,title=NC701 (link-gone)::")
    code, out, _ = links(web, "--no-cache", "--output-format", "sarif")
    assert json.loads(out)["runs"][0]["results"][0]["ruleId"] == "NC701"


def test_a_suppression_comment_hides_a_link_finding_and_lint_does_not_call_it_unused(
    web: Web, site: Path
) -> None:
    web.answers["/markets/story/"] = status(404)
    path = site / "story.md"
    path.write_text(
        splice(f"sourceUrl: {STORY}  # newscli: ignore[NC701] the archive is offline\n"),
        encoding="utf-8",
    )
    assert findings(web) == []
    assert runner.invoke(app, ["lint", str(path)]).exit_code == 0


def test_connect_to_and_ca_file_as_configuration_keys(
    web: Web, site: Path, authority: tuple[trustme.CA, Path]
) -> None:
    web.answers["/markets/story/"] = status(404)
    article(site, "")
    routes = ", ".join(f'"{host}:443:127.0.0.1:{web.server.port}"' for host in HOSTS)
    (site.parent / "newscli.toml").write_text(
        f'roots = ["content"]\nconnect-to = [{routes}]\nca-file = "{authority[1]}"\n'
    )
    result = runner.invoke(app, ["links", "--no-cache", "--retries", "0"])
    assert result.exit_code == 1 and "NC701" in result.stdout
    (site.parent / "newscli.toml").write_text('roots = ["content"]\nconnect-to = ["nonsense"]\n')
    result = runner.invoke(app, ["links"])
    assert result.exit_code == 2 and "connect-to" in result.stderr


def test_an_unreadable_ca_file_is_a_usage_error(web: Web, site: Path) -> None:
    article(site, "")
    (site.parent / "not-a-ca.pem").write_text("hello")
    result = runner.invoke(app, ["links", "--ca-file", str(site.parent / "not-a-ca.pem")])
    assert result.exit_code == 2
    assert "--ca-file" in result.stderr and "Traceback" not in result.stderr
    assert web.asked == []


def test_ctrl_c_keeps_what_was_learned_and_exits_130(web: Web, site: Path) -> None:
    release = threading.Event()

    def stuck(request: Request) -> Response:
        release.wait(30)
        return Response("late")

    web.answers["/markets/story/"] = stuck
    article(site, "")
    article(site, "sourceUrl: https://www.bbc.com/quick/\n", "quick.md")
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    command = [sys.executable, "-m", "newscli", "links", *web.options, "--timeout", "30"]
    process = subprocess.Popen(
        command, cwd=site.parent, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env
    )
    try:
        while not web.requests("/markets/story/") or not web.requests("/quick/"):
            assert process.poll() is None, process.communicate()
            time.sleep(0.05)
        time.sleep(0.3)  # the quick answer is in
        process.send_signal(signal.SIGINT)
        _, err = process.communicate(timeout=60)
    finally:
        release.set()
        if process.poll() is None:
            process.kill()
    assert process.returncode == 130, err
    assert b"Traceback" not in err and b"interrupted; 1 answer kept" in err
    web.asked.clear()
    release.set()
    links(web)
    assert web.requests("/quick/") == []  # learned before the interruption
    assert web.requests("/markets/story/") == ["HEAD"]


LINK_RULES = [rule for rule in RULES.values() if rule.answered is not None]


def _answering(web: Web, answers: dict[str, str]) -> None:
    for url, answer in answers.items():
        code, _, target = answer.partition(" ")
        path = url.split("/", 3)[3]
        web.answers[f"/{path.split('?')[0]}"] = status(
            int(code), **({"Location": target} if target else {})
        )


@pytest.mark.parametrize("rule", LINK_RULES, ids=lambda rule: f"{rule.code}-{rule.name}")
def test_bad_example_is_reported(web: Web, site: Path, rule: Rule) -> None:
    _answering(web, rule.bad.answers)
    (site / "bad.md").write_bytes(example_bytes(rule.bad))
    selected = ["--extend-select", rule.code] if rule.opt_in else []
    found = findings(web, *selected)
    assert rule.code in codes(found)
    assert {f["severity"] for f in found if f["code"] == rule.code} == {rule.severity.value}


@pytest.mark.parametrize("rule", LINK_RULES, ids=lambda rule: f"{rule.code}-{rule.name}")
def test_good_example_is_clean(web: Web, site: Path, rule: Rule) -> None:
    _answering(web, rule.good.answers)
    (site / "good.md").write_bytes(example_bytes(rule.good))
    selected = ["--extend-select", rule.code] if rule.opt_in else []
    assert findings(web, *selected) == []


def test_the_base_article_has_no_link_findings(web: Web, site: Path) -> None:
    (site / "base.md").write_text(BASE_ARTICLE, encoding="utf-8")
    assert findings(web) == []
    assert web.requests("/markets/base-story-for-tests") == ["HEAD"]


def test_a_server_dripping_its_headers_cannot_hold_a_link_for_ever(
    site: Path, authority: tuple[trustme.CA, Path]
) -> None:
    ca, ca_file = authority
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ca.issue_cert("www.reuters.com").configure_cert(context)
    listener = socket.create_server(("127.0.0.1", 0))
    stop = threading.Event()

    def drip() -> None:
        connection, _ = listener.accept()
        with context.wrap_socket(connection, server_side=True) as tls:
            tls.recv(65536)
            tls.sendall(b"HTTP/1.1 200 OK\r\n")
            while not stop.wait(0.1):  # a header line a tenth of a second, never the end
                tls.sendall(b"X-Drip: 1\r\n")

    thread = threading.Thread(target=drip, daemon=True)
    thread.start()
    article(site, "")
    port = listener.getsockname()[1]
    try:
        result = runner.invoke(
            app,
            [
                "links",
                "--connect-to",
                f"www.reuters.com:443:127.0.0.1:{port}",
                "--ca-file",
                str(ca_file),
                "--retries",
                "0",
                "--timeout",
                "0.5",
                "--no-cache",
            ],
        )
    finally:
        stop.set()
        listener.close()
    assert result.exit_code == 0
    assert "NC702" in result.stdout and "no answer within 0.5 seconds" in result.stdout


def test_connections_are_kept_alive_across_the_links_of_many_hosts(
    site: Path, authority: tuple[trustme.CA, Path]
) -> None:
    """Werkzeug's test server closes every connection, so this one is the standard library's,
    which keeps them open as publishers' servers do."""
    import http.server

    ca, ca_file = authority
    hosts = [f"www.site{index}.com" for index in range(12)]
    connections: set[tuple[str, int]] = set()

    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_HEAD(self) -> None:
            connections.add(self.client_address)
            self.send_response(200)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ca.issue_cert(*hosts).configure_cert(context)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    for index in range(24):
        host = hosts[index % len(hosts)]
        (site / f"s{index}.md").write_text(
            splice(f"sourceUrl: https://{host}/s{index}/\n"), encoding="utf-8"
        )
    options = [f"--connect-to={host}:443:127.0.0.1:{server.server_address[1]}" for host in hosts]
    try:
        result = runner.invoke(
            app, ["links", *options, "--ca-file", str(ca_file), "--no-cache", "--per-host", "1"]
        )
    finally:
        server.shutdown()
        server.server_close()
    assert result.exit_code == 0, result.stderr
    assert "24 links checked" in result.stderr
    # Two links a host over one connection each: twelve TLS handshakes, not 24.
    assert len(connections) == len(hosts)


def test_a_move_that_lint_would_reject_is_reported_but_not_written(web: Web, site: Path) -> None:
    # To another publisher's domain: the provider is reuters.com, so lint's NC304 would object.
    web.answers["/markets/story/"] = moved(301, "https://www.bbc.com/news/story/")
    path = article(site, "")
    before = path.read_bytes()
    code, out, err = links(web, "--no-cache", "--fix", "--output-format", "concise")
    assert code == 1
    assert "NC703" in out and "the new URLs would make lint report errors" in err
    assert path.read_bytes() == before


def test_since_checks_only_the_articles_a_branch_changed(web: Web, site: Path) -> None:
    def git(*args: str) -> None:
        subprocess.run(["git", *args], cwd=site.parent, check=True, capture_output=True)

    git("init", "-q")
    git("config", "user.email", "e@example.com")
    git("config", "user.name", "E")
    article(site, "sourceUrl: https://www.reuters.com/old/\n", "old.md")
    git("add", ".")
    git("commit", "-qm", "start")
    article(site, "sourceUrl: https://www.reuters.com/new/\n", "new.md")
    assert findings(web, "--since", "HEAD") == []
    assert [path for _, _, path in web.asked] == ["/new/"]


def test_a_hostile_location_reaches_the_terminal_and_ci_logs_as_data(web: Web, site: Path) -> None:
    # A header cannot hold a line break (the server refuses to send one); an escape it can.
    web.answers["/markets/story/"] = moved(301, "/new/\x1b[31m[bold]x[/bold]")
    article(site, "")
    for output_format in ("full", "github"):
        _, out, err = links(web, "--no-cache", "--output-format", output_format)
        assert "has moved permanently" in out
        assert "\x1b" not in out + err and "31m" in out  # percent-encoded, never raw
