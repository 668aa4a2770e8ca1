"""Rules about what an article's links answer on the web: gone, unreachable, moved, redirected,
and the AMP page that is no more. Only ``newscli links`` runs them, with the answers it got."""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from newscli.document.edits import Locator, remove_entry, replace_value
from newscli.document.fields import each_article, images, text_fields
from newscli.document.model import Document
from newscli.document.pointers import label
from newscli.findings import Edit, Fix, Problem, Severity
from newscli.rules.amp_cache import derive_cache_url
from newscli.rules.base import Example, Rule
from newscli.rules.links import image_url_problem
from newscli.settings import Settings
from newscli.text import quote
from newscli.urls import url_problem, without_tracking
from newscli.web.answers import Answer, Verdict

Answers = Mapping[str, Answer]
PAGE_KEYS = ("sourceUrl", "ampUrl", "cdnAmpUrl")
AMP_KEYS = ("ampUrl", "cdnAmpUrl")


def web_links(document: Document) -> Iterator[tuple[str, str]]:
    """(pointer, URL) of each web link of the article and its related stories: the page, its
    AMP and cache URLs, and every image's. A value lint rejects is lint's to report, and a
    site-root image path is checked on disk (NC510), not on the web."""
    for pointer, text in text_fields(document, *PAGE_KEYS):
        if url_problem(text) is None:
            yield pointer, text
    for pointer, image in images(document):
        link = image.get("url")
        if isinstance(link, str) and link[:8].lower() == "https://" and not image_url_problem(link):
            yield f"{pointer}/url", link


def _key(pointer: str) -> str:
    return pointer.rpartition("/")[2]


def _answered(
    document: Document, answers: Answers, verdict: Verdict
) -> Iterator[tuple[str, str, Answer]]:
    for pointer, url in web_links(document):
        answer = answers.get(url)
        if answer is not None and answer.verdict is verdict:
            yield pointer, url, answer


def _named(pointer: str, url: str) -> str:
    return f"`{label(pointer)}` {quote(url, 80)}"


def check_gone(document: Document, settings: Settings, answers: Answers) -> Iterator[Problem]:
    for pointer, url, answer in _answered(document, answers, Verdict.GONE):
        if _key(pointer) not in AMP_KEYS:  # amp-page-gone's, with its fix
            where = f" at {quote(answer.target, 80)}" if answer.target else ""
            yield Problem(
                f"{_named(pointer, url)} is gone: the server answered {answer.status}{where}",
                pointer,
            )


def check_unreachable(
    document: Document, settings: Settings, answers: Answers
) -> Iterator[Problem]:
    for pointer, url, answer in _answered(document, answers, Verdict.FAILED):
        yield Problem(f"{_named(pointer, url)} could not be checked: {answer.reason}", pointer)


def check_moved(document: Document, settings: Settings, answers: Answers) -> Iterator[Problem]:
    for pointer, url, answer in _answered(document, answers, Verdict.MOVED):
        if _key(pointer) == "cdnAmpUrl" or answer.target is None:
            continue  # the cache URL is derived from ampUrl, never followed
        target = without_tracking(answer.target, settings.tracking_parameters)
        if target == url:
            continue  # a redirect that only adds tracking parameters is no move
        yield Problem(
            f"{_named(pointer, url)} has moved permanently to {quote(target, 120)}",
            pointer,
            fix=_moved_fix(document, pointer, url, target),
        )


def _moved_fix(document: Document, pointer: str, url: str, target: str) -> Fix | None:
    """The new URL written in place, when it is one lint accepts there and no less secure;
    with ampUrl, the cache URL derived from the new one as well."""
    problem_of = image_url_problem if pointer.endswith("/url") else url_problem
    if problem_of(target) is not None or (
        url[:6].lower() == "https:" and target[:6].lower() != "https:"
    ):
        return None
    locator = Locator(document)
    edits = [replace_value(document, locator, pointer, target)]
    pointers: tuple[str, ...] = ()
    if _key(pointer) == "ampUrl":
        cache = f"{pointer.rpartition('/')[0]}/cdnAmpUrl"
        if document.node(cache) is not None:
            derived = derive_cache_url(target)
            if not isinstance(derived, str):
                return None  # the cache cannot serve the new AMP page: a person decides
            edits.append(replace_value(document, locator, cache, derived))
            pointers = (cache,)
    if any(edit is None for edit in edits):
        return None
    return Fix(tuple(edit for edit in edits if edit is not None), pointers=pointers)


def check_amp_gone(document: Document, settings: Settings, answers: Answers) -> Iterator[Problem]:
    for prefix, story in each_article(document):
        present = [key for key in AMP_KEYS if isinstance(story.get(key), str)]
        for key in present:
            answer = answers.get(story[key])
            if answer is not None and answer.verdict is Verdict.GONE:
                pointer = f"{prefix}/{key}"
                yield Problem(
                    f"{_named(pointer, story[key])} is gone (the server answered "
                    f"{answer.status}): the story has no AMP page any more",
                    pointer,
                    fix=_removal(document, [f"{prefix}/{name}" for name in present]),
                )
                break  # one finding a story: its fix removes both


def _removal(document: Document, pointers: list[str]) -> Fix | None:
    locator = Locator(document)
    edits = [remove_entry(document, locator, pointer) for pointer in pointers]
    if any(edit is None for edit in edits):
        return None
    return Fix(tuple(edit for edit in edits if isinstance(edit, Edit)), pointers=tuple(pointers))


def check_redirects(document: Document, settings: Settings, answers: Answers) -> Iterator[Problem]:
    for pointer, url, answer in _answered(document, answers, Verdict.REDIRECTED):
        if _key(pointer) != "cdnAmpUrl" and answer.target:
            yield Problem(
                f"{_named(pointer, url)} redirects for now to {quote(answer.target, 120)}", pointer
            )


_STORY = "https://www.reuters.com/markets/asia/chip-rally-lifts-asian-markets-2024-05-14/"
_MOVED = "https://www.reuters.com/markets/asia/chip-rally-2024-05-14/"
_AMP = "https://www.reuters.com/markets/asia/chip-rally-lifts-asian-markets-2024-05-14/amp/"
_CACHE = "https://www-reuters-com.cdn.ampproject.org/c/s/www.reuters.com/markets/asia/chip-rally-lifts-asian-markets-2024-05-14/amp/"

LINK_GONE = Rule(
    "NC701",
    "link-gone",
    Severity.ERROR,
    "A link of the article answers 404 Not Found or 410 Gone.",
    "A story whose `sourceUrl` is gone is a dead card on the site: the reader clicks and lands "
    "on the publisher's error page. A gone image leaves a hole in the card, and a gone related "
    "story a broken link under it. Find where the story is now, or unpublish it.",
    Example(f"sourceUrl: {_STORY}\n", answers={_STORY: "404"}),
    Example(f"sourceUrl: {_STORY}\n", answers={_STORY: "200"}),
    answered=check_gone,
)
LINK_UNREACHABLE = Rule(
    "NC702",
    "link-unreachable",
    Severity.WARNING,
    "A link could not be checked: the server fails, refuses, or cannot be reached, after retries.",
    "A server that answers 500, 403 or nothing at all may be down for an hour or for good; "
    "newscli asks again (with a pause between) before it says so, and the message gives the "
    "last reason. Check the link by hand if it persists.",
    Example(f"sourceUrl: {_STORY}\n", answers={_STORY: "500"}),
    Example(f"sourceUrl: {_STORY}\n", answers={_STORY: "200"}),
    answered=check_unreachable,
)
LINK_MOVED = Rule(
    "NC703",
    "link-moved",
    Severity.WARNING,
    "A link redirects permanently (301 or 308) to a page that answers.",
    "A permanent redirect is the publisher saying where the story lives now. The old URL works "
    "until the publisher drops the redirect, and until then every reader pays for the extra "
    "round trip and the duplicate check compares the wrong URL. Write the new one.",
    Example(
        f"sourceUrl: {_STORY}\n",
        answers={_STORY: f"301 {_MOVED}?utm_source=redirect", _MOVED: "200"},
    ),
    Example(f"sourceUrl: {_MOVED}\n", answers={_MOVED: "200"}),
    fix="write the URL the redirects lead to, without tracking parameters (with `ampUrl`, "
    "`cdnAmpUrl` derived again)",
    answered=check_moved,
)
LINK_REDIRECTS = Rule(
    "NC704",
    "link-redirects",
    Severity.WARNING,
    "A link redirects temporarily (302, 303 or 307). Off unless selected.",
    "A temporary redirect may be a sign-in page, a cookie wall or a campaign, and it is no "
    "reason to change the link: this rule only shows where links lead today, for an editor "
    "who wants to know, and runs only when selected by its code.",
    Example(f"sourceUrl: {_STORY}\n", answers={_STORY: f"302 {_MOVED}", _MOVED: "200"}),
    Example(f"sourceUrl: {_STORY}\n", answers={_STORY: "200"}),
    answered=check_redirects,
    opt_in=True,
)
AMP_PAGE_GONE = Rule(
    "NC705",
    "amp-page-gone",
    Severity.ERROR,
    "The story's `ampUrl` (or its `cdnAmpUrl`) answers 404 Not Found or 410 Gone.",
    "Publishers drop their AMP pages: the story is still there, but its AMP link leads to an "
    "error, and so does the AMP Cache URL derived from it. Remove both; the card links to "
    "`sourceUrl`.",
    Example(f"ampUrl: {_AMP}\ncdnAmpUrl: {_CACHE}\n", answers={_AMP: "404"}),
    Example(f"ampUrl: {_AMP}\ncdnAmpUrl: {_CACHE}\n", answers={_AMP: "200"}),
    fix="remove `ampUrl` and `cdnAmpUrl` together",
    answered=check_amp_gone,
)

COVERS = "what the links answer on the web, checked by `newscli links`"
RULES = [LINK_GONE, LINK_UNREACHABLE, LINK_MOVED, LINK_REDIRECTS, AMP_PAGE_GONE]
