"""Path globs, compiled once into one matcher: the ``exclude`` and ``per-file-ignores``
patterns are tried against every file a run walks."""

from __future__ import annotations

import fnmatch
import os
import re
from pathlib import Path


class Globs:
    """Globs as the configuration writes them. A pattern without ``/`` matches any single part
    of a path (``drafts``, ``*.draft.md``); a pattern with ``/`` matches the whole path relative
    to ``base`` (``content/2019/*``), or a folder above it. Matching is case-sensitive."""

    def __init__(self, patterns: tuple[str, ...], base: Path) -> None:
        stripped = [pattern.strip("/") for pattern in patterns]
        self._names = _compiled([pattern for pattern in stripped if "/" not in pattern])
        self._paths = _compiled([pattern for pattern in stripped if "/" in pattern])
        self._cwd = os.getcwd()
        self._base = os.path.join(self._cwd, base).rstrip(os.sep) + os.sep

    def __bool__(self) -> bool:
        return self._names is not None or self._paths is not None

    def match_entry(self, path: str, name: str) -> bool:
        """``match`` for an entry met while walking, whose folders were matched on the way
        down: patterns without ``/`` need only its own name."""
        if self._names is not None and self._names.match(name):
            return True
        return self._paths is not None and self.match(path)

    def match(self, path: str) -> bool:
        if not self:
            return False
        absolute = path if os.path.isabs(path) else os.path.join(self._cwd, path)
        inside = absolute.startswith(self._base)
        relative = absolute[len(self._base) :] if inside else path
        parts = [part for part in relative.replace(os.sep, "/").split("/") if part not in ("", ".")]
        if self._names is not None and any(self._names.match(part) for part in parts):
            return True
        if self._paths is not None:
            root = "" if inside or not relative.startswith("/") else "/"
            return any(
                self._paths.match(root + "/".join(parts[:end])) for end in range(len(parts), 0, -1)
            )
        return False


def _compiled(patterns: list[str]) -> re.Pattern[str] | None:
    if not patterns:
        return None
    return re.compile("|".join(fnmatch.translate(pattern) for pattern in patterns))
