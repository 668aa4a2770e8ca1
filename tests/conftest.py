"""Shared helpers: a valid base article, fragment splicing, linting text in a temporary folder."""

from __future__ import annotations

import json
import re
import ssl
import subprocess
import sys
import tempfile
import threading
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import pytest
import trustme
from hypothesis import settings as hypothesis_settings
from hypothesis.configuration import set_hypothesis_home_dir
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from newscli.cli import load
from newscli.config.keys import load_extension
from newscli.findings import Finding
from newscli.lint.run import lint
from newscli.rules import Example
from newscli.settings import Settings

REPO = Path(__file__).resolve().parent.parent
load([])  # every command on the app the tests invoke, as `newscli --help` has them

# Hypothesis keeps neither its example database nor its other files in the checkout.
hypothesis_settings.register_profile("newscli", database=None)
hypothesis_settings.load_profile("newscli")
set_hypothesis_home_dir(tempfile.mkdtemp(prefix="newscli-hypothesis-"))

BASE_ARTICLE = """\
---
title: Central banks weigh slower rate cuts
excerpt: Policy makers signalled patience as inflation eased more slowly than expected.
publishedDateTime: 2024-05-14T08:00:00Z
sourceUrl: https://www.reuters.com/markets/base-story-for-tests
category: news
type: article
quality: 70
heat: 12
published: true
provider:
  name: Reuters
  domain: reuters.com
topics:
  - Markets
---
Body text.
"""


def newscli(cwd: Path | str, *args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    """Run newscli as users start it, as a process in ``cwd``: its exit code, stdout, stderr.
    No run may end in a traceback."""
    done = subprocess.run(
        [sys.executable, "-m", "newscli", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env=env,
        check=False,
        stdin=subprocess.DEVNULL,
    )
    assert "Traceback" not in done.stderr, done.stderr
    return done.returncode, done.stdout, done.stderr


def lint_json(path: Path) -> list[dict[str, Any]]:
    """The findings ``newscli lint --output-format json`` gives for ``path``, run from ``/``."""
    findings: list[dict[str, Any]] = json.loads(
        newscli("/", "lint", "--output-format", "json", str(path))[1]
    )["findings"]
    return findings


def write(path: Path, text: str) -> Path:
    """Write ``text`` to ``path``, with the folders it needs."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


_TOP_LEVEL_KEY = re.compile(r"^([^\s#\-][^:]*):", re.M)


def _blocks(front_matter: str) -> dict[str, str]:
    """Top-level keys of a front matter text, each with its whole block of lines."""
    starts = [(m.start(), m.group(1)) for m in _TOP_LEVEL_KEY.finditer(front_matter)]
    return {
        key: front_matter[start : (starts[i + 1][0] if i + 1 < len(starts) else len(front_matter))]
        for i, (start, key) in enumerate(starts)
    }


def splice(fragment: str, base: str = BASE_ARTICLE) -> str:
    """The base article with the fragment's top-level keys replacing (or adding to) its own.

    The fragment's text is kept as written, so YAML traps in it (tabs, duplicate keys) survive.
    """
    _, front_matter, body = base.split("---\n", 2)
    blocks = _blocks(front_matter)
    replaced = set(_blocks(fragment))
    kept = "".join(block for key, block in blocks.items() if key not in replaced)
    return f"---\n{kept}{fragment}---\n{body}"


def example_bytes(example: Example) -> bytes:
    text = example.text if example.whole_file else splice(example.text)
    return text.replace("\n", example.newline).encode(example.encoding)


def example_settings(example: Example, folder: Path) -> Settings:
    """The settings an example assumes, with its paths inside ``folder`` (the files it
    assumes are written there first: a site's schema is read with the settings)."""
    for name, content in example.files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(content)
    fields = dict(example.settings)
    if "static_folder" in fields:
        fields["static_folder"] = folder / fields["static_folder"]
    if "extend_schema" in fields:
        fields["extend_schema"] = load_extension(folder / fields["extend_schema"])
    return replace(Settings(), **fields)


def lint_files(
    folder: Path,
    files: dict[str, bytes | str],
    settings: Settings | None = None,
    targets: list[str] | None = None,
) -> list[Finding]:
    """Write ``files`` into ``folder``, then lint them (or ``targets``) with ``folder`` as root."""
    for name, content in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, str):
            content = content.encode("utf-8")
        path.write_bytes(content)
    paths = [folder / name for name in (targets or files)]
    report = lint(paths, replace(settings or Settings(), roots=(folder,)))
    return list(report.all())


@pytest.fixture(autouse=True)
def results_cache_outside_the_checkout(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """Tests never write into the checkout: a lint run from it keeps its cache elsewhere."""
    folder = tmp_path_factory.mktemp("results-cache")
    monkeypatch.setenv("NEWSCLI_CACHE_DIR", str(folder))
    return folder


@pytest.fixture
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A temporary folder that is also the current directory (the cache goes inside it)."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("NEWSCLI_CACHE_DIR")
    return tmp_path


@pytest.fixture(scope="session")
def authority(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[trustme.CA, Path]]:
    """A certificate authority of the tests' own, trusted through --ca-file only."""
    ca = trustme.CA()
    path = tmp_path_factory.mktemp("ca") / "ca.pem"
    ca.cert_pem.write_to_path(str(path))
    yield ca, path


HOSTS = ("www.reuters.com", "mobile.reuters.com", "www.bbc.com")
Handler = Callable[[Request], Response]


@dataclass
class Web:
    """What the server answers, by path (200 for any other), and what it was asked."""

    server: HTTPServer
    options: list[str]
    answers: dict[str, Handler] = field(default_factory=dict)
    asked: list[tuple[str, str, str]] = field(default_factory=list)  # method, host, path
    in_flight: Counter[str] = field(default_factory=Counter)
    most: Counter[str] = field(default_factory=Counter)  # the most in flight at once, by host
    most_overall: int = 0
    agents: set[str] = field(default_factory=set)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def handle(self, request: Request) -> Response:
        host = request.host.split(":")[0]
        with self.lock:
            self.asked.append((request.method, host, request.path))
            self.agents.add(request.headers.get("User-Agent", ""))
            self.in_flight[host] += 1
            self.most[host] = max(self.most[host], self.in_flight[host])
            self.most_overall = max(self.most_overall, sum(self.in_flight.values()))
        try:
            return self.answers.get(request.path, _ok)(request)
        finally:
            with self.lock:
                self.in_flight[host] -= 1

    def requests(self, path: str) -> list[str]:
        return [method for method, _, asked in self.asked if asked == path]


def _ok(request: Request) -> Response:
    return Response("ok")


@pytest.fixture
def web(authority: tuple[trustme.CA, Path]) -> Iterator[Web]:
    ca, ca_file = authority
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ca.issue_cert(*HOSTS).configure_cert(context)
    server = HTTPServer(host="127.0.0.1", port=0, ssl_context=context, threaded=True)
    server.start()
    options = ["--ca-file", str(ca_file)]
    for host in HOSTS:
        options += ["--connect-to", f"{host}:443:127.0.0.1:{server.port}"]
    running = Web(server, options)
    server.expect_request("").respond_with_handler(running.handle)
    yield running
    server.clear()
    server.stop()
