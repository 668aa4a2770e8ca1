"""Time newscli against the floor: reading the same files and loading their YAML.

    python benchmarks/lint_benchmark.py [--files N] [--repeat R] [--keep DIR]

Writes N valid articles (default 10,000) to a temporary folder, then runs each command below
as a fresh process, R times (the best time counts), and prints its time, its peak memory and
both as ratios to the floor, all measured in the same run, since the machine's speed varies:

- floor: read every file and load its front matter with ``yaml.CSafeLoader``, nothing else;
- load: read every file with newscli's own loader (positions, values as written);
- ``newscli lint`` cold in one process, cold with all cores, and warm (a second run over
  unchanged files, from the results cache);
- ``newscli list`` and ``newscli top``;
- ``newscli lint`` on one file, the whole process, median of 10 runs (what a pre-commit hook
  pays per call).

Peak memory is the largest resident set of the command's processes (for a run with workers,
of the largest one, not their sum).
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from newscli.amp_cache_urls import cache_url

PROVIDERS = [
    ("Reuters", "reuters.com", "www.reuters.com", "mobile.reuters.com"),
    ("BBC News", "bbc.com", "www.bbc.com", "www.bbc.com"),
    ("The Guardian", "theguardian.com", "www.theguardian.com", "amp.theguardian.com"),
    ("TechCrunch", "techcrunch.com", "techcrunch.com", "techcrunch.com"),
    ("News Medical", "news-medical.net", "www.news-medical.net", "www.news-medical.net"),
    ("Nature", "nature.com", "www.nature.com", None),
]
TOPICS = ["AI", "Markets", "Climate", "Robotics", "Health", "Energy", "Europe", "Semiconductors"]
WORDS = [
    "rally",
    "chip",
    "climate",
    "model",
    "court",
    "vote",
    "storm",
    "launch",
    "deal",
    "study",
    "record",
    "growth",
]

FLOOR = """
import sys, yaml
from pathlib import Path
for path in sorted(Path(sys.argv[1]).rglob("*.md")):
    text = path.read_bytes().decode("utf-8")
    yaml.load(text.split("---\\n", 2)[1], Loader=yaml.CSafeLoader)
"""
LOAD = """
import sys
from pathlib import Path
from newscli.document.loader import load_document
for path in sorted(Path(sys.argv[1]).rglob("*.md")):
    load_document(str(path), path.read_bytes())
"""


def article(index: int, rng: random.Random) -> str:
    name, domain, host, amp_host = rng.choice(PROVIDERS)
    title = " ".join(rng.choice(WORDS) for _ in range(7)).capitalize()
    slug = f"story-{index}-{rng.randrange(10**6)}"
    lines = [
        "---",
        "category: news",
        f'title: "{title}"',
        f'excerpt: "{title} and what it means for readers ..."',
        f"publishedDateTime: 20{rng.randrange(15, 24)}-0{rng.randrange(1, 10)}-1{rng.randrange(10)}"
        f"T{rng.randrange(10, 24)}:{rng.randrange(10, 60)}:00Z",
        f"sourceUrl: https://{host}/news/{slug}",
    ]
    if amp_host and rng.random() < 0.5:
        amp = f"https://{amp_host}/amp/news/{slug}"
        lines += [f"ampUrl: {amp}", f"cdnAmpUrl: {cache_url(amp)}"]
    lines += [
        "type: article",
        f"quality: {rng.randrange(101)}",
        f"heat: {rng.randrange(500)}",
        "published: true",
        "provider:",
        f"  name: {name}",
        f"  domain: {domain}",
        "topics:",
        *(f"  - {topic}" for topic in rng.sample(TOPICS, rng.randrange(1, 4))),
        "images:",
        f"  - url: https://img.{domain}/{slug}.jpg",
        "    width: 700",
        "    height: 466",
    ]
    if rng.random() < 0.5:
        lines += [
            "related:",
            f'  - title: "Earlier: {title}"',
            f"    sourceUrl: https://{host}/news/{slug}-earlier",
            "    publishedDateTime: 2014-01-01T00:00:00Z",
            "    type: article",
            "    provider:",
            f"      name: {name}",
            f"      domain: {domain}",
            f"    quality: {rng.randrange(101)}",
        ]
    return "\n".join([*lines, "---", "", "Body text of the story.", ""])


def write_articles(folder: Path, count: int) -> None:
    rng = random.Random(2026)
    for index in range(count):
        sub = folder / f"{index // 1000:03d}"
        sub.mkdir(exist_ok=True)
        (sub / f"article-{index:06d}.md").write_text(article(index, rng), encoding="utf-8")


MEASURE = """
import resource, subprocess, sys, time
started = time.perf_counter()
done = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
elapsed = time.perf_counter() - started
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(done.returncode, elapsed, peak, done.stderr.decode()[-300:].replace("\\n", " "))
"""


def measured(command: list[str]) -> tuple[float, float]:
    """Seconds and peak megabytes of one run of ``command`` in a fresh process."""
    done = subprocess.run(
        [sys.executable, "-c", MEASURE, *command], capture_output=True, text=True, check=True
    )
    code, seconds, kilobytes, stderr = done.stdout.split(" ", 3)
    if code not in ("0", "1"):
        sys.exit(f"{' '.join(command)} failed ({code}): {stderr.strip()}")
    return float(seconds), int(kilobytes) / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="write the articles here and keep them")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        folder = options.keep or Path(scratch)
        folder.mkdir(parents=True, exist_ok=True)
        write_articles(folder, options.files)
        newscli = [sys.executable, "-m", "newscli"]
        lint = [
            *newscli,
            "lint",
            str(folder),
            "--isolated",
            "--root",
            str(folder),
            "--output-format",
            "concise",
        ]
        cache = folder / ".newscli_cache"
        commands = {
            "floor (read + CSafeLoader)": [sys.executable, "-c", FLOOR, str(folder)],
            "load (newscli's loader)": [sys.executable, "-c", LOAD, str(folder)],
            "lint, cold, one process": [*lint, "--no-cache", "--jobs", "1"],
            "lint, cold, all cores": [*lint, "--no-cache"],
            "lint, warm (cached)": lint,
            "list": [*newscli, "list", str(folder), "--isolated", "--output-format", "tsv"],
            "top": [*newscli, "top", str(folder), "--isolated", "--output-format", "tsv"],
        }
        best: dict[str, tuple[float, float]] = {}
        for name, command in commands.items():
            runs = []
            for _ in range(options.repeat):
                if name == "lint, warm (cached)":
                    shutil.rmtree(cache, ignore_errors=True)
                    measured(command)  # fills the cache
                runs.append(measured(command))
            best[name] = min(runs)
        one = sorted(p for p in folder.rglob("*.md"))[0]
        # A hook's call: one file, compared with the whole (cached) collection.
        single = [*newscli, "lint", str(one), "--isolated", "--root", str(folder)]
        times = sorted(measured(single) for _ in range(10))
        best["lint, one file (median of 10)"] = times[len(times) // 2]
    floor_seconds, floor_memory = best["floor (read + CSafeLoader)"]
    print(f"articles: {options.files:,}; best of {options.repeat} runs each; {os.cpu_count()} CPUs")
    print(f"{'':<32} {'time':>8} {'/floor':>7} {'peak MB':>8} {'/floor':>7}")
    for name, (seconds, memory) in best.items():
        print(
            f"{name:<32} {seconds:7.2f}s {seconds / floor_seconds:6.2f}x {memory:8.0f} "
            f"{memory / floor_memory:6.2f}x"
        )


if __name__ == "__main__":
    main()
