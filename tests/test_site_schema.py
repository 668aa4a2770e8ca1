"""A site's own keys (``extend-schema``), as users meet them: through the CLI run as a
subprocess from more than one folder, with the results cache, and through ``newscli schema``."""

from __future__ import annotations

import json
import os
import re
import time
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from conftest import BASE_ARTICLE, newscli, splice, write
from newscli.config.keys import load_extension
from newscli.rules.article_schema import schema

SITE_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "properties": {
        "layout": {"enum": ["post", "page"], "description": "the template that shows the story"},
        "draft": {"type": "boolean", "description": "kept off the site while true"},
        "aliases": {
            "type": "array",
            "items": {"$ref": "#/$defs/path"},
            "description": "old addresses that redirect here",
        },
        "topics": {"items": {"enum": ["AI", "Markets"]}},
        "provider": {"properties": {"domain": {"pattern": "\\.com$"}}},
    },
    "required": ["layout"],
    "$defs": {"path": {"type": "string", "pattern": "^/"}},
}
SITE_KEYS = "layout: post\ndraft: false\naliases:\n  - /2024/old-address\n"
GOOD = splice(SITE_KEYS)
BAD = splice(
    'layout: pots\ndraft: "yes"\naliases:\n  - /fine\n  - not-a-path\n'
    "sourceUrl: https://www.reuters.com/markets/a-bad-story\n"
)


@pytest.fixture
def site(tmp_path: Path) -> Path:
    root = tmp_path / "site"
    write(
        root / "pyproject.toml",
        '[tool.newscli]\nroots = ["content"]\nextend-schema = "site.schema.json"\n',
    )
    write(root / "site.schema.json", json.dumps(SITE_SCHEMA, indent=2))
    return root


def concise(cwd: Path, *paths: str) -> tuple[int, list[str]]:
    code, out, _ = newscli(cwd, "lint", "--output-format", "concise", "--no-cache", *paths)
    return code, out.splitlines()


@pytest.mark.parametrize("where", ["project", "parent", "root"])
def test_declared_keys_are_known_and_their_values_checked_from_any_folder(
    site: Path, where: str
) -> None:
    good = write(site / "content" / "good.md", GOOD)
    bad = write(site / "content" / "bad.md", BAD)
    cwd = {"project": site, "parent": site.parent, "root": Path("/")}[where]
    assert concise(cwd, str(good)) == (0, [])
    code, lines = concise(cwd, str(bad))
    shown = os.path.relpath(bad, cwd) if where != "root" else str(bad).lstrip("/")
    assert code == 1
    assert lines == [
        f'{shown}:15:9: NC108 `layout` is the text "pots"; the site allows "post", '
        '"page" (the template that shows the story)',
        f'{shown}:16:8: NC108 `draft` must be true or false; found the text "yes" '
        "(kept off the site while true)",
        f'{shown}:19:5: NC108 `aliases[1]` "not-a-path" does not match the site\'s pattern '
        '"^/" (old addresses that redirect here)',
    ]


def test_a_misspelt_site_key_is_suggested_and_a_required_one_reported(site: Path) -> None:
    write(site / "content" / "typo.md", splice("layuot: post\n"))
    code, lines = concise(site, "content/typo.md")
    assert code == 1
    assert lines == [
        "content/typo.md:2:1: NC108 the article is missing the site's required key `layout` "
        "(the template that shows the story)",
        'content/typo.md:16:1: NC105 unknown key "layuot"; did you mean `layout`?',
    ]


def test_the_extension_tightens_the_formats_own_keys(site: Path) -> None:
    text = GOOD.replace("  - Markets", "  - Climate").replace(
        "domain: reuters.com", "domain: reuters.co.uk"
    )
    write(site / "content" / "tight.md", text)
    code, lines = concise(site, "content/tight.md")
    assert code == 1
    assert [line.split(": ", 1)[1].split(" ", 1)[0] for line in lines] == [
        "NC304",
        "NC108",
        "NC108",
    ]
    assert any('`provider.domain` "reuters.co.uk" does not match' in line for line in lines)
    assert any(
        '`topics[0]` is the text "Climate"; the site allows "AI", "Markets"' in line
        for line in lines
    )


def test_without_the_extension_the_site_keys_are_unknown(site: Path) -> None:
    write(site / "content" / "good.md", GOOD)
    code, lines = concise(site, "--isolated", "content/good.md")
    assert code == 0
    assert [line.split(": ")[1].split(" ")[0] for line in lines] == ["NC105"] * 3


@pytest.mark.parametrize(
    "loosening",
    [
        {"properties": {"quality": {"maximum": 1000}}},
        {"properties": {"quality": {"type": "string"}, "heat": True}},
        {"properties": {"provider": {"properties": {"name": True}}}, "required": []},
    ],
)
def test_an_extension_never_loosens_the_format(site: Path, loosening: dict[str, object]) -> None:
    (site / "site.schema.json").write_text(json.dumps(loosening))
    broken = BASE_ARTICLE.replace("quality: 70", "quality: 150").replace("heat: 12\n", "")
    write(site / "content" / "broken.md", broken)
    codes = {line.split(": ")[1].split(" ")[0] for line in concise(site, "content/broken.md")[1]}
    assert {"NC101", "NC103"} <= codes


def test_a_cached_answer_made_under_another_schema_is_never_reused(site: Path) -> None:
    article = write(site / "content" / "a.md", BAD)
    past = time.time() - 3600  # older than a timestamp tick: the cache keeps its answer
    os.utime(article, (past, past))
    first = newscli(site, "lint", "--output-format", "concise", "--verbose")
    again = newscli(site, "lint", "--output-format", "concise", "--verbose")
    assert first[1] == again[1] and "NC108" in first[1]
    assert "from the results cache: 1" in again[2]
    loosened = dict(SITE_SCHEMA, properties={**SITE_SCHEMA["properties"], "layout": {}})
    (site / "site.schema.json").write_text(json.dumps(loosened))
    code, out, err = newscli(site, "lint", "--output-format", "concise", "--verbose")
    assert code == 1
    assert "from the results cache" not in err
    assert "layout" not in out and "draft" in out


def test_the_pre_check_still_applies_with_an_extension(site: Path) -> None:
    write(site / "content" / "good.md", GOOD)
    code, _, err = newscli(site, "lint", "--verbose", "--no-cache")
    assert code == 0
    assert "accepted by the schema pre-check: 1" in err


PRECHECK_CASES = [
    GOOD,
    BAD,
    splice("layout: page\n"),
    splice("layout: post\ndraft: 1\n"),
    splice("layout: post\naliases: /one\n"),
    splice("layout: post\naliases: []\n"),
    splice("layout: true\n"),
    GOOD.replace("  - Markets", "  - AI\n  - Markets"),
    GOOD.replace("reuters.com\n", "reuters.org\n"),
]


# Beside a $ref, draft-07 ignores every other keyword; 2020-12 applies them.
REF_WITH_SIBLINGS = {
    "properties": {"aliases": {"items": {"$ref": "#/$defs/path", "maxLength": 12}}},
    "$defs": {"path": {"type": "string", "pattern": "^/"}},
}


@pytest.mark.parametrize("text", [*PRECHECK_CASES, splice("aliases:\n  - /a-long-old-address\n")])
@pytest.mark.parametrize("extension", [SITE_SCHEMA, REF_WITH_SIBLINGS], ids=["site", "ref"])
def test_the_pre_check_never_accepts_what_the_validator_rejects(
    tmp_path: Path, text: str, extension: dict[str, Any]
) -> None:
    from newscli.document.loader import parse_document
    from newscli.rules.article_schema import (
        passes_precheck,
        site_precheck,
        site_validator,
        validator,
    )
    from newscli.schema_extension import with_declared_keys, without_additions

    loaded = load_extension(write(tmp_path / "site.schema.json", json.dumps(extension)))
    data = parse_document("a.md", text.encode()).data
    _, additions = with_declared_keys(schema(), loaded)
    fast = site_precheck(loaded)(data) and passes_precheck(without_additions(data, additions))
    valid = validator(loaded).is_valid(data) and site_validator(loaded).is_valid(data)
    assert fast == valid


@pytest.mark.parametrize(
    ("content", "says"),
    [
        (None, "site.schema.json: does not exist or is not a regular file"),
        ('{"properties": {"layout": {"enum": ["post"]}}', "not JSON (line 1, column 46)"),
        ('{"properties": {"layout": {"type": "strin"}}}', "not a valid JSON Schema 2020-12"),
        ('{"properties": {"slug": {"pattern": "(["}}}', 'invalid regular expression "(["'),
        (
            '{"properties": {"desk": {"$ref": "https://example.com/desk.json"}}}',
            '$ref "https://example.com/desk.json" at /properties/desk points outside the file',
        ),
        ('{"properties": {"desk": {"$ref": "#/$defs/desk"}}}', "points to nothing"),
        ('{"$schema": "http://json-schema.org/draft-07/schema#"}', "only JSON Schema 2020-12"),
        ("[1, 2]", "a schema extension is a JSON object"),
    ],
)
def test_a_bad_extension_is_a_configuration_error_before_any_file_is_read(
    site: Path, content: str | None, says: str
) -> None:
    write(site / "content" / "good.md", GOOD)
    target = site / "site.schema.json"
    if content is None:
        target.unlink()
    else:
        target.write_text(content)
    for cwd in (site, Path("/")):
        code, out, err = newscli(cwd, "lint", str(site / "content"))
        assert (code, out) == (2, "")
        assert says in err
        assert f"{site / 'pyproject.toml'} [tool.newscli]: 'extend-schema'" in err


def test_a_fifo_or_a_folder_is_refused_without_waiting(site: Path) -> None:
    target = site / "site.schema.json"
    target.unlink()
    os.mkfifo(target)
    assert "site.schema.json: does not exist or is not a regular file" in newscli(site, "lint")[2]
    target.unlink()
    target.mkdir()
    assert "site.schema.json: is a folder" in newscli(site, "lint")[2]


def test_the_rule_is_selectable_and_has_a_severity(site: Path) -> None:
    write(site / "content" / "bad.md", BAD)
    config = site / "pyproject.toml"
    base = config.read_text()
    config.write_text(base + 'severity = { NC108 = "warning" }\n')
    code, out, _ = newscli(site, "lint", "--no-cache")
    assert code == 0 and out.count("warning  NC108") == 3
    config.write_text(base + 'per-file-ignores = { "content/bad.md" = ["NC108"] }\n')
    assert newscli(site, "lint", "--no-cache")[:2] == (0, "")


def test_newscli_schema_prints_the_schema_in_force(site: Path, tmp_path: Path) -> None:
    code, out, _ = newscli(tmp_path, "schema", "--isolated")
    assert code == 0
    assert json.loads(out) == schema()
    code, out, _ = newscli(Path("/"), "schema", str(site / "content"))
    assert code == 0
    combined = json.loads(out)
    assert "https://" not in json.dumps([v for k, v in _refs(combined)])
    Draft202012Validator.check_schema(combined)
    from newscli.document.loader import parse_document

    check = Draft202012Validator(combined)
    for text, valid in [
        (GOOD, True),
        (BAD, False),
        (BASE_ARTICLE, False),
        (splice("x: 1\n"), False),
    ]:
        assert check.is_valid(parse_document("a.md", text.encode()).data) is valid
    written = tmp_path / "article.schema.json"
    assert newscli(site, "schema", "--output", str(written))[2] == f"newscli: wrote {written}\n"
    assert json.loads(written.read_text()) == combined


def _refs(node: object) -> list[tuple[str, object]]:
    if isinstance(node, dict):
        return [(k, v) for k, v in node.items() if k == "$ref"] + [
            ref for value in node.values() for ref in _refs(value)
        ]
    if isinstance(node, list):
        return [ref for item in node for ref in _refs(item)]
    return []


def test_newscli_config_shows_the_extension_in_force(site: Path) -> None:
    code, out, _ = newscli(site.parent, "config", str(site))
    assert code == 0
    shown = [re.sub(r"^(\S+) +=", r"\1 =", line) for line in out.splitlines()]
    assert f'extend-schema = "{site / "site.schema.json"}"  # {site / "pyproject.toml"}' in shown


def test_a_key_declared_inside_a_mapping_of_the_format_is_known_there(site: Path) -> None:
    extension = {
        "properties": {
            "provider": {"properties": {"handle": {"type": "string", "pattern": "^@"}}},
            "images": {"items": {"properties": {"credit": {"type": "string"}}}},
        }
    }
    (site / "site.schema.json").write_text(json.dumps(extension))
    text = BASE_ARTICLE.replace(
        "  domain: reuters.com\n", "  domain: reuters.com\n  handle: @Reuters\n"
    )
    text = text.replace(
        "quality: 70",
        "quality: 70\nimages:\n  - url: /a.jpg\n    width: 1\n    height: 1\n    credit: AP\n",
    )
    write(site / "content" / "a.md", text.replace("@Reuters", '"@Reuters"'))
    code, _, err = newscli(site, "lint", "--verbose", "--no-cache")
    assert code == 0, err
    assert "accepted by the schema pre-check: 1" in err
    write(site / "content" / "a.md", text.replace("@Reuters", "Reuters").replace("credit", "credt"))
    code, lines = concise(site, "content/a.md")
    assert code == 1
    assert [line.split(": ", 1)[1] for line in lines] == [
        'NC105 unknown key "credt" in images[0]; did you mean `credit`?',
        'NC108 `provider.handle` "Reuters" does not match the site\'s pattern "^@"',
    ]
