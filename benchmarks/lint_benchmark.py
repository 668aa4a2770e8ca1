"""Time ``newscli lint`` against the floor: reading the same files and loading their YAML.

    python benchmarks/lint_benchmark.py [--files N] [--repeat R] [--keep DIR]

Writes N valid articles (default 10,000) to a temporary folder, then runs, alternately and R
times each, the floor (one process that reads every file and loads its front matter with
``yaml.CSafeLoader``, nothing else) and ``newscli lint`` over the folder, each as a fresh process.
Prints the best time of each and their ratio; both are measured in the same run, since the
machine's speed varies from run to run.
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
        floor_command = [sys.executable, "-c", FLOOR, str(folder)]
        lint_command = [
            sys.executable,
            "-m",
            "newscli",
            "lint",
            str(folder),
            "--root",
            str(folder),
            "--output-format",
            "concise",
        ]
        floors, lints = [], []
        for _ in range(options.repeat):
            floors.append(timed(floor_command))
            lints.append(timed(lint_command))
    floor, lint = min(floors), min(lints)
    print(f"articles:                     {options.files:,}")
    print(f"floor (read + CSafeLoader):   {floor:.2f} s")
    print(f"newscli lint, one process:    {lint:.2f} s   ({lint / floor:.2f}x the floor)")


if __name__ == "__main__":
    main()
