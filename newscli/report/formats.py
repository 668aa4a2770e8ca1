"""The lint output formats, by the name ``--output-format`` takes."""

from __future__ import annotations

from collections.abc import Callable
from typing import TextIO

from newscli.lint.results import LintReport
from newscli.report.github import write_github
from newscli.report.machine import write_json, write_json_lines, write_junit, write_sarif
from newscli.report.terminal import write_concise, write_full

REPORTERS: dict[str, Callable[[LintReport, TextIO], None]] = {
    "full": write_full,
    "concise": write_concise,
    "json": write_json,
    "json-lines": write_json_lines,
    "github": write_github,
    "sarif": write_sarif,
    "junit": write_junit,
}
