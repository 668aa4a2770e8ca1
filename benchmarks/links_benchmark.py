"""Time `newscli links` against a local server that answers every request after a delay.

    python benchmarks/links_benchmark.py [--articles N] [--hosts H] [--delay SECONDS]

Writes N articles (default 1,000), each with four URLs (its page and AMP page on one host, an
image on another, a related story on a third: about 4N URLs on H hosts, default 40), starts a
threaded TLS server on 127.0.0.1, in a process of its own, that answers each request after
DELAY (default 0.05 s), and reaches it for every host through routes, as --connect-to does.
Then checks every link twice in the same run: with the default limits (two requests a host,
32 in all), and one at a time. Prints the time of each and their ratio. Needs the test
extras (trustme).
"""

from __future__ import annotations

import argparse
import http.server
import multiprocessing
import ssl
import tempfile
import time
from pathlib import Path

import trustme

from newscli.links.run import LinkOptions, check_links
from newscli.settings import Settings
from newscli.web.link_check import CheckLimits
from newscli.web.routes import Reach

ARTICLE = """\
---
title: Story {n}
excerpt: What happened in story {n}.
publishedDateTime: 2024-05-14T08:00:00Z
sourceUrl: https://{page}/stories/{n}/
ampUrl: https://{page}/stories/{n}/amp/
category: news
type: article
quality: 50
heat: 10
published: true
provider:
  name: Publisher
  domain: {domain}
topics:
  - Markets
images:
  - url: https://{image}/pictures/{n}.jpg
    width: 800
    height: 450
related:
  - title: Related {n}
    sourceUrl: https://{related}/related/{n}/
---
Body.
"""


def write_articles(folder: Path, count: int, hosts: list[str]) -> int:
    for n in range(count):
        page, image, related = (hosts[(n + shift) % len(hosts)] for shift in (0, 1, 2))
        domain = page.removeprefix("www.")
        text = ARTICLE.format(n=n, page=page, domain=domain, image=image, related=related)
        (folder / f"story-{n:05}.md").write_text(text, encoding="utf-8")
    return count * 4


def serve(hosts: list[str], delay: float, ca: trustme.CA, port: multiprocessing.Queue[int]) -> None:
    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # keep-alive, as a publisher's server

        def do_HEAD(self) -> None:
            time.sleep(delay)
            self.send_response(200)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, format: str, *args: object) -> None:
            pass

    class Server(http.server.ThreadingHTTPServer):
        request_queue_size = 256  # the default 5 drops the connections of a busy start

    server = Server(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ca.issue_cert(*hosts).configure_cert(context)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    port.put(server.server_address[1])
    server.serve_forever()


def timed(folder: Path, options: LinkOptions) -> tuple[float, int]:
    settings = Settings(roots=(folder,), base=folder)
    started = time.perf_counter()
    result = check_links([folder], settings, options)
    seconds = time.perf_counter() - started
    failed = sum(1 for answer in result.answers.values() if answer.verdict != "ok")
    return seconds, failed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1_000)
    parser.add_argument("--hosts", type=int, default=40)
    parser.add_argument("--delay", type=float, default=0.05)
    arguments = parser.parse_args()
    hosts = [f"www.publisher{index:02}.com" for index in range(arguments.hosts)]
    ca = trustme.CA()
    # Another process: the server's threads would otherwise share newscli's interpreter lock.
    queue: multiprocessing.Queue[int] = multiprocessing.Queue()
    server = multiprocessing.Process(
        target=serve, args=(hosts, arguments.delay, ca, queue), daemon=True
    )
    server.start()
    port = queue.get(timeout=30)
    routes = {(host, 443): ("127.0.0.1", port) for host in hosts}
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        ca_file = folder / "ca.pem"
        ca.cert_pem.write_to_path(str(ca_file))
        content = folder / "content"
        content.mkdir()
        urls = write_articles(content, arguments.articles, hosts)
        print(
            f"{arguments.articles:,} articles, {urls:,} URLs on {len(hosts)} hosts, "
            f"each answered after {arguments.delay * 1000:.0f} ms"
        )
        rows = []
        for name, limits in (
            ("default limits (2 a host, 32 in all)", CheckLimits()),
            ("one at a time", CheckLimits(per_host=1, overall=1)),
        ):
            options = LinkOptions(limits=limits, reach=Reach(routes), ca_file=ca_file)
            seconds, failed = timed(content, options)
            rows.append(seconds)
            print(f"{name:40} {seconds:8.2f} s   {urls / seconds:7.0f} URLs/s   {failed} not ok")
        print(f"default limits / one at a time: {rows[0] / rows[1]:.3f}x the time")
    server.terminate()


if __name__ == "__main__":
    main()
