"""Which files configure newscli, and so which folders are projects of their own.

A folder is a newscli project when it holds ``.newscli.toml``, ``newscli.toml`` or a
``pyproject.toml`` with a ``[tool.newscli]`` table, in that order of preference.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Collection
from typing import Any

CONFIG_FILES = (".newscli.toml", "newscli.toml", "pyproject.toml")
_TABLE = "tool.newscli"


class ConfigError(Exception):
    """A configuration that cannot be used; the message names the file, the key and the fix."""


def read_toml(path: str) -> dict[str, Any]:
    """A TOML file's data; ConfigError says why it cannot be had."""
    try:
        with open(path, encoding="utf-8") as file:
            return tomllib.loads(file.read())
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: invalid TOML: {error}") from None
    except RecursionError:
        raise ConfigError(f"{path}: invalid TOML: nested too deeply to read") from None
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(f"{path}: cannot be read: {error}") from None


def config_in(folder: str, names: Collection[str] | None = None) -> str | None:
    """The configuration file of ``folder``, if it has one. ``names``, when given, are the
    folder's entries as a walk already listed them: nothing else is asked of the disk unless a
    ``pyproject.toml`` is among them. Raises ConfigError for a ``pyproject.toml`` that means to
    configure newscli but cannot be read."""
    for name in CONFIG_FILES:
        if names is not None and name not in names:
            continue
        candidate = os.path.join(folder, name)
        if not os.path.isfile(candidate):
            continue
        if name != "pyproject.toml" or _has_table(candidate):
            return candidate
    return None


def is_project(folder: str, names: Collection[str]) -> bool:
    """Whether a folder a walk meets is a project of its own (one whose configuration cannot be
    read still is: it meant to be one)."""
    try:
        return config_in(folder, names) is not None
    except ConfigError:
        return True


def _has_table(pyproject: str) -> bool:
    try:
        tool = read_toml(pyproject).get("tool")
        return isinstance(tool, dict) and "newscli" in tool
    except ConfigError:
        # A pyproject.toml that cannot be read or parsed is ours to report only if it meant to
        # configure us; another project's broken or unreadable one is passed by.
        try:
            with open(pyproject, encoding="utf-8", errors="replace") as file:
                text = file.read()
        except OSError:
            return False
        if _TABLE in text:
            raise
        return False
