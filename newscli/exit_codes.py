"""The exit codes every command uses, as ruff and yamllint do."""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    OK = 0
    FINDINGS = 1  # findings, fixes that failed, files skipped (--strict), changes (--check)
    USAGE = 2  # a usage or configuration error, or an internal error
    INTERRUPTED = 130  # Ctrl-C, as a shell reports SIGINT
