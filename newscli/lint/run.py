"""The lint run: check each file (from the cache, in workers, or fixing it first), then compare
the collection and apply the suppression comments."""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from newscli.document.edits import encode
from newscli.document.loader import parse_document, read_document, unreadable
from newscli.document.model import Document, split_lines
from newscli.document.source import Source
from newscli.files.discovery import discover_names, display_path, locate
from newscli.files.writing import RewriteError, write_atomically
from newscli.lint.check import (
    applies,
    bounded,
    check_file,
    enabled_checks,
    enabled_rules,
    file_result,
    to_finding,
)
from newscli.lint.collection import scan_source
from newscli.lint.collection_index import indexed_collection
from newscli.lint.results import FileFix, FileResult, Fixer, LintReport
from newscli.lint.results_cache import ResultsCache
from newscli.lint.workers import check_paths
from newscli.rules import Rule
from newscli.rules.suppression import Suppression, apply_suppressions
from newscli.settings import Settings

INDEXED = "others compared through the index"
SCANNED = "others read for the collection"  # from the disk, or the cache when unchanged
DAMAGED = "results cache damaged, ignored and rebuilt"


@dataclass(frozen=True, slots=True)
class StdinFile:
    """Text read from standard input, linted as if it were the file at ``path``."""

    path: Path
    content: bytes
    origin: str = "standard input"  # what the text is, in the message when it is too large


@dataclass(frozen=True, slots=True)
class Fixing:
    """Fix each file before it is checked; ``write`` the results, or only report them."""

    fixer: Fixer
    write: bool


@dataclass(slots=True)
class _Run:
    """What a lint run keeps while it runs: each file's result, then the collection's."""

    settings: Settings
    report: LintReport = field(default_factory=LintReport)
    linted: set[str] = field(default_factory=set)
    sources: list[Source] = field(default_factory=list)
    suppressions: dict[str, list[Suppression]] = field(default_factory=dict)
    excerpts: dict[str, dict[int, str]] = field(default_factory=dict)  # of suppressed files

    def __post_init__(self) -> None:
        self.report.docs_url = self.settings.docs_url

    def add(self, result: FileResult) -> None:
        # Only files with findings are kept in the report: a run may see 100,000 files.
        self.report.files += 1
        if result.tally:
            self.report.tally.update(result.tally)
        self.linted.add(result.path)
        if result.findings:
            self.report.findings[result.path] = list(result.findings)
        for finding in result.findings:
            if finding.line in result.excerpts:  # a file that could not be read has no lines
                self.report.excerpts[(result.path, finding.line)] = result.excerpts[finding.line]
        if result.suppressions:
            self.suppressions[result.path] = result.suppressions
            self.excerpts[result.path] = result.excerpts
        if result.source is not None:
            self.sources.append(result.source)

    def finish(self, collection: Iterable[Source], rules: list[Rule]) -> LintReport:
        findings = self.report.findings
        sources = [*self.sources, *collection]
        for rule in rules:
            if rule.compare is None:
                continue
            for display, problem in rule.compare(sources, self.linted, self.settings):
                problem = dataclasses.replace(problem, code=rule.code)
                if applies(problem, display, self.settings):
                    finding = to_finding(Document(display, []), problem, self.settings)
                    findings.setdefault(display, []).append(finding)
                    findings[display].sort()
                    self._excerpt(display, finding.line)
        ran = {rule.code for rule in rules}
        for display, suppressions in self.suppressions.items():
            kept, unused = apply_suppressions(
                findings.get(display, []), suppressions, self.settings, display, ran
            )
            for problem in unused:
                if applies(problem, display, self.settings):
                    kept.append(to_finding(Document(display, []), problem, self.settings))
                    self._excerpt(display, problem.line or 1)
            findings[display] = bounded(sorted(kept))
        # By path, then line: a file whose only finding came from the collection is in its place.
        self.report.findings = {path: findings[path] for path in sorted(findings) if findings[path]}
        return self.report

    def _excerpt(self, display: str, line: int) -> None:
        known = self.excerpts.get(display, {})
        text = known[line] if line in known else _source_line(display, line)
        self.report.excerpts[(display, line)] = text


def _stdin_document(stdin: StdinFile, settings: Settings) -> Document:
    """Standard input as a document, within the same size limit as a file."""
    display, limit = display_path(stdin.path), settings.max_file_size
    if len(stdin.content) > limit:
        return unreadable(display, f"{stdin.origin} holds more than the limit of {limit:,} bytes")
    return parse_document(display, stdin.content, settings)


def empty_folders(paths: list[Path], located: list[tuple[str, str]]) -> list[str]:
    """The folders among ``paths`` that hold no article file to lint, as the user wrote them."""
    empty = []
    for path in paths:
        if os.path.isdir(path):
            prefix = os.path.abspath(path).rstrip(os.sep) + os.sep
            if not any(absolute.startswith(prefix) for absolute, _ in located):
                empty.append(display_path(path))
    return empty


def _source_line(display: str, line: int) -> str:
    """A line of a file, read again: for the rare finding whose line was not kept."""
    try:
        text = Path(os.path.abspath(display)).read_bytes().decode("utf-8", "replace")
    except OSError:
        return ""
    lines = split_lines(text)
    return lines[line - 1] if 0 < line <= len(lines) else ""


def lint(
    paths: Iterable[Path],
    settings: Settings,
    *,
    stdin: StdinFile | None = None,
    fixing: Fixing | None = None,
    jobs: int = 1,
    cache: ResultsCache | None = None,
    progress: Callable[[int, int], None] | None = None,
    buffers: Mapping[str, Source] | None = None,
    rules: list[Rule] | None = None,
    nested: list[str] | None = None,
) -> LintReport:
    """Lint the article files among ``paths`` (and standard input, if given), comparing them
    with every article under the content roots. The paths are those of one project, as
    ``Projects.assign`` chose them: each is checked, whether in the content roots or not.

    With ``fixing``, each file is fixed before it is checked, and written back if asked (never
    standard input). ``jobs`` above 1 checks many files in worker processes; ``cache`` reuses
    the results of files that have not changed. Neither changes the report, its order included.
    ``buffers`` (absolute path: source) are files whose current text is elsewhere, such as an
    editor's other open buffers: the collection sees those sources instead of the files'.
    ``rules`` replace the enabled ones (``newscli links`` runs its own): those are checked
    in this process, and never with the cache, which holds the enabled rules' results.
    ``nested`` is given the folders below ``paths`` that are projects of their own, which
    this run leaves to their own settings.
    """
    paths = list(paths)
    run = _Run(settings)
    given = None if rules is None else [rule for rule in rules if rule.check is not None]
    if rules is None:
        rules = enabled_rules(settings)
    else:
        cache, jobs = None, 1
    checks = enabled_checks(settings) if given is None else given
    unwalkable: list[tuple[str, str]] = []
    walked_roots = _covers_roots(paths, settings)  # then every file under the roots is seen
    folders: dict[str, int] = {}
    # Plain strings: a Path for each of 100,000 files would cost more than a cached run.
    targets = discover_names(
        paths,
        settings.excluded,
        unwalkable,
        settings.within_roots,
        folders if walked_roots else None,
        settings.is_other_project,
        nested,
    )
    located = locate(targets)
    run.report.empty = empty_folders(paths, located)
    for where, reason in unwalkable:  # an unreadable folder or a link out of the roots
        run.add(check_file(unreadable(display_path(where), reason), settings, checks))
    linted: set[str] = set()
    if stdin is not None:
        document = _stdin_document(stdin, settings)
        if fixing is None:
            run.add(check_file(document, settings, checks))
        else:
            run.add(_fix(None, document, settings, checks, fixing, run.report))
        linted.add(os.path.abspath(stdin.path))
    if fixing is not None:
        for done, (path, (_, display)) in enumerate(zip(targets, located, strict=True), 1):
            document = read_document(Path(path), settings, display)
            run.add(_fix(Path(path), document, settings, checks, fixing, run.report))
            if progress:
                progress(done, len(targets))
    else:
        total = len(targets)
        advance = (lambda done: progress(done, total)) if progress else None
        for result in check_paths(
            targets, located, settings, jobs, cache, run.report.tally, advance, walked_roots, given
        ):
            run.add(result)
    linted.update(absolute for absolute, _ in located)
    unsaved = [source for path, source in (buffers or {}).items() if path not in linted]
    linted.update(buffers or {})
    collection: list[Source] = []
    if any(rule.compare is not None for rule in rules) and not walked_roots:
        indexed = (
            None if cache is None else indexed_collection(cache, run.sources, linted, settings)
        )
        if indexed is None:  # no index yet: every other file under the roots is scanned
            indexed = _scan_collection(settings, linted, cache, folders, run.report)
            walked_roots = True
        else:
            run.report.tally[INDEXED] += len(indexed)
        collection = indexed
    if cache is not None:
        if walked_roots:
            cache.walked(folders)
        cache.save(prune=walked_roots, linted=linted)
        if cache.store.damaged:
            run.report.tally[DAMAGED] = 1
    return run.finish([*collection, *unsaved], rules)


def _covers_roots(paths: list[Path], settings: Settings) -> bool:
    named = {os.path.abspath(path) for path in paths}
    return all(os.path.abspath(root) in named for root in settings.roots)


def _scan_collection(
    settings: Settings,
    linted: set[str],
    cache: ResultsCache | None,
    folders: dict[str, int],
    report: LintReport,
) -> list[Source]:
    """The ``sourceUrl`` of every article under the roots but those in ``linted``."""
    others = discover_names(
        settings.roots,
        settings.excluded,
        within=settings.within_roots,
        folders=folders,
        boundary=settings.is_other_project,
    )
    if cache is not None:
        cache.load_all()
    collection = []
    limit = settings.max_file_size
    for absolute, display in locate(others):
        if absolute not in linted:
            report.tally[SCANNED] += 1
            other = (
                cache.scanned(absolute, display, limit)
                if cache
                else scan_source(Path(absolute), display, limit)
            )
            if other is not None:
                collection.append(other)
    return collection


def _fix(
    path: Path | None,
    document: Document,
    settings: Settings,
    checks: list[Rule],
    fixing: Fixing,
    report: LintReport,
) -> FileResult:
    """Fix one document, write it if asked, and give the result of the text that stands."""
    outcome = fixing.fixer(document, settings, checks)
    if path is None:  # standard input: the fixed text goes back to standard output
        report.stdin_output = outcome.new_bytes or encode(document, document.text)
    if outcome.refused:
        failure = f"{document.path}: {outcome.refused}"
        report.fixes.append(FileFix(document.path, document.text, document.text, 0, failure))
    if outcome.new_bytes is None:
        return file_result(outcome.document, settings, outcome.findings, checks)
    if fixing.write and path is not None:
        try:
            original = encode(document, document.text)
            write_atomically(path, outcome.new_bytes, document.path, expected=original)
        except RewriteError as error:
            report.fixes.append(FileFix(document.path, document.text, document.text, 0, str(error)))
            return check_file(document, settings, checks)
    fixed = FileFix(document.path, document.text, outcome.document.text, outcome.applied)
    report.fixes.append(fixed)
    return file_result(outcome.document, settings, outcome.findings, checks)
