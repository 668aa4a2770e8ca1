"""Every configuration key: the Settings field it sets, how its value is read and checked, and
its documentation."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

from newscli.files.reading import Unreadable, read_file
from newscli.findings import Severity
from newscli.rules import RULES
from newscli.schema_extension import MAX_BYTES, ExtensionError, SchemaExtension, parse_extension


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


def load_extension(path: Path) -> SchemaExtension:
    """The extension at ``path``, read (a regular file of a bounded size, never a FIFO) and
    checked; ExtensionError says why it cannot be used."""
    read = read_file(path, MAX_BYTES)
    if isinstance(read, Unreadable):
        reason = read.reason.removeprefix("the file ").removeprefix("the path ")
        raise ExtensionError(f"{path}: {reason}")
    return parse_extension(path, read.data)


def _extension(value: Any, base: Path) -> SchemaExtension:
    try:
        return load_extension(_path(value, base))
    except ExtensionError as error:
        raise ValueError(str(error)) from None


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


_LONGEST = timedelta(days=36_500)  # a century: longer is a typo, and overflows date arithmetic


def duration(value: Any, base: Path) -> timedelta:
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        seconds = value
    else:
        text = value.strip() if isinstance(value, str) else ""
        match = re.fullmatch(r"([0-9]+)\s*([smhdw])", text)
        if match is None:
            raise TypeError
        seconds = int(match[1]) * _UNITS[match[2]]
    if seconds > _LONGEST.total_seconds():
        raise ValueError('is longer than a century; write a duration such as "2h"')
    return timedelta(seconds=seconds)


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


def _text(value: Any, base: Path) -> str:
    if not isinstance(value, str) or not value.strip() or any(c.isspace() for c in value):
        raise TypeError
    return value


def _zone_name(value: Any, base: Path) -> str:
    """A time zone as `newscli add` reads it: an IANA name (Europe/Berlin), UTC, or +hh:mm."""
    from newscli.zones import time_zone

    if not isinstance(value, str) or time_zone(value) is None:
        raise TypeError
    return value


def _routes(value: Any, base: Path) -> tuple[str, ...]:
    from newscli.web.routes import connect_to

    texts = _strings(value, base)
    for text in texts:
        connect_to(text)  # a ValueError says which one is wrong
    return texts


FEED_KEYS = ("title", "link", "self-link", "description", "language")
_LANGUAGE = re.compile(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*")


def feed_value(name: str, value: Any) -> str:
    """One value of the feed's description, checked: raises ValueError saying what is wrong."""
    from newscli.urls import url_problem

    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"{name} must be a text")
    if name in ("link", "self-link") and (problem := url_problem(value)) is not None:
        raise ValueError(f"{name} {value!r} {problem}")
    if name == "language" and not _LANGUAGE.fullmatch(value):
        raise ValueError(f"language {value!r} is not a language tag such as en or en-GB")
    return value


def _feed(value: Any, base: Path) -> dict[str, str]:
    if not isinstance(value, dict):
        raise TypeError
    unknown = [name for name in value if name not in FEED_KEYS]
    if unknown:
        raise ValueError(f"unknown key {unknown[0]!r}; known keys: {', '.join(FEED_KEYS)}")
    return {name: feed_value(name, item) for name, item in value.items()}


def _flag(value: Any, base: Path) -> bool:
    if not isinstance(value, bool):
        raise TypeError
    return value


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
            "Content roots: the project's articles, linted when no path is given and compared "
            "for duplicate sourceUrls; a named file outside them is not checked. Relative to "
            "the project root; `.` is the project root itself.",
            _paths,
        ),
        Key(
            "exclude",
            "exclude",
            _LIST,
            "Globs of files and folders to skip. Without a `/`, a glob matches any part of a "
            "path (`drafts`, `*.draft.md`); with one, the path from the configuration's folder. "
            "The default skips a repository's own documentation (README.md, CHANGELOG.md, "
            "LICENSE.md, CONTRIBUTING.md and the like, and `docs/`); setting it replaces that.",
            _strings,
        ),
        Key(
            "extend-exclude",
            "extend_exclude",
            _LIST,
            "Globs to skip besides `exclude`.",
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
            duration,
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
            "extend-schema",
            "extend_schema",
            "the path of a JSON Schema file",
            "A JSON Schema (2020-12) of the keys the site adds to the article format, and of "
            "tighter rules for its own keys: relative to the project root. Declared keys are "
            "known keys; their values are checked by NC108 (see Site keys).",
            _extension,
        ),
        Key(
            "gravity",
            "gravity",
            "a number above 0, at most 10",
            "How fast a story loses rank as it ages in `newscli top` (see Ranking).",
            _gravity,
        ),
        Key(
            "docs-url",
            "docs_url",
            "a URL or a path",
            "Where the rule pages are: each finding of the machine formats links to its rule's "
            "section there (`URL#nc401-cdn-amp-url-mismatch`).",
            _text,
        ),
        Key(
            "timezone",
            "timezone",
            'a time zone, such as "Europe/Berlin" or "+02:00"',
            "The zone `newscli add` reads a page's publication time in when the page gives it "
            "without an offset (`--timezone` overrides it); without one, such a time is refused.",
            _zone_name,
        ),
        Key(
            "connect-to",
            "connect_to",
            'a list of "HOST:PORT:ADDRESS:PORT2"',
            "Where `newscli add` and `newscli links` connect for a host, as curl's "
            "`--connect-to` (a staging server): the URL, the Host header and the TLS name stay "
            "HOST's. `--connect-to` adds to these.",
            _routes,
        ),
        Key(
            "ca-file",
            "ca_file",
            "a file of PEM certificates",
            "A certificate authority `newscli add` and `newscli links` trust besides the "
            "system's (`--ca-file` overrides it).",
            _path,
        ),
        Key(
            "allow-private-addresses",
            "allow_private_addresses",
            "true or false",
            "Let `newscli add` and `newscli links` connect to loopback, private-network, "
            "link-local (a cloud's metadata service), unique-local, multicast and unspecified "
            "addresses that a page, a redirect or a name leads to; refused by default, except "
            "where `connect-to` points (`--allow-private-addresses` does the same).",
            _flag,
        ),
        Key(
            "feed",
            "feed",
            "a table of title, link, self-link, description and language",
            "What `newscli feed` says of the feed: its `title`, the `link` of the site it "
            "describes, its own URL (`self-link`), a `description` and a `language` tag "
            "(`[tool.newscli.feed]`, or `[feed]` in newscli.toml); the options of the same "
            "names override them.",
            _feed,
        ),
    ]
}
