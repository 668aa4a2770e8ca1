"""Colour as the ecosystem expects: ``--color never`` and ``NO_COLOR`` give plain text with no
escape at all (no bold, no links), ``--color always`` and ``FORCE_COLOR`` colour a pipe, and
otherwise a terminal is coloured. Every rich console newscli prints with comes from here."""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from rich.console import Console


@dataclass(slots=True)
class ColourChoice:
    mode: str = "auto"  # auto, always or never; set by --color


colour = ColourChoice()


def wants_colour(out: TextIO) -> bool:
    """Whether output to ``out`` is styled at all."""
    if colour.mode != "auto":
        return colour.mode == "always"
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    isatty = getattr(out, "isatty", None)
    return bool(isatty and isatty())


def make_console(out: TextIO, **options: object) -> Console:
    """A console that writes article text as data (no markup, emoji or highlighting), styled
    only when ``wants_colour`` says so."""
    from rich.console import Console

    styled = wants_colour(out)
    return Console(
        file=out,
        highlight=False,
        markup=False,
        emoji=False,
        force_terminal=styled,
        color_system="auto" if styled else None,
        **options,  # type: ignore[arg-type]
    )
