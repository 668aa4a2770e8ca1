"""Configuration: reading one configuration file, checking every key, and resolving it into
the Settings of its project.

Which file governs a path, and so which folder is the project's root, is ``projects``' to say.
"""

from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from newscli.config.keys import KEYS
from newscli.config_files import ConfigError, read_toml
from newscli.settings import Settings
from newscli.text import closest

__all__ = ["ConfigError", "Resolved", "parse_table", "read_config_file", "resolve"]


@dataclass(frozen=True, slots=True)
class Resolved:
    """Settings with the origin of each configured value (a file, or the command line)."""

    settings: Settings
    sources: dict[str, str]
    config_file: Path | None


def read_config_file(path: Path) -> dict[str, Any]:
    """The newscli table of a configuration file (empty if it has none)."""
    data = read_toml(str(path))
    if path.name == "pyproject.toml":
        tool = data.get("tool", {})
        table = tool.get("newscli", {}) if isinstance(tool, dict) else None
        if not isinstance(table, dict):
            raise ConfigError(f"{path}: [tool.newscli] must be a table")
        return table
    return data


def parse_table(table: dict[str, Any], base: Path, origin: str) -> dict[str, Any]:
    """Settings fields from a table of keys, each checked; ConfigError names what is wrong."""
    fields: dict[str, Any] = {}
    for name, value in table.items():
        key = KEYS.get(name)
        if key is None:
            guess = closest(name, KEYS)
            hint = f"; did you mean {guess!r}?" if guess else f"; known keys: {', '.join(KEYS)}"
            raise ConfigError(f"{origin}: unknown key {name!r}{hint}")
        try:
            fields[key.field] = key.parse(value, base)
        except TypeError:
            raise ConfigError(f"{origin}: {name!r} must be {key.expected}") from None
        except ValueError as error:
            raise ConfigError(f"{origin}: {name!r}: {error}") from None
    return fields


def resolve(
    root: Path,
    config_file: Path | None = None,
    overrides: dict[str, Any] | None = None,
    *,
    cwd: Path | None = None,
    boundaries: bool = True,
) -> Resolved:
    """The settings of the project at ``root``: the defaults, then ``config_file`` (whose paths
    and globs are relative to ``root``), then command-line ``overrides`` (whose paths are
    relative to ``cwd``). ``boundaries``: a walk stops at a folder with a configuration of its
    own (off when one file was named for every path, or none is read)."""
    root = Path(os.path.abspath(root))
    cwd = Path(os.path.abspath(cwd or Path.cwd()))
    fields: dict[str, Any] = {}
    sources: dict[str, str] = {}
    if config_file is not None:
        if not config_file.is_file():
            raise ConfigError(f"{config_file}: no such configuration file")
        table = read_config_file(config_file)
        origin = (
            f"{config_file} [tool.newscli]"
            if config_file.name == "pyproject.toml"
            else str(config_file)
        )
        fields = parse_table(table, root, origin)
        sources = {name: str(config_file) for name in table}
    for name, value in (overrides or {}).items():
        if value is None:
            continue
        key = KEYS[name]
        if name in ("ignore", "extend-select", "extend-exclude"):  # these add to the rest
            value = [*map(str, fields.get(key.field, ())), *value]
        fields.update(parse_table({name: value}, cwd, "command line"))
        sources[name] = "command line"
    fields.setdefault("roots", (root,))
    settings = Settings(base=root, project_boundaries=boundaries)
    return Resolved(dataclasses.replace(settings, **fields), sources, config_file)
