"""A site's extension of the article format (``extend-schema``): the JSON Schema file read and
checked once, before any article, and combined with the built-in schema so that it can add
keys and tighten the format's own, never loosen them.

The combination is two schemas that must both hold: the built-in one, where each key the
extension declares is a known key (so it is not reported as unknown, and did-you-mean knows
it), and the extension itself, whose findings are the site's. Only JSON Schema 2020-12 is
read (the article format's own draft), and a ``$ref`` may point inside the file only: no
schema is ever fetched.
"""

from __future__ import annotations

import copy
import hashlib
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

DRAFT = "https://json-schema.org/draft/2020-12/schema"
MAX_BYTES = 1024 * 1024  # a site's schema is a few kilobytes
# Keywords whose values are data, not schemas: a "pattern" inside an enum value is no regex.
_DATA_KEYWORDS = {"enum", "const", "default", "examples"}
_REFERENCES = ("$ref", "$dynamicRef")


class ExtensionError(ValueError):
    """An extension that cannot be used; the message names the file and what is wrong."""


@dataclass(frozen=True)
class SchemaExtension:
    """A checked extension: where it was read, a digest of its bytes (which the results cache
    is keyed by, so that an answer made under another schema is never reused), the schema."""

    path: Path
    digest: str
    schema: dict[str, Any] = field(compare=False, hash=False, repr=False)

    def __str__(self) -> str:
        return str(self.path)

    @property
    def declared(self) -> dict[str, dict[str, Any]]:
        """The article keys the extension declares at the top, each with its schema."""
        properties = resolved(self.schema, self.schema).get("properties", {})
        return {
            key: resolved(self.schema, value)
            for key, value in properties.items()
            if isinstance(value, dict)
        }

    @property
    def required(self) -> list[str]:
        """The article keys the extension requires."""
        required = resolved(self.schema, self.schema).get("required", [])
        return [key for key in required if isinstance(key, str)]

    def node(self, pointer: str) -> dict[str, Any] | None:
        """The extension's schema for the value at a JSON pointer into an article (list
        indexes included), or None when it says nothing of it."""
        node: Any = resolved(self.schema, self.schema)
        for token in pointer.split("/")[1:]:
            if not isinstance(node, dict):
                return None
            if token.isdigit() and isinstance(node.get("items"), dict):
                node = resolved(self.schema, node["items"])
            elif isinstance(node.get("properties"), dict) and token in node["properties"]:
                node = resolved(self.schema, node["properties"][token])
            else:
                return None
        return node if isinstance(node, dict) else None


def parse_extension(path: Path, data: bytes) -> SchemaExtension:
    """Check the extension read from ``path``; ExtensionError says why it cannot be used."""
    shown = str(path)
    try:
        schema = json.loads(data.decode("utf-8"))
    except UnicodeDecodeError:
        raise ExtensionError(f"{shown}: not UTF-8 text") from None
    except json.JSONDecodeError as error:
        raise ExtensionError(
            f"{shown}: not JSON (line {error.lineno}, column {error.colno}): {error.msg}"
        ) from None
    except RecursionError:
        raise ExtensionError(f"{shown}: nested too deeply to read") from None
    if not isinstance(schema, dict):
        raise ExtensionError(f"{shown}: a schema extension is a JSON object")
    draft = schema.get("$schema", DRAFT)
    if not isinstance(draft, str) or draft.rstrip("#") != DRAFT:
        raise ExtensionError(
            f"{shown}: $schema {json.dumps(draft)}: only JSON Schema 2020-12 ({DRAFT}) is "
            "accepted, the article format's own draft"
        )
    for where, keyword, value in _walk(schema, ""):
        if keyword in _REFERENCES:
            _check_reference(schema, value, shown, where)
        elif keyword == "pattern" and isinstance(value, str):
            _check_regex(value, shown, where)
        elif keyword == "patternProperties" and isinstance(value, dict):
            for pattern in value:
                _check_regex(pattern, shown, where)
    _check_schema(schema, shown)  # after: its words for a bad pattern or $ref are vaguer
    return SchemaExtension(path, hashlib.sha256(data).hexdigest(), schema)


def _check_schema(schema: dict[str, Any], shown: str) -> None:
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import SchemaError

    try:
        Draft202012Validator.check_schema(schema)
    except SchemaError as error:
        where = "/".join(str(part) for part in error.path)
        at = f" at {where}" if where else ""
        raise ExtensionError(
            f"{shown}: not a valid JSON Schema 2020-12{at}: {error.message}"
        ) from None


def _walk(node: Any, where: str) -> Iterator[tuple[str, str, Any]]:
    """(pointer, keyword, value) of every keyword of every subschema."""
    if isinstance(node, list):
        for index, item in enumerate(node):
            yield from _walk(item, f"{where}/{index}")
        return
    if not isinstance(node, dict):
        return
    for keyword, value in node.items():
        yield where or "/", keyword, value
        if keyword not in _DATA_KEYWORDS:
            yield from _walk(value, f"{where}/{keyword}")


def _check_reference(schema: dict[str, Any], reference: Any, shown: str, where: str) -> None:
    if not isinstance(reference, str) or not reference.startswith("#"):
        raise ExtensionError(
            f"{shown}: $ref {json.dumps(reference)} at {where} points outside the file; "
            "only references inside it (#/$defs/NAME) are allowed, and no schema is fetched"
        )
    if _pointed(schema, reference) is None:
        raise ExtensionError(f"{shown}: $ref {json.dumps(reference)} at {where} points to nothing")


def _pointed(schema: dict[str, Any], reference: str) -> Any:
    """What a ``#/...`` reference names in ``schema``, or None."""
    node: Any = schema
    fragment = reference[1:]
    if fragment and not fragment.startswith("/"):
        return None  # a plain-name anchor: not supported
    for raw in fragment.split("/")[1:]:
        token = raw.replace("~1", "/").replace("~0", "~")
        if isinstance(node, dict) and token in node:
            node = node[token]
        elif isinstance(node, list) and token.isdigit() and int(token) < len(node):
            node = node[int(token)]
        else:
            return None
    return node


def _check_regex(pattern: str, shown: str, where: str) -> None:
    try:
        re.compile(pattern)
    except re.error as error:
        raise ExtensionError(
            f"{shown}: invalid regular expression {json.dumps(pattern)} at {where}: {error}"
        ) from None


def resolved(schema: dict[str, Any], node: Any, depth: int = 0) -> Any:
    """``node`` with a ``$ref`` inside ``schema`` followed (its sibling keywords kept)."""
    if not isinstance(node, dict) or not isinstance(node.get("$ref"), str) or depth > 32:
        return node
    target = _pointed(schema, node["$ref"])
    siblings = {key: value for key, value in node.items() if key != "$ref"}
    return {**resolved(schema, target, depth + 1), **siblings} if isinstance(target, dict) else node


# Where declared keys were added to the built-in schema: a key maps to None (the key is the
# site's: drop it) or to the same for the mapping below it; "[]" stands for a list's items.
Additions = dict[str, Any]


def with_declared_keys(
    builtin: dict[str, Any], extension: SchemaExtension
) -> tuple[dict[str, Any], Additions]:
    """The built-in schema with every key the extension declares, at any depth of a mapping
    the built-in schema describes, accepted as known (its value is the extension's to check);
    and where those keys were added."""
    known = copy.deepcopy(builtin)
    additions: Additions = {}
    _add(known, resolved(extension.schema, extension.schema), extension.schema, additions, 0)
    return known, additions


def _add(
    ours: dict[str, Any], theirs: Any, whole: dict[str, Any], additions: Additions, depth: int
) -> None:
    if not isinstance(theirs, dict) or depth > 16:
        return
    properties, declared = ours.get("properties"), theirs.get("properties")
    if isinstance(properties, dict) and isinstance(declared, dict):
        for key, value in declared.items():
            if key not in properties:
                # Known, and described; what it allows is the extension's to check.
                described = resolved(whole, value)
                properties[key] = {
                    word: described[word]
                    for word in ("title", "description")
                    if isinstance(described, dict) and isinstance(described.get(word), str)
                }
                additions[key] = None
            elif isinstance(properties[key], dict):
                below: Additions = {}
                _add(properties[key], resolved(whole, value), whole, below, depth + 1)
                if below:
                    additions[key] = below
    items, declared_items = ours.get("items"), theirs.get("items")
    if isinstance(items, dict) and isinstance(declared_items, dict):
        below = {}
        _add(items, resolved(whole, declared_items), whole, below, depth + 1)
        if below:
            additions["[]"] = below


def without_additions(data: Any, additions: Additions) -> Any:
    """``data`` without the site's keys, for the built-in pre-check (copied where changed)."""
    if not additions:
        return data
    if isinstance(data, list):
        inner = additions.get("[]")
        return [without_additions(item, inner) for item in data] if inner else data
    if not isinstance(data, dict):
        return data
    result = {}
    for key, value in data.items():
        if key in additions:
            below = additions[key]
            if below is None:
                continue
            value = without_additions(value, below)
        result[key] = value
    return result


def in_force(builtin: dict[str, Any], extension: SchemaExtension | None) -> dict[str, Any]:
    """The schema in force as one self-contained document: the built-in format with the
    declared keys known, and the extension (its references rewritten to where it now stands)
    as a second schema that must hold too."""
    if extension is None:
        return {"$schema": DRAFT, **builtin}
    known, _ = with_declared_keys(builtin, extension)
    known.pop("$id", None)  # the format's own address names the format without the extension
    site = _relocated(copy.deepcopy(extension.schema), "#/$defs/site")
    site.pop("$schema", None)
    site.pop("$id", None)
    return {
        "$schema": DRAFT,
        **known,
        "title": f"{known.get('title', 'Article')}, with {extension.path.name}",
        "allOf": [*known.get("allOf", []), {"$ref": "#/$defs/site"}],
        "$defs": {**known.get("$defs", {}), "site": site},
    }


def _relocated(node: Any, prefix: str) -> Any:
    if isinstance(node, list):
        return [_relocated(item, prefix) for item in node]
    if not isinstance(node, dict):
        return node
    result = {}
    for key, value in node.items():
        if key in _REFERENCES and isinstance(value, str) and value.startswith("#"):
            result[key] = prefix + value[1:]
        elif key in _DATA_KEYWORDS:
            result[key] = value
        else:
            result[key] = _relocated(value, prefix)
    return result


# The keywords that JSON Schema 2020-12 and draft-07 read alike (or, for the last two, that
# draft-07 spells `dependencies`): an extension made of these alone can be compiled by
# fastjsonschema (draft-07) into a pre-check that never accepts what the validator of record
# rejects. `$ref` is the exception, as draft-07 ignores the keywords beside it: it is wrapped.
_SCHEMA_MAPS = {"properties", "patternProperties", "$defs", "definitions", "dependentSchemas"}
_SUBSCHEMAS = {"items", "contains", "additionalProperties", "propertyNames", "not", "if", "then"}
_SUBSCHEMAS |= {"else"}
_LISTS = {"allOf", "anyOf", "oneOf"}
_WORDS = {"$comment", "title", "description", "deprecated", "readOnly", "writeOnly"}
_VALUES = {"type", "maximum", "minimum", "exclusiveMaximum", "exclusiveMinimum", "maxLength"}
_VALUES |= {"minLength", "pattern", "maxItems", "minItems", "uniqueItems", "maxProperties"}
_VALUES |= {"minProperties", "required", "format", "dependentRequired", "$ref"}


def draft7_of(schema: dict[str, Any]) -> dict[str, Any] | None:
    """The extension in draft-07 terms, or None when it uses a keyword the two drafts read
    differently (then every document is given to the validator of record)."""
    try:
        converted = _draft7_node(schema, top=True)
    except _Unsafe:
        return None
    return {**converted, "$schema": "http://json-schema.org/draft-07/schema#"}


class _Unsafe(Exception):
    pass


def _draft7_node(node: Any, top: bool = False) -> Any:
    if isinstance(node, bool):
        return node
    if not isinstance(node, dict):
        raise _Unsafe
    result: dict[str, Any] = {}
    for keyword, value in node.items():
        if keyword in ("$schema", "$id") and top:
            continue
        if keyword in _SCHEMA_MAPS:
            result[keyword] = {name: _draft7_node(item) for name, item in value.items()}
        elif keyword in _SUBSCHEMAS:
            result[keyword] = _draft7_node(value)
        elif keyword in _LISTS:
            result[keyword] = [_draft7_node(item) for item in value]
        elif keyword in _DATA_KEYWORDS or keyword in _WORDS or keyword in _VALUES:
            result[keyword] = value
        else:
            raise _Unsafe
    for keyword in ("dependentRequired", "dependentSchemas"):
        if keyword in result:
            result.setdefault("dependencies", {}).update(result.pop(keyword))
    if "$ref" in result and len(result) > 1:
        result = {
            **{k: v for k, v in result.items() if k != "$ref"},
            "allOf": [*result.get("allOf", []), {"$ref": result["$ref"]}],
        }
    return result
