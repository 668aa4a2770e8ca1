"""Rules about URLs: well formed, secure, free of tracking, on the provider's own domain."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from newscli.document.edits import value_fix
from newscli.document.fields import each_article, images, text_fields
from newscli.document.model import Document
from newscli.document.pointers import label
from newscli.findings import Fix, Problem, Severity
from newscli.rules.base import Example, Rule
from newscli.settings import Settings
from newscli.text import quote
from newscli.urls import (
    SPACE_OR_CONTROL,
    host_problem,
    is_within_domain,
    percent_encoded,
    split_url,
    tracking_parameters,
    unescaped_problem,
    url_problem,
    without_tracking,
)

URL_KEYS = ("sourceUrl", "ampUrl", "cdnAmpUrl")


def _urls(document: Document) -> Iterator[tuple[str, str]]:
    yield from text_fields(document, *URL_KEYS)


def encoding_fix(
    document: Document,
    pointer: str,
    text: str,
    problem_of: Callable[[str], str | None] = url_problem,
) -> Fix | None:
    """A safe fix that percent-encodes what a URL may not hold, when that is all it lacks
    (``problem_of`` judges the result: a page URL's rule, or an image's)."""
    encoded = percent_encoded(text)
    if encoded == text or problem_of(encoded) is not None:
        return None
    return value_fix(document, pointer, encoded)


def check_urls(document: Document, settings: Settings) -> Iterator[Problem]:
    for pointer, text in _urls(document):
        problem = url_problem(text)
        if problem:
            fix = encoding_fix(document, pointer, text)
            yield Problem(f"`{label(pointer)}` {quote(text, 60)} {problem}", pointer, fix=fix)


INVALID_URL = Rule(
    "NC301",
    "invalid-url",
    Severity.ERROR,
    "A URL is not an absolute http(s) URL with a valid host name.",
    "Article URLs are followed by readers, crawlers and the AMP Cache. A relative URL, another "
    "scheme, white space, a user name or password, or a host that is not a real domain name "
    "(`localhost`, an IP address, `exa_mple.com`) gives a broken or unsafe link. After the "
    'host, a URL holds only what RFC 3986 allows unescaped (`"`, `<`, `>`, `{`, `}`, `^`, '
    "`` ` ``, `|` and `\\` must be percent-encoded, and every `%` starts an escape such as "
    "`%20`); letters of other scripts stay allowed, as in the IRIs of non-English sites.",
    Example("sourceUrl: www.reuters.com/markets/rally\n"),
    Example("sourceUrl: https://www.reuters.com/markets/rally\n"),
    check=check_urls,
    fix="percent-encode the characters a URL may not hold (valid escapes stay as written)",
)


def check_insecure_sources(document: Document, settings: Settings) -> Iterator[Problem]:
    for pointer, text in text_fields(document, "sourceUrl"):
        if text.lower().startswith("http://") and url_problem(text) is None:
            secure = "https://" + text.split("://", 1)[1]
            yield Problem(
                f"`{label(pointer)}` uses http; link to the https page",
                pointer,
                fix=value_fix(document, pointer, secure, safe=False),
            )


INSECURE_SOURCE_URL = Rule(
    "NC302",
    "insecure-source-url",
    Severity.WARNING,
    "A source URL uses http rather than https.",
    "Nearly every publisher serves https today; an http link is either outdated or sends "
    "readers through a redirect, and browsers flag it as not secure.",
    Example("sourceUrl: http://www.reuters.com/markets/rally\n"),
    Example("sourceUrl: https://www.reuters.com/markets/rally\n"),
    check=check_insecure_sources,
    fix="write https instead of http (unsafe: the https page may not exist)",
)


def check_tracking(document: Document, settings: Settings) -> Iterator[Problem]:
    for pointer, text in _urls(document):
        if pointer.endswith("/cdnAmpUrl"):
            continue  # derived from ampUrl, which is reported instead
        found = tracking_parameters(text, settings.tracking_parameters)
        if found:
            names = ", ".join(dict.fromkeys(found))
            kept = without_tracking(text, settings.tracking_parameters)
            yield Problem(
                f"`{label(pointer)}` carries tracking parameters ({quote(names, 60)}); remove them",
                pointer,
                fix=value_fix(document, pointer, kept),
            )


TRACKING_PARAMETER = Rule(
    "NC303",
    "tracking-parameter",
    Severity.ERROR,
    "A URL carries tracking parameters such as utm_source or fbclid.",
    "Tracking parameters tie a reader's visit to a campaign they never joined, split one "
    "story into many URLs (so duplicates go unnoticed), and leak where the link was found.",
    Example("sourceUrl: https://www.reuters.com/markets/rally?utm_source=twitter&id=7\n"),
    Example("sourceUrl: https://www.reuters.com/markets/rally?id=7\n"),
    check=check_tracking,
    fix="remove the tracking parameters, keeping the rest of the URL as written",
)


def check_provider_hosts(document: Document, settings: Settings) -> Iterator[Problem]:
    for prefix, story in each_article(document):
        provider = story.get("provider")
        domain = provider.get("domain") if isinstance(provider, dict) else None
        if not isinstance(domain, str) or host_problem(domain):
            continue
        for key in ("sourceUrl", "ampUrl"):
            text = story.get(key)
            if not isinstance(text, str) or url_problem(text):
                continue
            host = split_url(text).host
            if not is_within_domain(host, domain):
                pointer = f"{prefix}/{key}"
                yield Problem(
                    f"`{label(pointer)}` is on {quote(host)}, outside the provider's domain "
                    f"{quote(domain)}",
                    pointer,
                )


HOST_OUTSIDE_PROVIDER = Rule(
    "NC304",
    "host-outside-provider-domain",
    Severity.ERROR,
    "A source or AMP URL is not on the provider's domain.",
    "The provider is credited for the story, so its URLs must be on `provider.domain` or one of "
    "its subdomains (`www.reuters.com` and `mobile.reuters.com` belong to `reuters.com`). A "
    "mismatch means the wrong provider or a link copied from an aggregator.",
    Example("sourceUrl: https://news.example.com/markets/rally\n"),
    Example("sourceUrl: https://www.reuters.com/markets/rally\n"),
    check=check_provider_hosts,
)


def image_url_problem(text: str) -> str | None:
    if text.startswith("/") and not text.startswith("//"):
        if SPACE_OR_CONTROL.search(text):
            return "contains white space or a control character"
        return unescaped_problem(text)
    if not text.lower().startswith("https://"):
        return "must be an https URL or a site path starting with /"
    return url_problem(text)


def check_image_urls(document: Document, settings: Settings) -> Iterator[Problem]:
    for pointer, image in images(document):
        text = image.get("url")
        if isinstance(text, str):
            problem = image_url_problem(text)
            if problem:
                fix = encoding_fix(document, f"{pointer}/url", text, image_url_problem)
                yield Problem(
                    f"`{label(pointer)}.url` {quote(text, 60)} {problem}", f"{pointer}/url", fix=fix
                )


INVALID_IMAGE_URL = Rule(
    "NC305",
    "invalid-image-url",
    Severity.ERROR,
    "An image URL is neither an https URL nor a site-root path.",
    "Images are loaded by the reader's browser on an https page: an http image is blocked as "
    "mixed content, and a relative path breaks on any page but one.",
    Example(
        "images:\n  - url: http://img.example.com/rally.jpg\n    width: 700\n    height: 466\n"
    ),
    Example(
        "images:\n  - url: https://img.example.com/rally.jpg\n    width: 700\n    height: 466\n"
    ),
    check=check_image_urls,
    fix="percent-encode the characters a URL may not hold (valid escapes stay as written)",
)


def check_provider_domains(document: Document, settings: Settings) -> Iterator[Problem]:
    for prefix, story in each_article(document):
        provider = story.get("provider")
        domain = provider.get("domain") if isinstance(provider, dict) else None
        if isinstance(domain, str) and domain:
            problem = host_problem(domain)
            if "/" in domain or ":" in domain:
                problem = "must be a host name only, such as reuters.com"
            if problem:
                pointer = f"{prefix}/provider/domain"
                yield Problem(f"`{label(pointer)}` {quote(domain)} {problem}", pointer)


INVALID_PROVIDER_DOMAIN = Rule(
    "NC306",
    "invalid-provider-domain",
    Severity.ERROR,
    "The provider's domain is not a host name.",
    "`provider.domain` is compared with the host of every URL of the story, so it must be a "
    "bare host name such as `reuters.com`: no scheme, no path, no `www` needed.",
    Example("provider:\n  name: Reuters\n  domain: https://reuters.com/\n"),
    Example("provider:\n  name: Reuters\n  domain: reuters.com\n"),
    check=check_provider_domains,
)

COVERS = "URLs: well formed, https, no tracking parameters, on the provider's domain"
RULES = [
    INVALID_URL,
    INSECURE_SOURCE_URL,
    TRACKING_PARAMETER,
    HOST_OUTSIDE_PROVIDER,
    INVALID_IMAGE_URL,
    INVALID_PROVIDER_DOMAIN,
]
