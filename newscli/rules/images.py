"""Rules about images: sizes in file names, and files in the site's static folder."""

from __future__ import annotations

import re
import struct
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from newscli.document.fields import images
from newscli.document.model import Document
from newscli.document.pointers import label
from newscli.files.discovery import display_path
from newscli.findings import Problem, Severity
from newscli.rules.base import Example, Rule
from newscli.settings import Settings
from newscli.text import quote

_SIZE_IN_NAME = re.compile(r"[-_](\d{1,5})x(\d{1,5})\.[A-Za-z0-9]{2,5}$")


def check_image_sizes(document: Document, settings: Settings) -> Iterator[Problem]:
    for pointer, image in images(document):
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


def png_header(width: int, height: int) -> bytes:
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
    for pointer, image in images(document):
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
_LOGO_FILE = {"static/assets/logo.png": png_header(50, 50)}
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
    files=site_image_files,
)


def check_image_file_sizes(document: Document, settings: Settings) -> Iterator[Problem]:
    for pointer, image, target, url in _site_images(document, settings):
        if target is None or not target.is_file():
            continue
        # Only with a static folder: the import alone costs a run of one file a third more.
        import imagesize  # type: ignore[import-untyped]

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
    files=site_image_files,
)

COVERS = "images: sizes in file names, and the files of the static folder"
RULES = [IMAGE_SIZE_MISMATCH, IMAGE_FILE_MISSING, IMAGE_FILE_SIZE_MISMATCH]
