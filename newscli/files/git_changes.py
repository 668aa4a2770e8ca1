"""The article files that changed since a git revision, for ``lint --since``."""

from __future__ import annotations

import subprocess
from pathlib import Path

from newscli.files.discovery import ARTICLE_SUFFIXES


class GitError(Exception):
    """git could not answer; the message is git's own, on one line."""


def _git(cwd: Path, *args: str) -> str:
    try:
        done = subprocess.run(
            ["git", *args],
            cwd=cwd,
            capture_output=True,
            text=True,
            encoding="utf-8",
            errors="surrogateescape",
            check=False,
        )
    except OSError as error:
        raise GitError(f"git cannot be run: {error.strerror or error}") from None
    if done.returncode != 0:
        lines = done.stderr.strip().splitlines()
        message = lines[-1] if lines else f"git {args[0]} failed"
        message = message.removeprefix("fatal: ").removeprefix("error: ")
        if "not a git repository" in message:
            message = f"not a git repository: {cwd}"
        raise GitError(message)
    return done.stdout


def changed_articles(revision: str, cwd: Path) -> list[Path]:
    """Article files added, modified or renamed since ``revision`` (staged or not), and new
    files git does not ignore; in git's order, as paths that exist now."""
    top = Path(_git(cwd, "rev-parse", "--show-toplevel").strip())
    try:
        _git(cwd, "rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}")
    except GitError:
        raise GitError(f"{revision!r} is not a known git revision") from None
    changed = _git(cwd, "diff", "--name-only", "-z", "--diff-filter=AMR", revision, "--")
    untracked = _git(cwd, "ls-files", "--others", "--exclude-standard", "-z", "--full-name")
    names = dict.fromkeys(name for name in (changed + untracked).split("\0") if name)
    return [
        top / name for name in names if name.endswith(ARTICLE_SUFFIXES) and (top / name).is_file()
    ]
