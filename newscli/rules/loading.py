"""Rules about the file itself and its YAML: found while loading, before any value is checked."""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator

from newscli.document.fields import ARTICLE_KEYS, looks_like_article
from newscli.document.issues import LoadIssue
from newscli.document.model import Document
from newscli.findings import Edit, Fix, Problem, Severity
from newscli.rules.base import Example, Rule, load_issues
from newscli.settings import Settings

_BARE_CR = re.compile(r"\r(?!\n)")

GOOD_FILE = Example(
    "---\ntitle: Markets rally as inflation cools\nexcerpt: Stocks rose on Tuesday.\n"
    "publishedDateTime: 2024-05-14T09:30:00Z\n"
    "sourceUrl: https://www.reuters.com/markets/rally\ncategory: news\ntype: article\n"
    "quality: 80\nheat: 40\npublished: true\nprovider:\n  name: Reuters\n  domain: reuters.com\n"
    "topics:\n  - Markets\n---\nBody text.\n",
    whole_file=True,
)

NOT_UTF8 = Rule(
    "NC001",
    "not-utf8",
    Severity.ERROR,
    "The file is not valid UTF-8.",
    "Articles are UTF-8 text. A file saved as Latin-1 or UTF-16 shows as garbage on the site and "
    "in every tool that reads it, and its other problems cannot be checked until it is re-saved.",
    Example("---\ntitle: Café opens downtown\n---\n", whole_file=True, encoding="latin-1"),
    GOOD_FILE,
    check=load_issues(LoadIssue.NOT_UTF8),
    needs_data=False,
)
MISSING_FRONT_MATTER = Rule(
    "NC002",
    "missing-front-matter",
    Severity.ERROR,
    "The file does not start with YAML front matter between --- lines.",
    "The site builder reads an article's metadata from a YAML block that opens on the first "
    "line with `---`. A file without it (or with TOML `+++` or JSON front matter) is published "
    "with no title, date or source.",
    Example("title: Markets rally\n---\nBody text.\n", whole_file=True),
    GOOD_FILE,
    check=load_issues(LoadIssue.NO_FRONT_MATTER),
    needs_data=False,
)
UNTERMINATED_FRONT_MATTER = Rule(
    "NC003",
    "unterminated-front-matter",
    Severity.ERROR,
    "The front matter block is never closed.",
    "Without a closing `---` line the whole file, body included, would be read as YAML; most "
    "tools then fail or silently treat the article as having no metadata.",
    Example("---\ntitle: Markets rally\nquality: 80\n\nBody text.\n", whole_file=True),
    GOOD_FILE,
    check=load_issues(LoadIssue.UNTERMINATED),
    needs_data=False,
)
INVALID_YAML = Rule(
    "NC004",
    "invalid-yaml",
    Severity.ERROR,
    "The front matter is not valid YAML.",
    "A YAML syntax error stops every tool that reads the article. The message gives the "
    "parser's reason at the place it gave up; the mistake is often just before it, such as an "
    "unquoted `: ` inside a value.",
    Example("title: Markets: a rally as inflation cools\n"),
    Example('title: "Markets: a rally as inflation cools"\n'),
    check=load_issues(LoadIssue.YAML_SYNTAX),
    needs_data=False,
)
NOT_A_MAPPING = Rule(
    "NC005",
    "front-matter-not-mapping",
    Severity.ERROR,
    "The front matter is empty, a list, or a single value.",
    "An article's metadata is a set of `key: value` pairs. An empty block or a list has no "
    "title, date or source to publish.",
    Example("---\n- Markets rally\n- 2024-05-14\n---\nBody text.\n", whole_file=True),
    GOOD_FILE,
    check=load_issues(LoadIssue.NOT_A_MAPPING),
    needs_data=False,
)
DUPLICATE_KEY = Rule(
    "NC006",
    "duplicate-key",
    Severity.ERROR,
    "A key appears twice in the same mapping.",
    "YAML loaders silently keep only one of the two values (usually the last), so an edit to "
    "the first one has no effect and nobody notices. The finding is on the second key and names "
    "the line of the first.",
    Example("quality: 80\nheat: 40\nquality: 90\n"),
    Example("quality: 90\nheat: 40\n"),
    check=load_issues(LoadIssue.DUPLICATE_KEY),
    needs_data=False,
)
TAB_INDENTATION = Rule(
    "NC007",
    "tab-indentation",
    Severity.ERROR,
    "A line of the front matter is indented with a tab.",
    "YAML forbids tabs in indentation; editors show them at varying widths, so the structure "
    "a person sees is not the one a parser reads, and most parsers stop with a cryptic error.",
    Example("provider:\n\tname: Reuters\n\tdomain: reuters.com\n"),
    Example("provider:\n  name: Reuters\n  domain: reuters.com\n"),
    check=load_issues(LoadIssue.TAB_INDENTATION),
    needs_data=False,
)
YAML_ALIAS = Rule(
    "NC008",
    "yaml-alias",
    Severity.ERROR,
    "The front matter uses YAML aliases (`*name`) or merge keys (`<<`).",
    "An article never needs to repeat a value by reference, and a few hundred bytes of nested "
    "aliases expand to gigabytes in anything that walks or prints the data (a 'billion laughs' "
    "file). Write the value out instead.",
    Example("topics: &topics\n  - Markets\nrelatedTopics: *topics\n"),
    Example("topics:\n  - Markets\n"),
    check=load_issues(LoadIssue.ALIAS),
    needs_data=False,
)
UNSUPPORTED_TAG = Rule(
    "NC009",
    "unsupported-tag",
    Severity.ERROR,
    "A value carries a YAML tag such as `!!binary` or `!!python/object`.",
    "Front matter holds plain text, numbers, booleans, lists and mappings. Tags ask a loader to "
    "build something else; unsafe loaders even run code for `!!python/...` tags. newscli never "
    "builds them and reports them instead.",
    Example("title: !!binary TWFya2V0cyByYWxseQ==\n"),
    Example("title: Markets rally\n"),
    check=load_issues(LoadIssue.TAG),
    needs_data=False,
)
TOO_DEEPLY_NESTED = Rule(
    "NC010",
    "too-deeply-nested",
    Severity.ERROR,
    "Values are nested far deeper than an article ever needs.",
    "An article nests four levels deep at most. Hundreds of levels mean a broken or hostile "
    "file, which crashes recursive tools; newscli stops reading it at the `max-depth` setting "
    "(64 levels).",
    Example("images: " + "[" * 70 + "]" * 70 + "\n"),
    Example("images: []\n"),
    check=load_issues(LoadIssue.TOO_DEEP),
    needs_data=False,
)
TOO_MANY_VALUES = Rule(
    "NC012",
    "too-many-values",
    Severity.ERROR,
    "The front matter holds far more values than an article ever needs.",
    "An article holds a few dozen values, a few thousand with many related stories. Hundreds of "
    "thousands (a pasted data dump, or a file built to exhaust memory) would cost gigabytes to "
    "load, so newscli counts them first and stops at the `max-values` setting (200,000).",
    Example("topics: [" + ", ".join(["AI"] * 30) + "]\n", settings={"max_values": 50}),
    Example("topics: [AI]\n", settings={"max_values": 50}),
    check=load_issues(LoadIssue.TOO_MANY_VALUES),
    needs_data=False,
)
UNREADABLE_FILE = Rule(
    "NC011",
    "unreadable-file",
    Severity.ERROR,
    "The file could not be read or loaded at all.",
    "The file is missing, unreadable (permissions), not a regular file, or larger than the "
    "configured limit (10 MB by default; an article is a few kilobytes), or loading it failed in "
    "a way no other rule describes. The message gives the reason.",
    Example(GOOD_FILE.text, whole_file=True, settings={"max_file_size": 100}),
    GOOD_FILE,
    check=load_issues(LoadIssue.UNREADABLE),
    needs_data=False,
)


def check_is_article(document: Document, settings: Settings) -> Iterator[Problem]:
    """A page among the articles that holds none of an article's own keys."""
    if looks_like_article(document.data):
        return
    try:
        shown = os.path.relpath(os.path.abspath(document.path), os.path.abspath(settings.base))
    except ValueError:  # another drive
        shown = document.path
    if shown.startswith(".."):
        shown = os.path.basename(document.path)
    keys = ", ".join(ARTICLE_KEYS[:3])
    yield Problem(
        f"this page does not look like an article: its front matter has none of an article's "
        f"keys ({keys}, ...); if it is not one, leave it out with "
        f"extend-exclude = [{json.dumps(shown.replace(os.sep, '/'))}] or set roots to the "
        "folders of articles",
        "",
    )


NOT_AN_ARTICLE = Rule(
    "NC014",
    "not-an-article",
    Severity.ERROR,
    "A page among the articles is not an article at all.",
    "A site keeps other pages beside its articles (an about page, a tag index) whose front "
    "matter has a title and a layout but none of an article's own keys: `sourceUrl`, "
    "`publishedDateTime`, `provider`, `quality`, `heat`, `ampUrl`, `cdnAmpUrl`, `related`, "
    "`secured`. Such a page gets this one finding instead of one per missing key; leave it "
    "out of the collection with `extend-exclude`, or set `roots` to the folders that hold "
    "articles. Ignoring the rule lets such pages pass unchecked.",
    Example("---\nlayout: page\ntitle: About us\npermalink: /about/\n---\n", whole_file=True),
    GOOD_FILE,
    check=check_is_article,
)

COVERS = (
    "the file and its YAML: encoding, front matter block, syntax, "
    "duplicate keys, tabs, aliases, tags, nesting, size, pages that are not articles"
)


def check_bare_cr(document: Document, settings: Settings) -> Iterator[Problem]:
    """Line ends that are a CR alone: YAML reads them, most front matter readers do not."""
    first = _BARE_CR.search(document.text)
    if first is None:
        return
    crlf, lf = document.text.count("\r\n"), document.text.count("\n")
    ending = "\r\n" if crlf > lf - crlf else "\n"
    edits = tuple(Edit(m.start(), m.end(), ending) for m in _BARE_CR.finditer(document.text))
    shown = "CRLF" if ending == "\r\n" else "LF"
    before = document.text[: first.start()]
    line = before.count("\r") - before.count("\r\n") + before.count("\n") + 1
    column = first.start() - max(before.rfind("\r"), before.rfind("\n"))
    yield Problem(
        f"{len(edits):,} line{'s end' if len(edits) > 1 else ' ends'} in a CR alone; "
        f"Jekyll, Hugo and python-frontmatter then find no front matter (write {shown})",
        line=line,
        column=column,
        fix=Fix(edits),
    )


BARE_CR_LINE_ENDS = Rule(
    "NC013",
    "bare-cr-line-ends",
    Severity.ERROR,
    "Lines end in a carriage return alone (old Mac OS line ends).",
    "YAML reads a lone CR as a line end, so the front matter looks fine to newscli, but the "
    "site generators and python-frontmatter look for `---` followed by LF and find no front "
    "matter: the article is published without its title, date or source. The fix writes the "
    "file's usual line end (CRLF where most lines end so, else LF).",
    Example(GOOD_FILE.text, whole_file=True, newline="\r"),
    GOOD_FILE,
    check=check_bare_cr,
    fix="end those lines as the file's other lines end, or with LF",
)

RULES = [
    NOT_UTF8,
    MISSING_FRONT_MATTER,
    UNTERMINATED_FRONT_MATTER,
    INVALID_YAML,
    NOT_A_MAPPING,
    DUPLICATE_KEY,
    TAB_INDENTATION,
    YAML_ALIAS,
    UNSUPPORTED_TAG,
    TOO_DEEPLY_NESTED,
    UNREADABLE_FILE,
    TOO_MANY_VALUES,
    BARE_CR_LINE_ENDS,
    NOT_AN_ARTICLE,
]
