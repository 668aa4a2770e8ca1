"""A links run: gather the URLs of the articles, take the fresh answers from the cache, ask the
web for the rest, then lint the articles with the link rules bound to those answers (fixing them
with lint's rewriter when asked)."""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from newscli.document.loader import read_document
from newscli.document.model import Document
from newscli.files.discovery import discover_names, locate
from newscli.findings import Finding, Severity
from newscli.fix.fixing import Outcome, fix_document
from newscli.links.cache import LinkCache
from newscli.lint.check import check_document, enabled_rules
from newscli.lint.results import LintReport, merged
from newscli.lint.run import Fixing, lint
from newscli.rules import Rule
from newscli.rules.base import Answered
from newscli.rules.images import IMAGE_FILE_MISSING
from newscli.rules.reachability import web_links
from newscli.settings import Settings
from newscli.web.answers import Answer, Verdict
from newscli.web.link_check import CheckLimits, LinkChecker
from newscli.web.routes import Reach

Progress = Callable[[int, int], None]


@dataclass(frozen=True, slots=True)
class LinkOptions:
    limits: CheckLimits = field(default_factory=CheckLimits)
    reach: Reach = field(default_factory=Reach)
    ca_file: Path | None = None
    include_amp_cache: bool = False  # cdnAmpUrl: derived, and Google's servers are not ours
    cache: LinkCache | None = None


@dataclass(slots=True)
class LinksReport:
    """The lint report of the link rules, and what the run asked and learned."""

    report: LintReport
    answers: dict[str, Answer]
    from_cache: int
    rate_limited: int  # hosts that asked to slow down
    seconds: float

    def count(self, verdict: Verdict) -> int:
        return sum(1 for answer in self.answers.values() if answer.verdict is verdict)


def merged_links(runs: list[LinksReport]) -> LinksReport:
    """One report of the runs over several projects."""
    answers = {url: answer for run in runs for url, answer in run.answers.items()}
    return LinksReport(
        merged([run.report for run in runs]),
        answers,
        sum(run.from_cache for run in runs),
        sum(run.rate_limited for run in runs),
        sum(run.seconds for run in runs),
    )


class Interrupted(Exception):
    """The run was stopped (Ctrl-C); ``learned`` answers were kept for the next one."""

    def __init__(self, learned: int) -> None:
        super().__init__(learned)
        self.learned = learned


def check_links(
    paths: list[Path],
    settings: Settings,
    options: LinkOptions,
    *,
    fixing: bool = False,
    write: bool = True,
    progress: Progress | None = None,
    nested: list[str] | None = None,
) -> LinksReport:
    """Check every link of the articles among ``paths`` (of one project); raises Interrupted
    on Ctrl-C. ``nested`` is given the folders below them that are projects of their own."""
    started = time.monotonic()
    urls = list(dict.fromkeys(_urls(paths, settings, options.include_amp_cache, nested)))
    cache = options.cache
    answers = cache.known(urls) if cache is not None else {}
    from_cache = len(answers)
    todo = [url for url in urls if url not in answers]
    checker = LinkChecker(options.limits, options.reach, options.ca_file)

    def answered(url: str, answer: Answer) -> None:
        answers[url] = answer
        if cache is not None:
            cache.put(url, answer)
        if progress is not None:
            progress(len(answers) - from_cache, len(todo))

    try:
        checker.check(todo, answered)
    except KeyboardInterrupt:
        raise Interrupted(len(answers) - from_cache) from None
    finally:
        if cache is not None:
            cache.save()
            cache.close()
    rules = link_rules(settings, answers)
    linting = Fixing(_fixer, write) if fixing else None
    report = lint(paths, settings, rules=rules, fixing=linting)
    seconds = time.monotonic() - started
    return LinksReport(report, answers, from_cache, len(checker.rate_limited), seconds)


def _urls(
    paths: list[Path], settings: Settings, include_amp_cache: bool, nested: list[str] | None
) -> Iterable[str]:
    names = discover_names(
        paths,
        settings.excluded,
        [],
        settings.within_roots,
        boundary=settings.is_other_project,
        nested=nested,
    )
    for absolute, display in locate(names):
        document = read_document(Path(absolute), settings, display)
        if document.data is None:
            continue  # lint's loading rules report it in the run that follows
        for pointer, url in web_links(document):
            if include_amp_cache or not pointer.endswith("/cdnAmpUrl"):
                yield url


def link_rules(settings: Settings, answers: Mapping[str, Answer]) -> list[Rule]:
    """The enabled link rules as checks of these answers, and the site-root images' rule
    (those are checked on disk, as lint does)."""
    rules = []
    for rule in enabled_rules(settings):
        answered = rule.answered
        if answered is not None:
            rules.append(_bound(rule, answered, answers))
        elif rule is IMAGE_FILE_MISSING:
            rules.append(rule)
    return rules


def _bound(rule: Rule, answered: Answered, answers: Mapping[str, Answer]) -> Rule:
    return dataclasses.replace(
        rule, check=lambda document, settings: answered(document, settings, answers), answered=None
    )


def _fixer(document: Document, settings: Settings, checks: list[Rule]) -> Outcome:
    """Lint's fix loop with the link rules, refused when the new URLs would make the article
    lint worse by lint's own rules (a move to another publisher's domain)."""
    outcome = fix_document(document, settings, checks=checks)
    if outcome.new_bytes is None:
        return outcome
    if _errors(check_document(outcome.document, settings)) > _errors(
        check_document(document, settings)
    ):
        refused = "the new URLs would make lint report errors; nothing was written"
        return Outcome(document, check_document(document, settings, checks), None, 0, refused)
    return outcome


def _errors(findings: list[Finding]) -> int:
    return sum(1 for finding in findings if finding.severity is Severity.ERROR)
