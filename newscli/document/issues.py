"""What loading can find wrong with a file, by kind: each kind is reported by one loading rule."""

from __future__ import annotations

from enum import StrEnum


class LoadIssue(StrEnum):
    NOT_UTF8 = "not-utf8"
    NO_FRONT_MATTER = "no-front-matter"
    UNTERMINATED = "unterminated-front-matter"
    YAML_SYNTAX = "yaml-syntax"
    NOT_A_MAPPING = "not-a-mapping"
    DUPLICATE_KEY = "duplicate-key"
    TAB_INDENTATION = "tab-indentation"
    ALIAS = "alias"
    TAG = "tag"
    TOO_DEEP = "too-deep"
    UNREADABLE = "unreadable"
    TOO_MANY_VALUES = "too-many-values"
    NUMBER_TOO_LARGE = "number-too-large"
