"""Time the language server's diagnostics, and watch its memory over many edits.

    python benchmarks/server_benchmark.py [--articles N] [--edits E]

In a temporary workspace of N articles (default 1,000; the results cache and its index warm,
as after a first `newscli lint`), opens one article in the server, in-process, and then:

- changes it E times (default 10,000), each time asking for its diagnostics as a publish
  after the debounce would; prints the median and the 95th percentile of the time from the
  change to the diagnostics, and the server's memory (resident set) after 1%, 10% and all of
  the edits, which stays flat when nothing is kept per edit.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from lsprotocol import types

sys.path.insert(0, str(Path(__file__).parent))
from lint_benchmark import article, write_articles
from pygls.workspace import Workspace

from newscli.server.app import create_server


def resident_mib() -> float:
    with open("/proc/self/statm") as stream:
        pages = int(stream.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1_000)
    parser.add_argument("--edits", type=int, default=10_000)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        write_articles(folder, options.articles)
        env = {**os.environ, "NEWSCLI_CACHE_DIR": str(folder / ".cache")}
        os.environ["NEWSCLI_CACHE_DIR"] = env["NEWSCLI_CACHE_DIR"]
        command = [sys.executable, "-m", "newscli", "lint", str(folder), "--root", str(folder)]
        subprocess.run([*command, "--isolated"], env=env, capture_output=True, check=False)
        os.chdir(folder)
        server = create_server()
        # The workspace an `initialize` from a client in this folder would have made.
        server.protocol._workspace = Workspace(folder.as_uri())
        path = folder / "draft.md"
        uri = path.as_uri()
        rng = random.Random(7)
        text = article(options.articles + 1, rng)
        server.workspace.put_text_document(
            types.TextDocumentItem(uri=uri, language_id="markdown", version=0, text=text)
        )
        times, memory = [], {}
        marks = {max(1, options.edits // 100), max(1, options.edits // 10), options.edits}
        for version in range(1, options.edits + 1):
            heat = f"heat: {version % 500}"
            changed = "\n".join(
                heat if line.startswith("heat: ") else line for line in text.split("\n")
            )
            started = time.perf_counter()
            server.workspace.update_text_document(
                types.VersionedTextDocumentIdentifier(uri=uri, version=version),
                types.TextDocumentContentChangeWholeDocument(changed),
            )
            server.diagnostics(uri)
            times.append(time.perf_counter() - started)
            if version in marks:
                memory[version] = resident_mib()
        broken = "\n".join(
            "quality: 150" if line.startswith("quality: ") else line for line in text.split("\n")
        )
        server.workspace.update_text_document(
            types.VersionedTextDocumentIdentifier(uri=uri, version=options.edits + 1),
            types.TextDocumentContentChangeWholeDocument(broken),
        )
        codes = [d.code for d in server.diagnostics(uri)]
        if codes != ["NC103"]:  # the figures would time something else than lint
            sys.exit(f"expected NC103 from the broken edit, got {codes}")
        times.sort()
        median = statistics.median(times) * 1000
        p95 = times[int(len(times) * 0.95)] * 1000
        print(f"articles in the workspace: {options.articles:,}; edits: {options.edits:,}")
        print(f"change to diagnostics: median {median:.1f} ms, 95th percentile {p95:.1f} ms")
        shown = ", ".join(f"after {edits:,} edits {mib:.1f} MiB" for edits, mib in memory.items())
        print(f"resident memory: {shown}")


if __name__ == "__main__":
    main()
