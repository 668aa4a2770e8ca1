"""Rules about what the values say: vocabularies, titles, images, related stories, secured."""

from __future__ import annotations

import base64
import binascii
import re
import struct
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from newscli.discovery import display_path
from newscli.document import Document
from newscli.findings import Problem, Severity
from newscli.pointers import label
from newscli.rewrite import value_fix
from newscli.rules.base import Example, Rule
from newscli.rules.fields import images, stories, text_fields
from newscli.settings import Settings
from newscli.text import CONTROL, closest, quote

_SIZE_IN_NAME = re.compile(r"[-_](\d{1,5})x(\d{1,5})\.[A-Za-z0-9]{2,5}$")
_BASE64 = re.compile(r"[A-Za-z0-9+/]+={0,2}")


def _suggest(value: str, allowed: tuple[str, ...]) -> str:
    guess = closest(value, allowed)
    return f"; did you mean {quote(guess)}?" if guess else f"; expected one of {', '.join(allowed)}"


def _vocabulary_problems(
    document: Document, key: str, allowed: tuple[str, ...], what: str, related: bool
) -> Iterator[Problem]:
    for pointer, value in text_fields(document.fields, key):
        if (related or pointer == f"/{key}") and value and value not in allowed:
            yield Problem(
                f"{quote(value)} is not a known {what}{_suggest(value, allowed)}", pointer
            )


def check_categories(document: Document, settings: Settings) -> Iterator[Problem]:
    yield from _vocabulary_problems(document, "category", settings.categories, "category", False)


UNKNOWN_CATEGORY = Rule(
    "NC501",
    "unknown-category",
    Severity.ERROR,
    "`category` is not one of the configured categories.",
    "Categories decide which section of the site shows the story; an unknown one (often a "
    "typo or a plural) leaves the story in no section. The defaults are news, blog, research, "
    "opinion, video, podcast and press-release.",
    Example("category: News\n"),
    Example("category: news\n"),
    check=check_categories,
)


def check_types(document: Document, settings: Settings) -> Iterator[Problem]:
    yield from _vocabulary_problems(document, "type", settings.types, "type", True)


UNKNOWN_TYPE = Rule(
    "NC502",
    "unknown-type",
    Severity.ERROR,
    "`type` is not one of the configured types.",
    "The type picks the template a story is shown with (an article, a video, a podcast, a "
    "paper); an unknown type falls back to nothing. Related stories are checked too.",
    Example("type: articles\n"),
    Example("type: article\n"),
    check=check_types,
)


def check_topics(document: Document, settings: Settings) -> Iterator[Problem]:
    if not settings.topics:
        return
    topics = document.fields.get("topics")
    if isinstance(topics, list):
        for index, topic in enumerate(topics):
            if isinstance(topic, str) and topic and topic not in settings.topics:
                hint = _suggest(topic, settings.topics)
                yield Problem(
                    f"{quote(topic)} is not in the topic vocabulary{hint}", f"/topics/{index}"
                )


UNKNOWN_TOPIC = Rule(
    "NC503",
    "unknown-topic",
    Severity.ERROR,
    "A topic is not in the configured topic vocabulary.",
    "When the newsroom keeps a list of topics, a topic outside it (`A.I.` for `AI`) creates a "
    "topic page with one story and hides the story from the real one. With no vocabulary "
    "configured, any topic is accepted.",
    Example("topics:\n  - A.I.\n", settings={"topics": ("AI", "Markets")}),
    Example("topics:\n  - AI\n", settings={"topics": ("AI", "Markets")}),
    check=check_topics,
)


def check_duplicate_topics(document: Document, settings: Settings) -> Iterator[Problem]:
    topics = document.fields.get("topics")
    if not isinstance(topics, list):
        return
    first: dict[str, int] = {}
    for index, topic in enumerate(topics):
        if not isinstance(topic, str):
            continue
        key = topic.casefold()
        if key in first:
            yield Problem(
                f"the topic {quote(topic)} is listed twice (also topics[{first[key]}])",
                f"/topics/{index}",
            )
        else:
            first[key] = index


DUPLICATE_TOPIC = Rule(
    "NC504",
    "duplicate-topic",
    Severity.ERROR,
    "A topic is listed twice (ignoring case).",
    "Topics are a set: a repeated topic (`AI` and `ai`) counts the story twice on a topic page "
    "and is always a copy-paste slip.",
    Example("topics:\n  - AI\n  - Markets\n  - ai\n"),
    Example("topics:\n  - AI\n  - Markets\n"),
    check=check_duplicate_topics,
)


def _titles(document: Document) -> Iterator[tuple[str, str]]:
    yield from text_fields(document.fields, "title")
    for pointer, image in images(document.fields):
        title = image.get("title")
        if isinstance(title, str):
            yield f"{pointer}/title", title


def check_title_whitespace(document: Document, settings: Settings) -> Iterator[Problem]:
    for pointer, title in _titles(document):
        if title and title != title.strip():
            yield Problem(
                f"`{label(pointer)}` has white space at its start or end",
                pointer,
                fix=value_fix(document, pointer, title.strip()),
            )


TITLE_WHITESPACE = Rule(
    "NC505",
    "title-whitespace",
    Severity.ERROR,
    "A title starts or ends with white space.",
    "Stray spaces or line breaks around a title come from copy and paste; they break "
    "alignment in lists and make two copies of one story look different.",
    Example('title: " Markets rally "\n'),
    Example('title: "Markets rally"\n'),
    check=check_title_whitespace,
    fix="strip the white space",
)


def check_title_controls(document: Document, settings: Settings) -> Iterator[Problem]:
    for pointer, title in _titles(document):
        stripped = title.strip()
        match = CONTROL.search(stripped)
        if match:
            yield Problem(
                f"`{label(pointer)}` contains the control character U+{ord(match.group()):04X}",
                pointer,
            )


CONTROL_CHARACTER = Rule(
    "NC506",
    "control-character",
    Severity.ERROR,
    "A title contains a control or invisible formatting character.",
    "Control characters (escape, line breaks inside the text, bidi overrides, zero-width "
    "spaces) are invisible in an editor but can reorder or hide text on the page and in a "
    "terminal. They usually arrive by pasting from the web.",
    Example('title: "Markets\\u202e rally"\n'),
    Example('title: "Markets rally"\n'),
    check=check_title_controls,
)


def check_image_sizes(document: Document, settings: Settings) -> Iterator[Problem]:
    for pointer, image in images(document.fields):
        url, width, height = image.get("url"), image.get("width"), image.get("height")
        if not isinstance(url, str):
            continue
        match = _SIZE_IN_NAME.search(url.partition("?")[0])
        if match is None or not isinstance(width, int) or not isinstance(height, int):
            continue
        named = (int(match[1]), int(match[2]))
        if named != (width, height):
            yield Problem(
                f"the file name says {named[0]}x{named[1]} but `{label(pointer)}` gives "
                f"width {width} and height {height}",
                pointer,
            )


IMAGE_SIZE_MISMATCH = Rule(
    "NC507",
    "image-size-mismatch",
    Severity.ERROR,
    "An image's file name spells a size that disagrees with its width and height.",
    "Files such as `reuters.com-50x50.jpg` carry their size in their name; when width and "
    "height say otherwise, one of them was copied from another image and the page will "
    "stretch or squash it.",
    Example(
        "images:\n  - url: /assets/images/reuters.com-50x50.jpg\n    width: 60\n    height: 50\n"
    ),
    Example(
        "images:\n  - url: /assets/images/reuters.com-50x50.jpg\n    width: 50\n    height: 50\n"
    ),
    check=check_image_sizes,
)


def check_related_self(document: Document, settings: Settings) -> Iterator[Problem]:
    own = document.fields.get("sourceUrl")
    for prefix, story in stories(document.fields):
        if prefix and isinstance(own, str) and story.get("sourceUrl") == own:
            yield Problem(
                f"`{label(prefix)}` is the article itself (same sourceUrl)", f"{prefix}/sourceUrl"
            )


RELATED_IS_SELF = Rule(
    "NC508",
    "related-is-self",
    Severity.ERROR,
    "A related story is the article itself.",
    "A story that lists itself as related sends readers in a circle and wastes one of the few "
    "related slots.",
    Example(
        "sourceUrl: https://www.reuters.com/markets/rally\nrelated:\n"
        "  - title: Markets rally\n    sourceUrl: https://www.reuters.com/markets/rally\n"
        "    publishedDateTime: 2024-05-14T09:30:00Z\n    type: article\n"
        "    provider:\n      name: Reuters\n      domain: reuters.com\n    quality: 80\n"
    ),
    Example(
        "sourceUrl: https://www.reuters.com/markets/rally\nrelated:\n"
        "  - title: Bond yields fall\n    sourceUrl: https://www.reuters.com/markets/bonds\n"
        "    publishedDateTime: 2024-05-14T10:30:00Z\n    type: article\n"
        "    provider:\n      name: Reuters\n      domain: reuters.com\n    quality: 70\n"
    ),
    check=check_related_self,
)


def secured_problem(text: str) -> str | None:
    parts = text.split(";")
    if len(parts) != 2:
        return "must be two base64 strings joined by ;"
    decoded = []
    for part in parts:
        if not _BASE64.fullmatch(part) or len(part) % 4:
            return "must be two padded, standard base64 strings joined by ;"
        try:
            decoded.append(base64.b64decode(part, validate=True))
        except binascii.Error:
            return "must be two padded, standard base64 strings joined by ;"
    if len(decoded[1]) != 16:
        return f"has an IV of {len(decoded[1])} bytes; expected 16"
    return None


def check_secured(document: Document, settings: Settings) -> Iterator[Problem]:
    value = document.fields.get("secured")
    if isinstance(value, str):
        problem = secured_problem(value)
        if problem:
            yield Problem(f"`secured` {problem}", "/secured")


INVALID_SECURED = Rule(
    "NC509",
    "invalid-secured",
    Severity.ERROR,
    "`secured` is not a base64 ciphertext and a 16-byte IV joined by `;`.",
    "The site decrypts `secured` with the IV after the `;`; a value cut short, re-wrapped or "
    "missing its padding cannot be decrypted and the protected content is lost to readers.",
    Example('secured: "vQYfveHbzBEyJLAw89CLstVsTwTX;8nwKofDtCVUEMNReDJTyig"\n'),
    Example('secured: "vQYfveHbzBEyJLAw89CLstVsTwTX;8nwKofDtCVUEMNReDJTyig=="\n'),
    check=check_secured,
)


def _png(width: int, height: int) -> bytes:
    """The first bytes of a PNG file of the given size: all that a size check reads."""
    chunk = b"IHDR" + struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + struct.pack(">I", 13) + chunk + struct.pack(">I", zlib.crc32(chunk))
    )


def _site_images(
    document: Document, settings: Settings
) -> Iterator[tuple[str, dict[str, Any], Path | None, str]]:
    """(pointer, image, file or None, url) for each site-root image when a static folder is set."""
    if settings.static_folder is None:
        return
    static = settings.static_folder.resolve()
    for pointer, image in images(document.fields):
        url = image.get("url")
        if not isinstance(url, str) or not url.startswith("/") or url.startswith("//"):
            continue
        relative = unquote(url.split("?")[0].split("#")[0]).lstrip("/")
        target = (static / relative).resolve()
        yield pointer, image, target if target.is_relative_to(static) else None, url


def site_image_files(document: Document, settings: Settings) -> list[Path]:
    """The files in the static folder that the document's site-root images name."""
    return [target for _, _, target, _ in _site_images(document, settings) if target is not None]


def check_image_files(document: Document, settings: Settings) -> Iterator[Problem]:
    static = settings.static_folder or Path(".")  # _site_images yields nothing without one
    for pointer, _, target, url in _site_images(document, settings):
        if target is None:
            yield Problem(f"{quote(url, 60)} points outside the static folder", f"{pointer}/url")
        elif not target.is_file():
            folder = quote(display_path(static), 80)
            yield Problem(
                f"{quote(url, 60)} does not exist in the static folder {folder}", f"{pointer}/url"
            )


_LOGO = "images:\n  - url: /assets/logo.png\n    width: {}\n    height: 50\n"
_STATIC = {"static_folder": "static"}
_LOGO_FILE = {"static/assets/logo.png": _png(50, 50)}
_LOGO_NOTE = "static/assets/logo.png is a 50x50 PNG"

IMAGE_FILE_MISSING = Rule(
    "NC510",
    "image-file-missing",
    Severity.ERROR,
    "A site-root image path does not point to a file in the site's static folder.",
    "When the configuration names the site's static folder (`static-folder`), every image "
    "path such as `/assets/logo.png` must exist there, or the page shows a broken image.",
    Example(_LOGO.format(50), settings=_STATIC, note="static/assets/ holds no logo.png"),
    Example(_LOGO.format(50), settings=_STATIC, files=_LOGO_FILE, note=_LOGO_NOTE),
    check=check_image_files,
)


def check_image_file_sizes(document: Document, settings: Settings) -> Iterator[Problem]:
    import imagesize  # type: ignore[import-untyped]  # only needed with a static folder

    for pointer, image, target, url in _site_images(document, settings):
        if target is None or not target.is_file():
            continue
        width, height = imagesize.get(target)
        if width < 0 or height < 0:
            yield Problem(f"the size of {quote(url, 60)} cannot be read from its file", pointer)
        elif (image.get("width"), image.get("height")) != (width, height):
            yield Problem(
                f"{quote(url, 60)} is {width}x{height} but `{label(pointer)}` gives width "
                f"{image.get('width')} and height {image.get('height')}",
                pointer,
            )


IMAGE_FILE_SIZE_MISMATCH = Rule(
    "NC511",
    "image-file-size-mismatch",
    Severity.ERROR,
    "An image's width and height differ from the real size of its file.",
    "With a static folder configured, newscli reads each site image's pixel size from its file "
    "header. Wrong dimensions make the page reserve the wrong space, so the layout jumps or the "
    "image is stretched.",
    Example(_LOGO.format(60), settings=_STATIC, files=_LOGO_FILE, note=_LOGO_NOTE),
    Example(_LOGO.format(50), settings=_STATIC, files=_LOGO_FILE, note=_LOGO_NOTE),
    check=check_image_file_sizes,
)

RULES = [
    UNKNOWN_CATEGORY,
    UNKNOWN_TYPE,
    UNKNOWN_TOPIC,
    DUPLICATE_TOPIC,
    TITLE_WHITESPACE,
    CONTROL_CHARACTER,
    IMAGE_SIZE_MISMATCH,
    RELATED_IS_SELF,
    INVALID_SECURED,
    IMAGE_FILE_MISSING,
    IMAGE_FILE_SIZE_MISMATCH,
]
