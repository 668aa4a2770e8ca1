"""Time newscli against the floor: reading the same files and loading their YAML.

    python benchmarks/lint_benchmark.py [--files N] [--repeat R] [--keep DIR]

Writes N valid articles (default 10,000) to a temporary folder, then runs, in turn and R times
each, every command below as a fresh process, and prints the best time of each with its ratio
to the floor, all measured in the same run, since the machine's speed varies from run to run:

- floor: read every file and load its front matter with ``yaml.CSafeLoader``, nothing else;
- load: read every file with newscli's own loader (positions, values as written), the part of
  lint that list and top share;
- ``newscli lint``, ``newscli list`` and ``newscli top`` over the folder.
"""

from __future__ import annotations

import argparse
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from newscli.amp import cache_url

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
from newscli.document import load_document
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


def timed(command: list[str]) -> float:
    started = time.perf_counter()
    done = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        sys.exit(f"{' '.join(command)} failed ({done.returncode}): {done.stderr.strip()}")
    return elapsed


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
        where = [str(folder), "--isolated"]
        commands = {
            "floor (read + CSafeLoader)": [sys.executable, "-c", FLOOR, str(folder)],
            "load (newscli's loader)": [sys.executable, "-c", LOAD, str(folder)],
            "newscli lint": [
                *newscli,
                "lint",
                *where,
                "--root",
                str(folder),
                "--output-format",
                "concise",
            ],
            "newscli list": [*newscli, "list", *where, "--output-format", "tsv"],
            "newscli top": [*newscli, "top", *where, "--output-format", "tsv"],
        }
        times: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(options.repeat):
            for name, command in commands.items():
                times[name].append(timed(command))
    best = {name: min(values) for name, values in times.items()}
    floor, load = best["floor (read + CSafeLoader)"], best["load (newscli's loader)"]
    print(f"articles: {options.files:,}; best of {options.repeat} runs each")
    for name, seconds in best.items():
        print(
            f"{name:<28} {seconds:7.2f} s   {seconds / floor:5.2f}x the floor"
            f"   {seconds / load:5.2f}x the load"
        )


if __name__ == "__main__":
    main()
