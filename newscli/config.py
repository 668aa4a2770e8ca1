"""Configuration files: finding them, checking every key, and resolving them into Settings.

newscli reads ``.newscli.toml``, ``newscli.toml`` (top-level keys) or the ``[tool.newscli]``
table of ``pyproject.toml``, in that order of preference, from the nearest folder at or above
the current one that has any of them.
"""

from __future__ import annotations

import dataclasses
import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

from newscli.findings import Severity
from newscli.rules import RULES
from newscli.settings import Settings
from newscli.text import closest

CONFIG_FILES = (".newscli.toml", "newscli.toml", "pyproject.toml")


class ConfigError(Exception):
    """A configuration that cannot be used; the message names the file, the key and the fix."""


@dataclass(frozen=True, slots=True)
class Key:
    """One configuration key: the Settings field it sets, how to read it, and its docs."""

    name: str
    field: str
    expected: str
    help: str
    parse: Callable[[Any, Path], Any]


def _strings(value: Any, base: Path) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise TypeError
    return tuple(value)


def _codes(value: Any, base: Path) -> tuple[str, ...]:
    codes = tuple(code.strip().upper() for code in _strings(value, base))
    for code in codes:
        _check_code(code)
    return tuple("NC" if code == "ALL" else code for code in codes)


def _check_code(code: str) -> None:
    if code != "ALL" and not any(rule.startswith(code) for rule in RULES):
        raise ValueError(f"{code!r} is not a rule code or a prefix of one (see `newscli rules`)")


def _paths(value: Any, base: Path) -> tuple[Path, ...]:
    return tuple(base / item for item in _strings(value, base))


def _path(value: Any, base: Path) -> Path:
    if not isinstance(value, str) or not value:
        raise TypeError
    return base / value


def _severities(value: Any, base: Path) -> dict[str, Severity]:
    if not isinstance(value, dict):
        raise TypeError
    result = {}
    for code, level in value.items():
        _check_code(code.upper())
        if level not in ("error", "warning"):
            raise ValueError(f'the severity of {code} must be "error" or "warning"')
        result[code.upper()] = Severity(level)
    return result


def _per_file(value: Any, base: Path) -> dict[str, tuple[str, ...]]:
    if not isinstance(value, dict):
        raise TypeError
    return {pattern: _codes(codes, base) for pattern, codes in value.items()}


_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}


def _duration(value: Any, base: Path) -> timedelta:
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return timedelta(seconds=value)
    match = re.fullmatch(r"(\d+)\s*([smhdw])", value.strip()) if isinstance(value, str) else None
    if match is None:
        raise TypeError
    return timedelta(seconds=int(match[1]) * _UNITS[match[2]])


_SIZES = {"": 1, "b": 1, "kb": 1000, "mb": 1000**2, "gb": 1000**3, "kib": 1024, "mib": 1024**2}


def _size(value: Any, base: Path) -> int:
    if isinstance(value, int) and not isinstance(value, bool) and value > 0:
        return value
    match = (
        re.fullmatch(r"(\d+)\s*([a-z]*)", value.strip().lower()) if isinstance(value, str) else None
    )
    if match is None or match[2] not in _SIZES or int(match[1]) == 0:
        raise TypeError
    return int(match[1]) * _SIZES[match[2]]


def _bounded(low: int, high: int) -> Callable[[Any, Path], int]:
    def parse(value: Any, base: Path) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise TypeError
        return value

    return parse


def _gravity(value: Any, base: Path) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 < value <= 10:
        raise TypeError
    return float(value)


_LIST = "a list of strings"
_CODES = 'a list of rule codes or prefixes, such as ["NC3", "NC105"]'
KEYS = {
    key.name: key
    for key in [
        Key(
            "roots",
            "roots",
            _LIST,
            "Content roots: linted when no path is given, and compared for duplicate sourceUrls.",
            _paths,
        ),
        Key(
            "exclude",
            "exclude",
            _LIST,
            "Globs of files and folders to skip. Without a `/`, a glob matches any part of a "
            "path (`drafts`, `*.draft.md`); with one, the path from the configuration's folder.",
            _strings,
        ),
        Key("select", "select", _CODES, "The rules to run.", _codes),
        Key("extend-select", "extend_select", _CODES, "Rules to run besides `select`.", _codes),
        Key(
            "ignore",
            "ignore",
            _CODES,
            "Rules not to run. The longest matching prefix among select and ignore decides; "
            "ignore wins a tie.",
            _codes,
        ),
        Key(
            "severity",
            "severity",
            'a table of codes to "error" or "warning"',
            'Severity per rule code or prefix, such as `{ NC302 = "error" }`.',
            _severities,
        ),
        Key(
            "per-file-ignores",
            "per_file_ignores",
            "a table of globs to lists of rule codes",
            "Rules not to run on the files a glob matches.",
            _per_file,
        ),
        Key(
            "categories",
            "categories",
            _LIST,
            "The allowed values of `category`.",
            _strings,
        ),
        Key(
            "types",
            "types",
            _LIST,
            "The allowed values of `type`.",
            _strings,
        ),
        Key(
            "topics",
            "topics",
            _LIST,
            "The topic vocabulary; empty means any topic is accepted.",
            _strings,
        ),
        Key(
            "tracking-parameters",
            "tracking_parameters",
            _LIST,
            "Query parameters (globs) that are tracking parameters.",
            _strings,
        ),
        Key(
            "future-tolerance",
            "future_tolerance",
            'a duration such as "0s", "90m" or "2h"',
            "How far in the future a date may be.",
            _duration,
        ),
        Key(
            "max-file-size",
            "max_file_size",
            'a size such as 1000000 or "10MB"',
            "Files larger than this are not read (NC011).",
            _size,
        ),
        Key(
            "max-depth",
            "max_depth",
            "a whole number from 1 to 1000",
            "How deep values may nest before a file is refused (NC010).",
            _bounded(1, 1000),
        ),
        Key(
            "max-values",
            "max_values",
            "a whole number from 1 to 10000000",
            "How many values a front matter may hold before it is refused (NC012).",
            _bounded(1, 10_000_000),
        ),
        Key(
            "static-folder",
            "static_folder",
            "a folder path",
            "The site's static folder: site-root image paths (`/assets/…`) must exist there and "
            "have the width and height their files really have.",
            _path,
        ),
        Key(
            "gravity",
            "gravity",
            "a number above 0, at most 10",
            "How fast a story loses rank as it ages in `newscli top` (see Ranking).",
            _gravity,
        ),
    ]
}


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
        # A pyproject.toml that does not parse is ours to report only if it meant to configure us.
        if "tool.newscli" in pyproject.read_text(encoding="utf-8", errors="replace"):
            raise
        return False


def _readtoml_value(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: invalid TOML: {error}") from None
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
        if name in ("ignore", "extend-select", "exclude"):  # these add to the configuration
            value = [*map(str, fields.get(key.field, ())), *value]
        fields.update(parse_table({name: value}, cwd, "command line"))
        sources[name] = "command line"
    return Resolved(dataclasses.replace(Settings(base=base), **fields), sources, config_file)


def _shown(value: Any) -> Any:
    """A default as a user would write it: relative paths stay relative."""
    if isinstance(value, tuple) and all(isinstance(item, Path) for item in value):
        return tuple(item.as_posix() for item in value)
    return value


def describe(resolved: Resolved) -> list[dict[str, str]]:
    """Each key's resolved value in TOML spelling, with where it came from."""
    rows = []
    for name, key in KEYS.items():
        value = getattr(resolved.settings, key.field)
        rows.append(
            {
                "key": name,
                "value": toml_value(value),
                "source": resolved.sources.get(name, "default"),
            }
        )
    return rows


def toml_value(value: Any) -> str:
    """A value as TOML spells it (\"none\" for an unset one)."""
    if value is None:
        return "none"
    if isinstance(value, timedelta):
        return f'"{int(value.total_seconds())}s"'
    if isinstance(value, tuple | list):
        return "[" + ", ".join(toml_value(item) for item in value) + "]"
    if isinstance(value, dict) and not value:
        return "{}"
    if isinstance(value, dict):
        return "{ " + ", ".join(f'"{k}" = {toml_value(v)}' for k, v in value.items()) + " }"
    if isinstance(value, Path | str):
        return '"' + str(value).replace("\\", "\\\\").replace('"', '\\"') + '"'
    return str(value)


def config_reference() -> str:
    """The README's table of configuration keys, made from KEYS so that the two never differ."""
    defaults = Settings()
    rows = [
        f"| `{key.name}` | `{toml_value(_shown(getattr(defaults, key.field)))}` | {key.help} |"
        for key in KEYS.values()
    ]
    return "| key | default | meaning |\n|---|---|---|\n" + "\n".join(rows) + "\n"
