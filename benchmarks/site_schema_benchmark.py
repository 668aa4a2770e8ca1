"""Time a cold lint of articles that carry a site's own keys, checked through ``extend-schema``,
against the same run without the extension (NC105 ignored), and against the same articles
without the keys.

    python benchmarks/site_schema_benchmark.py [--files N] [--runs R]

Writes N articles (default 10,000) with three site keys (``layout``, ``draft``, ``aliases``)
into two projects, one declaring them in ``site.schema.json``, one ignoring NC105, and the
articles without those keys into a third; then runs ``newscli lint --no-cache --jobs 1`` in
each, in turn, R times (default 5), and prints the medians and their ratios, measured in the
same run since the machine's speed varies.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from lint_benchmark import write_articles

SITE_SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "properties": {
        "layout": {"enum": ["post", "page"]},
        "draft": {"type": "boolean"},
        "aliases": {"type": "array", "items": {"type": "string", "pattern": "^/"}},
    },
}
SITE_KEYS = "---\nlayout: post\ndraft: false\naliases:\n  - /old/address\n"
PROJECTS = {
    "extension": 'roots = ["content"]\nextend-schema = "site.schema.json"\n',
    "ignored": 'roots = ["content"]\nignore = ["NC105"]\n',
    "plain": 'roots = ["content"]\n',
}


def make(top: Path, files: int) -> None:
    for name, config in PROJECTS.items():
        content = top / name / "content"
        content.mkdir(parents=True)
        write_articles(content, files)
        (top / name / "newscli.toml").write_text(config)
        if name == "plain":
            continue
        for path in content.rglob("*.md"):
            text = path.read_text(encoding="utf-8").replace("---\n", SITE_KEYS, 1)
            path.write_text(text, encoding="utf-8")
    (top / "extension" / "site.schema.json").write_text(json.dumps(SITE_SCHEMA))
    past = time.time() - 3600
    for path in top.rglob("*"):
        os.utime(path, (past, past))


def timed(cwd: Path) -> float:
    command = [sys.executable, "-P", "-m", "newscli", "lint", "--no-cache", "--jobs", "1"]
    started = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, capture_output=True, check=False)
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"{cwd}: {done.stdout.decode()}{done.stderr.decode()}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--files", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="newscli-site-schema-") as folder:
        top = Path(folder)
        make(top, options.files)
        for name in PROJECTS:  # warm-up: the page cache holds every file
            timed(top / name)
        runs: dict[str, list[float]] = {name: [] for name in PROJECTS}
        for _ in range(options.runs):
            for name in PROJECTS:
                runs[name].append(timed(top / name))
        medians = {name: statistics.median(times) for name, times in runs.items()}
        print(f"{options.files:,} articles, cold, one process; medians of {options.runs} runs")
        print(f"three site keys, extend-schema       {medians['extension']:7.2f} s")
        print(f"three site keys, NC105 ignored       {medians['ignored']:7.2f} s")
        print(f"no site keys, no extension           {medians['plain']:7.2f} s")
        print(f"extension / NC105 ignored: {medians['extension'] / medians['ignored']:.2f}x")
        print(f"extension / no site keys:  {medians['extension'] / medians['plain']:.2f}x")


if __name__ == "__main__":
    main()
