"""Showing configuration: each key's value in TOML spelling with its origin, and the README's
reference table of keys."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

from newscli.config.keys import KEYS
from newscli.config.resolution import Resolved
from newscli.schema_extension import SchemaExtension
from newscli.settings import Settings


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


def json_value(value: Any) -> Any:
    """A value as JSON holds it: lists, tables, numbers, text, and null for an unset one."""
    if isinstance(value, timedelta):
        return f"{int(value.total_seconds())}s"
    if isinstance(value, tuple | list):
        return [json_value(item) for item in value]
    if isinstance(value, dict):
        return {str(k): json_value(v) for k, v in value.items()}
    if isinstance(value, Path):
        return str(value)
    if isinstance(value, str) or value is None or isinstance(value, bool | int | float):
        return value
    return str(value)


def describe_data(resolved: Resolved) -> list[dict[str, Any]]:
    """``describe`` with each value as JSON data rather than TOML text."""
    return [
        {
            "key": name,
            "value": json_value(getattr(resolved.settings, key.field)),
            "source": resolved.sources.get(name, "default"),
        }
        for name, key in KEYS.items()
    ]


def toml_value(value: Any) -> str:
    """A value as TOML spells it (\"none\" for an unset one)."""
    if value is None:
        return "none"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, timedelta):
        return f'"{int(value.total_seconds())}s"'
    if isinstance(value, tuple | list):
        return "[" + ", ".join(toml_value(item) for item in value) + "]"
    if isinstance(value, dict) and not value:
        return "{}"
    if isinstance(value, dict):
        return "{ " + ", ".join(f'"{k}" = {toml_value(v)}' for k, v in value.items()) + " }"
    if isinstance(value, Path | str | SchemaExtension):
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
