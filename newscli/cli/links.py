"""``newscli links``: ask the web for every URL of the articles, report what is gone, failing
or moved in lint's formats, and with --fix write the moves and drop the dead AMP pages."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from newscli.cli.app import app
from newscli.cli.common import assigned, count, each_project, note, projects
from newscli.cli.lint import (
    ExitZeroOption,
    FormatOption,
    LintFormat,
    QuietOption,
    StrictOption,
    print_diffs,
    print_report,
)
from newscli.cli.options import (
    ColourOption,
    ConfigChoice,
    PathsArgument,
    Selection,
    VerboseOption,
    with_config,
    with_selection,
)
from newscli.cli.web_access import (
    CaFileOption,
    ConnectToOption,
    PrivateOption,
    authority_of,
    reach_of,
)
from newscli.exit_codes import ExitCode

if TYPE_CHECKING:
    from newscli.config.projects import Project
    from newscli.links.cache import LinkCache
    from newscli.links.run import LinksReport
    from newscli.settings import Settings
    from newscli.web.routes import Routes

_CHECKING = "Checking links"
_WEB = "Web"


def _age(text: str) -> timedelta:
    from newscli.config.keys import duration

    try:
        return duration(text, Path("."))
    except (TypeError, ValueError):
        raise typer.BadParameter(f"{text!r} is not a duration such as 12h, 7d or 2w") from None


@app.command()
@with_selection
@with_config
def links(
    paths: PathsArgument = None,
    *,
    output_format: FormatOption = LintFormat.full,
    strict: StrictOption = False,
    quiet: QuietOption = False,
    exit_zero: ExitZeroOption = False,
    selection: Selection,
    since: Annotated[
        str | None,
        typer.Option(
            help="Check the articles changed since this git revision.",
            rich_help_panel="Selection",
        ),
    ] = None,
    include_amp_cache: Annotated[
        bool,
        typer.Option(
            "--include-amp-cache",
            help="Check cdnAmpUrl too (derived from ampUrl, and served by Google).",
            rich_help_panel="Selection",
        ),
    ] = False,
    fix: Annotated[
        bool,
        typer.Option(
            "--fix",
            help="Write the URLs that moved permanently; remove dead AMP links.",
            rich_help_panel="Fixing",
        ),
    ] = False,
    diff: Annotated[
        bool,
        typer.Option("--diff", help="Print the fixes as a diff instead.", rich_help_panel="Fixing"),
    ] = False,
    max_age: Annotated[
        str,
        typer.Option(
            metavar="AGE",
            help="Ask again for a link checked longer ago than this.",
            rich_help_panel="Configuration",
        ),
    ] = "7d",
    no_cache: Annotated[
        bool,
        typer.Option(
            "--no-cache",
            help="Ask for every link; neither read nor write the cache.",
            rich_help_panel="Configuration",
        ),
    ] = False,
    timeout: Annotated[
        float,
        typer.Option(
            metavar="SECONDS",
            min=0.1,
            help="How long one answer may take, from connecting to its last header.",
            rich_help_panel=_WEB,
        ),
    ] = 10.0,
    per_host: Annotated[
        int,
        typer.Option(min=1, max=16, help="Requests in flight to one host.", rich_help_panel=_WEB),
    ] = 2,
    concurrency: Annotated[
        int,
        typer.Option(min=1, max=256, help="Requests in flight in all.", rich_help_panel=_WEB),
    ] = 32,
    retries: Annotated[
        int,
        typer.Option(
            min=0, max=10, help="Retries after a time-out, a reset or a 5xx.", rich_help_panel=_WEB
        ),
    ] = 2,
    max_retry_after: Annotated[
        float,
        typer.Option(
            metavar="SECONDS",
            min=0,
            help="The longest a link is waited for when its server asks (Retry-After); a "
            "longer wait makes the link unreachable.",
            rich_help_panel=_WEB,
        ),
    ] = 60.0,
    max_time: Annotated[
        float | None,
        typer.Option(
            metavar="SECONDS",
            min=1,
            help="Stop asking after this long: the links not asked by then are unreachable.",
            rich_help_panel=_WEB,
        ),
    ] = None,
    connect: ConnectToOption = None,
    ca_file: CaFileOption = None,
    allow_private: PrivateOption = False,
    choice: ConfigChoice,
    verbose: VerboseOption = False,
    color: ColourOption = None,
) -> None:
    """Check every link of the articles on the web: gone (404, 410), unreachable, moved (301,
    308); --fix writes the moves and removes dead AMP links."""
    from newscli.cli.progress import progress_bar
    from newscli.links.run import Interrupted, LinkOptions, check_links, merged_links
    from newscli.lint.verdict import exit_code
    from newscli.web.link_check import CheckLimits

    age = _age(max_age)
    found = projects(choice, selection.overrides())
    work = assigned(found, list(paths or []), given=bool(paths), since=since, quiet=quiet)
    limits = CheckLimits(
        per_host=per_host,
        overall=concurrency,
        seconds=timeout,
        retries=retries,
        longest_wait=max_retry_after,
        run_seconds=max_time,
    )
    machine = output_format not in (LintFormat.full, LintFormat.concise)

    def check(project: Project, group: list[Path], nested: list[str]) -> LinksReport:
        settings = project.settings
        reach = reach_of(settings, connect, allow_private)
        routes = reach.routes
        options = LinkOptions(
            limits=limits,
            reach=reach,
            ca_file=authority_of(settings, ca_file),
            include_amp_cache=include_amp_cache,
            cache=None if no_cache else _cache(settings, age, routes),
        )
        return check_links(
            group,
            settings,
            options,
            fixing=fix or diff,
            write=not diff,
            progress=progress,
            nested=nested,
        )

    try:
        with progress_bar(_CHECKING, machine or quiet, show_from=1) as progress:
            result = merged_links(each_project(found, work, check))
    except Interrupted as stopped:
        note(f"newscli: interrupted; {count(stopped.learned, 'answer')} kept for the next run")
        raise typer.Exit(ExitCode.INTERRUPTED) from None
    report = result.report
    if diff:
        print_diffs(report)
    else:
        print_report(
            report, output_format, False, fixing=fix, quiet=quiet, summary=_summary(result)
        )
    code = exit_code(report, strict=strict, diff=diff)
    raise typer.Exit(0 if exit_zero and code == 1 else code)


def _cache(settings: Settings, age: timedelta, routes: Routes) -> LinkCache | None:
    """The links cache of the project ``settings`` belong to, if it may have one."""
    from newscli.links.cache import LinkCache
    from newscli.lint.results_cache import cache_folder

    folder = cache_folder(settings.base)
    if folder is None:
        return None
    return LinkCache(folder, age.total_seconds(), routes=sorted(routes.items()))


def _summary(result: LinksReport) -> str:
    """ "312 links checked in 41 s: 3 gone, 5 moved, 1 unreachable (2 hosts were rate-limited)",
    then lint's line of findings."""
    from newscli.report.summary import summary_line
    from newscli.web.answers import Verdict

    parts = [
        f"{result.count(Verdict.GONE)} gone",
        f"{result.count(Verdict.MOVED)} moved",
        f"{result.count(Verdict.FAILED)} unreachable",
    ]
    redirected = result.count(Verdict.REDIRECTED)
    if redirected:
        parts.append(f"{redirected} redirected")
    notes = []
    if result.from_cache:
        notes.append(f"{result.from_cache:,} from the cache")
    if result.rate_limited:
        hosts = count(result.rate_limited, "host")
        notes.append(f"{hosts} {'was' if result.rate_limited == 1 else 'were'} rate-limited")
    aside = f" ({'; '.join(notes)})" if notes else ""
    checked = f"{count(len(result.answers), 'link')} checked in {result.seconds:.0f} s"
    return f"{checked}: {', '.join(parts)}{aside}\n{summary_line(result.report, 'links')}"
