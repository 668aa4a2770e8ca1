"""Time newscli against the floor: reading the same files and loading their YAML.

    python benchmarks/lint_benchmark.py [--files N [N ...]] [--repeat R] [--keep DIR]

For each N (default 1,000 and 10,000), writes N valid articles to a temporary folder, then runs
each command below as a fresh process, R times (the best time counts), and prints its time, its
peak memory and both as ratios to the floor, all measured in the same run, since the machine's
speed varies:

- floor: read every file and load its front matter with ``yaml.CSafeLoader``, nothing else;
- load: read every file with newscli's own loader (positions, values as written);
- ``newscli lint`` cold in one process, cold with all cores, and warm (a second run over
  unchanged files, from the results cache);
- ``newscli list`` and ``newscli top``;
- what a pre-commit hook pays: ``newscli lint`` on one changed file of the collection (its
  results cache and index warm), beside the same file linted alone in a folder of its own, and
  that beside ``python -c "import yaml"`` (each the median of 10 runs);
- the imports of that one-file run, from ``python -X importtime``.

It ends with the table of ratios, one column per N, as the README shows it. Peak memory is the
largest resident set of the command's processes (for a run with workers, of the largest one).
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
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
    """``count`` articles, a thousand a folder, last changed an hour ago: the results cache
    trusts no file changed within a timestamp tick of the run."""
    rng = random.Random(2026)
    for index in range(count):
        sub = folder / f"{index // 1000:03d}"
        sub.mkdir(exist_ok=True)
        (sub / f"article-{index:06d}.md").write_text(article(index, rng), encoding="utf-8")
    past = time.time() - 3600
    for path in [*folder.rglob("*"), folder]:
        os.utime(path, (past, past))


MEASURE = """
import resource, subprocess, sys, time
started = time.perf_counter()
done = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
elapsed = time.perf_counter() - started
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(done.returncode, elapsed, peak, done.stderr.decode()[-300:].replace("\\n", " "))
"""
Figures = dict[str, tuple[float, float]]  # row: (seconds, peak MiB)
IMPORT_YAML = "python -c 'import yaml'"


# As an installed newscli runs: from compiled bytecode, not from source on every call.
ENVIRONMENT = {
    name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"
}


def measured(command: list[str]) -> tuple[float, float]:
    """Seconds and peak mebibytes of one run of ``command`` in a fresh process."""
    done = subprocess.run(
        [sys.executable, "-c", MEASURE, *command],
        capture_output=True,
        text=True,
        check=True,
        env=ENVIRONMENT,
    )
    code, seconds, kilobytes, stderr = done.stdout.split(" ", 3)
    if code not in ("0", "1"):
        sys.exit(f"{' '.join(command)} failed ({code}): {stderr.strip()}")
    return float(seconds), int(kilobytes) / 1024


def median(command: list[str], before: Callable[[], None] = lambda: None) -> tuple[float, float]:
    runs = []
    for _ in range(10):
        before()
        runs.append(measured(command))
    return sorted(runs)[len(runs) // 2]


def import_times(command: list[str]) -> list[tuple[int, str]]:
    """(microseconds, module) of each top-level import of ``command``, largest first."""
    done = subprocess.run(
        [sys.executable, "-X", "importtime", *command[1:]],
        capture_output=True,
        text=True,
        env=ENVIRONMENT,
    )
    found = []
    for line in done.stderr.splitlines():
        if line.startswith("import time:") and "|" in line:
            _, cumulative, name = line.split("|")
            if cumulative.strip().isdigit() and not name.startswith("  "):
                found.append((int(cumulative), name.strip()))
    return sorted(found, reverse=True)


def edit(path: Path) -> Callable[[], None]:
    """Change ``path``'s heat each time it is called, as an editor's save would."""
    counter = iter(range(10**6))

    def change() -> None:
        text = path.read_text(encoding="utf-8")
        head, _, rest = text.partition("heat: ")
        value, _, tail = rest.partition("\n")
        path.write_text(f"{head}heat: {(int(value) + next(counter)) % 500}\n{tail}", "utf-8")

    return change


def run_size(count: int, repeat: int, folder: Path) -> Figures:
    write_articles(folder, count)
    newscli = [sys.executable, "-m", "newscli"]
    lint = [*newscli, "lint", str(folder), "--isolated", "--root", str(folder)]
    lint += ["--output-format", "concise"]
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
    best: Figures = {}
    for name, command in commands.items():
        runs = []
        for _ in range(repeat):
            if name == "lint, warm (cached)":
                shutil.rmtree(cache, ignore_errors=True)
                measured(command)  # fills the cache
            runs.append(measured(command))
        best[name] = min(runs)
    # A hook's call: one changed file, compared with the collection through the warm cache.
    one = sorted(folder.rglob("*.md"))[count // 2]
    single = [*newscli, "lint", str(one), "--isolated", "--root", str(folder)]
    best["one changed file in the collection"] = median(single, edit(one))
    with tempfile.TemporaryDirectory() as scratch:
        alone = Path(scratch) / one.name
        shutil.copy(one, alone)
        command = [*newscli, "lint", str(alone), "--isolated", "--root", scratch]
        best["the same file alone"] = median(command, edit(alone))
        print(f"\nimports of `newscli lint FILE` at {count:,} (python -X importtime, ms):")
        imports = import_times(command)
        total = sum(microseconds for microseconds, _ in imports)
        top = ", ".join(f"{name} {time / 1000:.0f}" for time, name in imports[:6])
        print(f"  {total / 1000:.0f} in all; largest: {top}")
    best[IMPORT_YAML] = median([sys.executable, "-c", "import yaml"])
    floor_seconds, floor_memory = best["floor (read + CSafeLoader)"]
    print(f"\narticles: {count:,}; best of {repeat} runs each; {os.cpu_count()} CPUs")
    print(f"{'':<36} {'time':>8} {'/floor':>7} {'peak MiB':>8} {'/floor':>7}")
    for name, (seconds, memory) in best.items():
        print(
            f"{name:<36} {seconds:7.2f}s {seconds / floor_seconds:6.2f}x {memory:8.0f} "
            f"{memory / floor_memory:6.2f}x"
        )
    return best


def ratios(best: Figures) -> dict[str, str]:
    """The summary rows for one size: each a ratio measured within the same run."""
    floor, floor_memory = best["floor (read + CSafeLoader)"]
    alone = best["the same file alone"][0]
    memory = [best[name][1] for name in ("lint, cold, all cores", "lint, warm (cached)", "list")]
    return {
        "cold, one process": f"{best['lint, cold, one process'][0] / floor:.2f}x",
        "cold, all cores": f"{best['lint, cold, all cores'][0] / floor:.2f}x",
        "warm (nothing changed)": f"{best['lint, warm (cached)'][0] / floor:.3f}x",
        "peak memory, cold / warm / list": " / ".join(f"{value:.0f}" for value in memory) + " MiB",
        "one changed file in the collection, against the same file alone": (
            f"{best['one changed file in the collection'][0] / alone:.2f}x"
        ),
        'one file alone, against `python -c "import yaml"`': (
            f"{alone / best[IMPORT_YAML][0]:.1f}x"
        ),
        "floor (seconds, peak)": f"{floor:.2f} s, {floor_memory:.0f} MiB",
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, nargs="+", default=[1_000, 10_000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="write the articles here and keep them")
    options = parser.parse_args()
    import compileall

    import newscli

    compileall.compile_dir(Path(newscli.__file__).parent, quiet=1)
    table: dict[int, dict[str, str]] = {}
    for count in options.files:
        with tempfile.TemporaryDirectory() as scratch:
            folder = (options.keep or Path(scratch)) / f"articles-{count}"
            folder.mkdir(parents=True, exist_ok=True)
            table[count] = ratios(run_size(count, options.repeat, folder))
    print(f"\n| what | {' | '.join(f'{count:,}' for count in table)} |")
    print(f"|---|{'---|' * len(table)}")
    for row in next(iter(table.values())):
        print(f"| {row} | {' | '.join(column[row] for column in table.values())} |")


if __name__ == "__main__":
    main()
