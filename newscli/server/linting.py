"""Linting an editor's buffer: the same engine, configuration and fixes as ``newscli lint``,
given the unsaved text as if it were the file at the document's path."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from newscli.config.projects import Projects
from newscli.config.resolution import ConfigError
from newscli.files.discovery import display_path
from newscli.findings import Finding
from newscli.fix.fixing import fixer
from newscli.lint.collection import source_in
from newscli.lint.results_cache import open_cache
from newscli.lint.run import Fixing, StdinFile, lint
from newscli.settings import Settings


@dataclass(frozen=True, slots=True)
class BufferLint:
    """What lint says of a buffer: its findings, or why the configuration could not be read."""

    findings: list[Finding]
    settings: Settings | None
    config_error: str | None = None


def settings_for(path: Path) -> Settings:
    """The settings ``newscli lint`` uses for the file at ``path``, found as it finds them:
    those of the file's project, wherever the editor was started. Raises ConfigError when
    the configuration cannot be read."""
    return Projects(path.parent).of(path).settings


def is_article(path: Path, settings: Settings) -> bool:
    """Whether lint would check the file at ``path``: inside a content root, not excluded."""
    return settings.within_roots(path) and not settings.is_excluded(str(path))


def lint_buffer(path: Path, text: str, others: Mapping[Path, str] | None = None) -> BufferLint:
    """The findings of ``text`` as the file at ``path``, compared with the collection on disk
    (through the results cache's index, as a pre-commit hook is) and with the ``others`` open
    buffers (path: text), whose unsaved text stands for their files."""
    try:
        settings = settings_for(path)
    except ConfigError as error:
        return BufferLint([], None, str(error))
    if not is_article(path, settings):
        return BufferLint([], settings)
    buffers = {}
    for other, other_text in (others or {}).items():
        if other == path or not is_article(other, settings):
            continue
        source = source_in(other_text, display_path(other))
        if source is not None:
            buffers[os.path.abspath(other)] = source
    cache = open_cache(settings)
    report = lint([], settings, stdin=_buffer(path, text), cache=cache, buffers=buffers)
    return BufferLint(report.findings.get(display_path(path), []), settings)


def fixed_text(path: Path, text: str) -> str | None:
    """``text`` with every safe fix applied, as ``newscli lint --fix`` would write it; None when
    nothing changes or the buffer is not an article that can be fixed."""
    try:
        settings = settings_for(path)
    except ConfigError:
        return None
    if not is_article(path, settings):
        return None
    fixing = Fixing(fixer(unsafe=False), write=False)
    report = lint([], settings, stdin=_buffer(path, text), fixing=fixing)
    if report.stdin_output is None:
        return None
    fixed = report.stdin_output.decode("utf-8", "replace")
    return None if fixed == text else fixed


def buffer_bytes(text: str) -> bytes:
    """An editor's buffer as the bytes of its file: a lone surrogate is kept (as bytes that
    are not UTF-8), so that it is reported as lint reports it in a file."""
    return text.encode("utf-8", "surrogatepass")


def _buffer(path: Path, text: str) -> StdinFile:
    return StdinFile(path, buffer_bytes(text), "the editor's text")
