"""The options commands share, and the objects that group them: the configuration to use, the
story filters of list, top and stats, and --verbose, which works anywhere on the line."""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer


@dataclass(slots=True)
class Verbosity:
    verbose: bool = False


verbosity = Verbosity()  # set by --verbose wherever it stands; read when reporting


def _set_verbose(value: bool) -> bool:
    if value:
        verbosity.verbose = True
    return value


class ColourMode(StrEnum):
    auto = "auto"
    always = "always"
    never = "never"


def _set_colour(value: ColourMode | None) -> ColourMode | None:
    from newscli.console import colour

    if value is not None:
        colour.mode = value.value
    return value


ColourOption = Annotated[
    ColourMode | None,
    typer.Option(
        "--color",
        callback=_set_colour,
        metavar="WHEN",
        help="Colour: auto (a terminal, unless NO_COLOR; FORCE_COLOR colours a pipe), always "
        "or never.",
    ),
]
VerboseOption = Annotated[
    bool,
    typer.Option(
        "--verbose",
        callback=_set_verbose,
        help="Show details: the work a run did, and a traceback on internal errors.",
    ),
]
ConfigOption = Annotated[
    Path | None,
    typer.Option(
        "--config",
        help="Use this configuration file.",
        dir_okay=False,
        rich_help_panel="Configuration",
    ),
]
IsolatedOption = Annotated[
    bool,
    typer.Option(
        "--isolated", help="Ignore every configuration file.", rich_help_panel="Configuration"
    ),
]


@dataclass(frozen=True, slots=True, kw_only=True)
class ConfigChoice:
    """Which configuration a command uses: a named file, none at all, or the nearest one."""

    config: Path | None = None
    isolated: bool = False


def config_options(config: ConfigOption = None, isolated: IsolatedOption = False) -> None:
    """The options that make a ConfigChoice, declared once for every command."""


Command = Callable[..., None]


def grouped(
    parameter: str, build: Callable[..., Any], declared: Callable[..., None]
) -> Callable[[Command], Command]:
    """Give a command the options ``declared`` lists, in the place of its keyword-only
    ``parameter``, which receives one value built from them (``build(**options)``). A trailing
    underscore, which keeps a name such as ``type_`` off a builtin, is dropped from the field."""
    extra = list(inspect.signature(declared, eval_str=True).parameters.values())
    names = {option.name: option.name.rstrip("_") for option in extra}

    def decorate(command: Command) -> Command:
        own = list(inspect.signature(command, eval_str=True).parameters.values())
        at = [option.name for option in own].index(parameter)
        options = [
            option.replace(kind=inspect.Parameter.KEYWORD_ONLY)
            for option in [*own[:at], *extra, *own[at + 1 :]]
        ]

        @functools.wraps(command)
        def run(**values: Any) -> None:
            group = build(**{names[name]: values.pop(name) for name in names})
            command(**values, **{parameter: group})

        run.__signature__ = inspect.Signature(options)  # type: ignore[attr-defined]
        run.__annotations__ = {option.name: option.annotation for option in options}
        return run

    return decorate


class ViewFormat(StrEnum):
    table = "table"
    tsv = "tsv"
    csv = "csv"
    json = "json"
    jsonl = "jsonl"
    paths = "paths"


class SortKey(StrEnum):
    date = "date"
    quality = "quality"
    heat = "heat"
    by_title = "title"  # a member named "title" would hide str.title
    score = "score"


class RankKey(StrEnum):
    score = "score"
    quality = "quality"
    heat = "heat"


class StatsFormat(StrEnum):
    table = "table"
    json = "json"


PathsArgument = Annotated[
    list[Path] | None, typer.Argument(help="Article files or folders (default: the content roots).")
]
TopicOption = Annotated[
    list[str] | None, typer.Option("--topic", help="Keep stories with any of these topics.")
]
ProviderOption = Annotated[
    str | None, typer.Option(help="Keep stories from this provider (domain or name).")
]
CategoryOption = Annotated[str | None, typer.Option(help="Keep stories of this category.")]
TypeOption = Annotated[str | None, typer.Option("--type", help="Keep stories of this type.")]
SinceOption = Annotated[
    str | None,
    typer.Option(help="Published at or after: 2024-05-14, an ISO date-time, 24h, 7d, 4w."),
]
UntilOption = Annotated[str | None, typer.Option(help="Published at or before (same forms).")]
MinQualityOption = Annotated[
    int | None, typer.Option(help="Keep stories of at least this quality.")
]
AllOption = Annotated[bool, typer.Option("--all", help="Published and unpublished stories.")]
UnpublishedOption = Annotated[bool, typer.Option("--unpublished", help="Unpublished stories only.")]
NowOption = Annotated[
    str | None, typer.Option(help="The reference time (ISO date-time), for reproducible runs.")
]
LimitOption = Annotated[int | None, typer.Option(min=0, help="Show at most this many stories.")]
FormatOption = Annotated[
    ViewFormat | None,
    typer.Option(
        "--output-format",
        metavar="FORMAT",
        help="table, tsv, csv, json, jsonl or paths (default: table on a terminal, tsv when "
        "piped).",
    ),
]
StrictOption = Annotated[bool, typer.Option("--strict", help="Exit 1 if any file was skipped.")]


@dataclass(frozen=True, slots=True, kw_only=True)
class StoryOptions:
    """The story filters of list, top and stats, as typed: times are read against ``now``."""

    topic: list[str] | None = None
    provider: str | None = None
    category: str | None = None
    type: str | None = None
    since: str | None = None
    until: str | None = None
    min_quality: int | None = None
    all: bool = False
    unpublished: bool = False
    now: str | None = None


def story_options(
    topic: TopicOption = None,
    provider: ProviderOption = None,
    category: CategoryOption = None,
    type_: TypeOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    min_quality: MinQualityOption = None,
    all_: AllOption = False,
    unpublished: UnpublishedOption = False,
    now: NowOption = None,
) -> None:
    """The options that make a StoryOptions, declared once for list, top and stats."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Selection:
    """Which rules run and where, as the command line sets them."""

    select: list[str] | None = None
    extend_select: list[str] | None = None
    ignore: list[str] | None = None
    exclude: list[str] | None = None
    root: list[Path] | None = None

    def overrides(self) -> dict[str, object]:
        """The configuration keys these options set (``None``: not given)."""
        return {
            "select": _codes(self.select),
            "extend-select": _codes(self.extend_select),
            "ignore": _codes(self.ignore),
            "extend-exclude": self.exclude,
            "roots": [str(path) for path in self.root] if self.root else None,
        }


def rule_codes(incomplete: str) -> list[tuple[str, str]]:
    """Shell completion of a rule code, or of the last of comma-separated ones: the codes that
    start as typed, each with its name."""
    from newscli.rules import RULES

    done, comma, typed = incomplete.rpartition(",")
    before = f"{done}{comma}"
    return [
        (f"{before}{code}", rule.name)
        for code, rule in RULES.items()
        if code.startswith(typed.upper())
    ]


def _codes(values: list[str] | None) -> list[str] | None:
    """Codes from repeated and comma-separated options: --select NC1,NC3 --select NC501."""
    if values is None:
        return None
    return [code.strip() for value in values for code in value.split(",") if code.strip()]


def selection_options(
    select: Annotated[
        list[str] | None,
        typer.Option(
            help="Run only these rules (codes or prefixes); replaces the configured select.",
            rich_help_panel="Selection",
            autocompletion=rule_codes,
        ),
    ] = None,
    extend_select: Annotated[
        list[str] | None,
        typer.Option(
            help="Run these rules too (codes or prefixes).",
            rich_help_panel="Selection",
            autocompletion=rule_codes,
        ),
    ] = None,
    ignore: Annotated[
        list[str] | None,
        typer.Option(
            help="Do not run these rules (codes or prefixes).",
            rich_help_panel="Selection",
            autocompletion=rule_codes,
        ),
    ] = None,
    exclude: Annotated[
        list[str] | None,
        typer.Option(
            help="Skip the paths these globs match, besides the configured ones.",
            rich_help_panel="Selection",
        ),
    ] = None,
    root: Annotated[
        list[Path] | None,
        typer.Option(
            help="A content root, instead of the configured roots (repeatable).",
            rich_help_panel="Selection",
        ),
    ] = None,
) -> None:
    """The options that choose the rules and files (lint's, also shown by config), declared once."""


with_config = grouped("choice", ConfigChoice, config_options)
with_selection = grouped("selection", Selection, selection_options)
with_story_options = grouped("options", StoryOptions, story_options)
