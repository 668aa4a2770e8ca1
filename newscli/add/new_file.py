"""Writing the new article: a file name from the provider and title, checked by lint as the file
it will be (it must have no errors and no twin in the collection), then written whole, never
over another file."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path
from typing import Any

from newscli.add.article import AddError, front_matter
from newscli.files.discovery import display_path
from newscli.files.writing import RewriteError, write_new
from newscli.findings import Severity
from newscli.lint.results_cache import open_cache
from newscli.lint.run import StdinFile, lint
from newscli.rules.collection import DUPLICATE_SOURCE_URL
from newscli.settings import Settings

MAX_SLUG = 60
_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return _NOT_SLUG.sub("-", ascii_text.lower()).strip("-")[:MAX_SLUG].rstrip("-") or "article"


def article_path(fields: dict[str, Any], folder: Path) -> Path:
    """A name no file has yet: the provider's and the title's slugs, numbered when taken (two
    stories may share a title)."""
    stem = f"{slug(str(fields['provider']['name']))}-{slug(str(fields['title']))}"
    path, number = folder / f"{stem}.md", 1
    while path.exists() or path.is_symlink():
        number += 1
        path = folder / f"{stem}-{number}.md"
    return path


def checked_text(fields: dict[str, Any], path: Path, settings: Settings) -> str:
    """The article's text, once lint (with the collection) finds no error in it as ``path``;
    raises AddError naming the twin, or the first errors."""
    text = front_matter(fields)
    cache = open_cache(settings)
    report = lint([], settings, stdin=StdinFile(path, text.encode("utf-8")), cache=cache)
    findings = report.findings.get(display_path(path), [])
    for finding in findings:
        if finding.code == DUPLICATE_SOURCE_URL.code:
            raise AddError(f"{fields['sourceUrl']} is already in the collection: {finding.message}")
    errors = [f for f in findings if f.severity is Severity.ERROR]
    if errors:
        shown = "; ".join(f"{f.code} {f.message}" for f in errors[:3])
        raise AddError(f"the article would not pass lint: {shown}")
    return text


def write_article(text: str, path: Path) -> None:
    if path.exists():
        raise AddError(f"{display_path(path)}: already exists; it is not overwritten")
    try:
        write_new(path, text.encode("utf-8"), display_path(path))
    except RewriteError as error:
        raise AddError(str(error)) from None
