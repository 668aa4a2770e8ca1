"""Time linting one file from a folder full of unrelated articles against linting it from its
own project: the project boundary means the folder newscli runs in costs nothing.

    python benchmarks/boundary_benchmark.py [--unrelated N] [--articles N] [--runs R]

Writes N unrelated articles (default 20,000) into a temporary folder, and inside it a project
(a ``newscli.toml`` with ``roots = ["content"]``) of M articles (default 100). Then runs
``newscli lint content/<one>.md`` from the project's root and
``newscli lint project/content/<one>.md`` from the folder above it, in turn, R times each
(default 15), with and without the results cache, and prints the median of each and their
ratio, measured in the same run since the machine's speed varies.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from lint_benchmark import write_articles


def timed(command: list[str], cwd: Path, env: dict[str, str]) -> float:
    started = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, check=False)
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(
            f"{' '.join(command)} failed:\n{done.stdout.decode()}{done.stderr.decode()}"
        )
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--unrelated", type=int, default=20_000)
    parser.add_argument("--articles", type=int, default=100)
    parser.add_argument("--runs", type=int, default=15)
    options = parser.parse_args()
    env = {k: v for k, v in os.environ.items() if k != "NEWSCLI_CACHE_DIR"}
    with tempfile.TemporaryDirectory(prefix="newscli-boundary-") as top:
        big = Path(top)
        write_articles(big, options.unrelated)  # folders 000/, 001/, ... of unrelated articles
        project = big / "project"
        (project / "content").mkdir(parents=True)
        (project / "newscli.toml").write_text('roots = ["content"]\n')
        write_articles(project / "content", options.articles)
        one = next((project / "content" / "000").glob("*.md"))
        inside = one.relative_to(project)
        # -P: the current folder stays off sys.path, as for the installed `newscli` script.
        newscli = [sys.executable, "-P", "-m", "newscli", "lint"]
        print(
            f"{options.unrelated:,} unrelated articles above a project of "
            f"{options.articles:,}; medians of {options.runs} runs each, in turn"
        )
        for label, extra in (("no cache", ["--no-cache"]), ("warm cache", [])):
            here = [*newscli, *extra, str(inside)]
            above = [*newscli, *extra, str(one.relative_to(big))]
            for command, cwd in ((here, project), (above, big)):  # warm-up, and the caches
                timed(command, cwd, env)
            own, outside = [], []
            for _ in range(options.runs):
                own.append(timed(here, project, env))
                outside.append(timed(above, big, env))
            own_median, outside_median = statistics.median(own), statistics.median(outside)
            print(
                f"{label:<11} from the project {own_median * 1000:7.1f} ms   "
                f"from the folder above {outside_median * 1000:7.1f} ms   "
                f"ratio {outside_median / own_median:.2f}x"
            )


if __name__ == "__main__":
    main()
