"""Rules about the shape of the front matter: most are fed by the JSON Schema."""

from __future__ import annotations

from collections.abc import Iterator

from newscli.document.edits import value_fix
from newscli.document.fields import text_fields
from newscli.document.issues import LoadIssue
from newscli.document.model import Document, is_plain
from newscli.document.pointers import label
from newscli.findings import Problem, Severity
from newscli.rules.article_schema import SchemaIssue, schema_check, schema_problems
from newscli.rules.base import Example, Rule, load_issues
from newscli.settings import Settings
from newscli.text import quote

_BOOL = "tag:yaml.org,2002:bool"
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
# Fields whose value is free text, where a YAML 1.1 date would be a surprise.
_TEXT_KEYS = ("title", "excerpt")

MISSING_KEY = Rule(
    "NC101",
    "missing-key",
    Severity.ERROR,
    "A required key is missing.",
    "Every article needs its title, excerpt, date, source URL, category, type, quality, heat, "
    "published flag, provider and topics; a related story needs its title, source URL, date, "
    "type, provider and quality. The finding sits on the mapping that lacks the key.",
    Example(
        "---\nexcerpt: Stocks rose on Tuesday.\npublishedDateTime: 2024-05-14T09:30:00Z\n"
        "sourceUrl: https://www.reuters.com/markets/rally\ncategory: news\ntype: article\n"
        "quality: 80\nheat: 40\npublished: true\nprovider:\n  name: Reuters\n"
        "  domain: reuters.com\ntopics:\n  - Markets\n---\n",
        whole_file=True,
    ),
    Example(
        "---\ntitle: Markets rally\nexcerpt: Stocks rose on Tuesday.\n"
        "publishedDateTime: 2024-05-14T09:30:00Z\n"
        "sourceUrl: https://www.reuters.com/markets/rally\ncategory: news\ntype: article\n"
        "quality: 80\nheat: 40\npublished: true\nprovider:\n  name: Reuters\n"
        "  domain: reuters.com\ntopics:\n  - Markets\n---\n",
        whole_file=True,
    ),
    check=schema_check(SchemaIssue.MISSING_KEY),
)
WRONG_TYPE = Rule(
    "NC102",
    "wrong-type",
    Severity.ERROR,
    "A value has the wrong type, or is empty (YAML null).",
    "The site and the curation views rely on each field's type: `quality` is a whole number, "
    "`topics` a list, `provider` a mapping. A key written with nothing after it is present "
    "with an empty (null) value, which is a wrong type rather than a missing key.",
    Example("quality: high\ntopics: Markets\n"),
    Example("quality: 80\ntopics:\n  - Markets\n"),
    check=schema_check(SchemaIssue.WRONG_TYPE),
)
_too_large = load_issues(LoadIssue.NUMBER_TOO_LARGE)
_out_of_range = schema_check(SchemaIssue.OUT_OF_RANGE)


def check_ranges(document: Document, settings: Settings) -> Iterator[Problem]:
    yield from _too_large(document, settings)
    yield from _out_of_range(document, settings)


OUT_OF_RANGE = Rule(
    "NC103",
    "out-of-range",
    Severity.ERROR,
    "A number is outside its allowed range.",
    "`quality` is an editor's rating from 0 to 100, `heat` is never negative, and an image's "
    "width and height are positive. A value outside the range is a typo that would skew "
    "rankings or break a page layout.",
    Example("quality: 850\nheat: -3\n"),
    Example("quality: 85\nheat: 3\n"),
    check=check_ranges,
    needs_data=False,  # a number too large to read is found while loading
)
EMPTY_VALUE = Rule(
    "NC104",
    "empty-value",
    Severity.ERROR,
    "A text or list that must have content is empty.",
    "An empty title or an empty topic list publishes an article nobody can find or click on.",
    Example('title: ""\ntopics: []\n'),
    Example("title: Markets rally\ntopics:\n  - Markets\n"),
    check=schema_check(SchemaIssue.EMPTY),
)
UNKNOWN_KEY = Rule(
    "NC105",
    "unknown-key",
    Severity.WARNING,
    "A key that the article format does not know.",
    "Unknown keys are usually typos of known ones (`publishedDatetime` for "
    "`publishedDateTime`), and the real key is then missing or stale. The message suggests the "
    "closest known key.",
    Example("publishedDatetime: 2024-05-14T09:30:00Z\n"),
    Example("publishedDateTime: 2024-05-14T09:30:00Z\n"),
    check=schema_check(SchemaIssue.UNKNOWN_KEY),
)


def check_boolean_words(document: Document, settings: Settings) -> Iterator[Problem]:
    """YAML 1.1 reads yes/no/on/off as booleans; YAML 1.2 tools read them as text."""
    node = document.node("/published")  # the format's only boolean
    if is_plain(node) and node.tag == _BOOL and node.value.lower() not in ("true", "false"):
        meant = "true" if node.value.lower() in ("yes", "y", "on") else "false"
        yield Problem(
            f"`published` is written {quote(node.value)}, which only YAML 1.1 reads as a "
            f"boolean; write {meant}",
            "/published",
            fix=value_fix(document, "/published", meant, raw=True),
        )


BOOLEAN_WORD = Rule(
    "NC106",
    "yaml-boolean-word",
    Severity.ERROR,
    "A boolean written as yes, no, on or off.",
    "YAML 1.1 loaders (PyYAML) read `yes` as true, but YAML 1.2 loaders (most others, and the "
    'JSON Schema tools) read it as the text "yes", so `published: yes` means different things '
    "to different tools. Write `true` or `false`.",
    Example("published: yes\n"),
    Example("published: true\n"),
    check=check_boolean_words,
    fix="write true or false",
)


def check_unquoted_values(document: Document, settings: Settings) -> Iterator[Problem]:
    """Text fields that YAML read as a number, boolean or null (the schema finds those), or as
    a date (which the schema cannot tell from text, since timestamps are kept as written)."""
    yield from (p for p in schema_problems(document, settings) if p.kind == SchemaIssue.UNQUOTED)
    for pointer, _ in text_fields(document, *_TEXT_KEYS):
        node = document.node(pointer)
        if is_plain(node) and node.tag == _TIMESTAMP:
            yield Problem(
                f"`{label(pointer)}` {quote(node.value)} is read by YAML as a date because it is "
                "not quoted; quote it",
                pointer,
                fix=value_fix(document, pointer, node.value, style='"', safe=False),
            )


VALUE_NEEDS_QUOTES = Rule(
    "NC107",
    "value-needs-quotes",
    Severity.ERROR,
    "A text field that YAML read as a number, date, boolean or null.",
    "Unquoted, a title such as `2024`, `1984-06-08`, `yes` or `null` is read as a number, a "
    "date, a boolean or nothing at all, and the site prints something else or fails. Quote "
    "text that looks like another type.",
    Example("title: 1984\nexcerpt: null\n"),
    Example('title: "1984"\nexcerpt: "null"\n'),
    check=check_unquoted_values,
    fix="quote the value (unsafe: its type changes from a date to text)",
)

_SITE_SCHEMA = (
    b'{"properties": {"layout": {"enum": ["post", "page"], '
    b'"description": "the template that shows the story"}}, "required": ["layout"]}\n'
)
SITE_SCHEMA = Rule(
    "NC108",
    "site-schema",
    Severity.ERROR,
    "A value breaks the site's own schema (`extend-schema`).",
    "A site adds keys of its own to the article format (a static-site generator's `layout`, "
    "`draft` or `aliases`, an editor's `desk`) and may tighten the format's keys (a desk's "
    "topic vocabulary), in a JSON Schema that `extend-schema` names. Its keys are known keys; "
    "a value that breaks it, or a key it requires that is missing, is reported here with the "
    "key's description from the schema.",
    Example(
        "layout: pots\n",
        settings={"extend_schema": "site.schema.json"},
        files={"site.schema.json": _SITE_SCHEMA},
        note="site.schema.json allows layout: post or page, and requires it",
    ),
    Example(
        "layout: post\n",
        settings={"extend_schema": "site.schema.json"},
        files={"site.schema.json": _SITE_SCHEMA},
        note="site.schema.json allows layout: post or page, and requires it",
    ),
    check=schema_check(SchemaIssue.SITE),
)

COVERS = (
    "the shape: required keys, types, ranges, empty values, unknown keys, YAML 1.1 surprises, "
    "the site's own schema"
)
RULES = [
    MISSING_KEY,
    WRONG_TYPE,
    OUT_OF_RANGE,
    EMPTY_VALUE,
    UNKNOWN_KEY,
    BOOLEAN_WORD,
    VALUE_NEEDS_QUOTES,
    SITE_SCHEMA,
]
