"""Configuration files: finding them, checking every key, and resolving them into Settings.

newscli reads ``.newscli.toml``, ``newscli.toml`` (top-level keys) or the ``[tool.newscli]``
table of ``pyproject.toml``, in that order of preference, from the nearest folder at or above
the current one that has any of them.
"""

from __future__ import annotations

import dataclasses
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from newscli.config.keys import KEYS
from newscli.settings import Settings
from newscli.text import closest

CONFIG_FILES = (".newscli.toml", "newscli.toml", "pyproject.toml")


class ConfigError(Exception):
    """A configuration that cannot be used; the message names the file, the key and the fix."""


@dataclass(frozen=True, slots=True)
class Resolved:
    """Settings with the origin of each configured value (a file, or the command line)."""

    settings: Settings
    sources: dict[str, str]
    config_file: Path | None


def find_config_file(start: Path) -> Path | None:
    """The nearest configuration file at or above ``start``."""
    for folder in [start.absolute(), *start.absolute().parents]:
        for name in CONFIG_FILES:
            candidate = folder / name
            if candidate.is_file() and (name != "pyproject.toml" or _has_table(candidate)):
                return candidate
    return None


def _has_table(pyproject: Path) -> bool:
    try:
        return "newscli" in _readtoml_value(pyproject).get("tool", {})
    except ConfigError:
        # A pyproject.toml that cannot be read or parsed is ours to report only if it meant to
        # configure us; another project's broken or unreadable one is passed by.
        try:
            text = pyproject.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return False
        if "tool.newscli" in text:
            raise
        return False


def _readtoml_value(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: invalid TOML: {error}") from None
    except RecursionError:
        raise ConfigError(f"{path}: invalid TOML: nested too deeply to read") from None
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(f"{path}: cannot be read: {error}") from None


def read_config_file(path: Path) -> dict[str, Any]:
    """The newscli table of a configuration file (empty if it has none)."""
    data = _readtoml_value(path)
    if path.name == "pyproject.toml":
        table = data.get("tool", {}).get("newscli", {})
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
    cwd: Path,
    config_path: Path | None = None,
    isolated: bool = False,
    overrides: dict[str, Any] | None = None,
) -> Resolved:
    """Settings from the defaults, the configuration file, then command-line overrides."""
    config_file = None if isolated else (config_path or find_config_file(cwd))
    fields: dict[str, Any] = {}
    sources: dict[str, str] = {}
    base = cwd
    if config_file is not None:
        if not config_file.is_file():
            raise ConfigError(f"{config_file}: no such configuration file")
        base = config_file.absolute().parent
        table = read_config_file(config_file)
        origin = (
            f"{config_file} [tool.newscli]"
            if config_file.name == "pyproject.toml"
            else str(config_file)
        )
        fields = parse_table(table, base, origin)
        sources = {name: str(config_file) for name in table}
    for name, value in (overrides or {}).items():
        if value is None:
            continue
        key = KEYS[name]
        if name in ("ignore", "extend-select", "extend-exclude"):  # these add to the rest
            value = [*map(str, fields.get(key.field, ())), *value]
        fields.update(parse_table({name: value}, cwd, "command line"))
        sources[name] = "command line"
    if config_file is not None and "roots" not in fields:
        # The project is the configuration's folder, wherever in it (or outside) newscli runs.
        fields["roots"] = (base,)
    return Resolved(dataclasses.replace(Settings(base=base), **fields), sources, config_file)
