"""The article's JSON Schema: where it is found, one compiled validator, errors in plain words.

The schema is checked once per document; each rule it feeds keeps the kinds of error it stands
for (``schema_check``).
"""

from __future__ import annotations

import ast
import functools
import json
from collections.abc import Callable, Iterator
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

from newscli.document.edits import value_fix
from newscli.document.model import Document, is_plain
from newscli.document.pointers import escape_token, label
from newscli.findings import Problem
from newscli.schema_extension import (
    Additions,
    SchemaExtension,
    draft7_of,
    with_declared_keys,
    without_additions,
)
from newscli.settings import Settings
from newscli.text import closest, quote, visible

if TYPE_CHECKING:
    from jsonschema import Draft202012Validator, ValidationError

SCHEMA_NAME = "article.schema.json"
PRECHECK_TALLY = "accepted by the schema pre-check"
_GUESSES = 100  # unknown keys of one mapping given a did-you-mean: as many as a file shows


class SchemaIssue(StrEnum):
    MISSING_KEY = "missing-key"
    WRONG_TYPE = "wrong-type"
    OUT_OF_RANGE = "out-of-range"
    EMPTY = "empty"
    UNKNOWN_KEY = "unknown-key"
    UNQUOTED = "unquoted"
    MISSING_DEPENDENCY = "missing-dependency"
    SITE = "site-schema"


_TYPE_WORDS = {
    "string": "text",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
    "array": "a list",
    "object": "a mapping of keys to values",
}
_YAML_TYPE_WORDS = {
    "tag:yaml.org,2002:int": "a number",
    "tag:yaml.org,2002:float": "a number",
    "tag:yaml.org,2002:bool": "true or false",
    "tag:yaml.org,2002:null": "no value (null)",
}


def schema_path() -> Path:
    """The schema shipped inside the package, or the one in a source checkout."""
    package = Path(__file__).resolve().parents[1]
    packaged = package / "schemas" / SCHEMA_NAME
    return packaged if packaged.is_file() else package.parent / "schemas" / SCHEMA_NAME


@functools.cache
def schema() -> dict[str, Any]:
    """The article schema as shipped, its local definitions inlined (see below)."""
    raw = json.loads(schema_path().read_text(encoding="utf-8"))
    flat: dict[str, Any] = _inline_definitions(raw, raw.get("$defs", {}))
    flat.pop("$defs", None)
    return flat


@functools.cache
def known_schema(extension: SchemaExtension | None = None) -> tuple[dict[str, Any], Additions]:
    """The built-in schema, with the keys a site's extension declares known; and where they
    were added (to take them out for the pre-check)."""
    return (schema(), {}) if extension is None else with_declared_keys(schema(), extension)


@functools.cache
def validator(extension: SchemaExtension | None = None) -> Draft202012Validator:
    """The validator of record, built once for the run (the schema itself is checked by the
    tests, not on every run; an extension, when the configuration is read)."""
    from jsonschema import Draft202012Validator

    return Draft202012Validator(known_schema(extension)[0])


@functools.cache
def site_validator(extension: SchemaExtension) -> Draft202012Validator:
    """The validator of a site's extension, which must hold besides the built-in schema."""
    from jsonschema import Draft202012Validator

    return Draft202012Validator(extension.schema)


def _inline_definitions(node: Any, definitions: dict[str, Any]) -> Any:
    """The schema with each local ``$ref`` to ``#/$defs/NAME`` replaced by that definition.

    Resolving a reference costs python-jsonschema more than checking the value it names; the
    article schema has no recursive definitions, so inlining them changes nothing it accepts.
    """
    if isinstance(node, list):
        return [_inline_definitions(item, definitions) for item in node]
    if not isinstance(node, dict):
        return node
    reference = node.get("$ref")
    siblings = {key: value for key, value in node.items() if key != "$ref"}
    if (
        isinstance(reference, str)
        and reference.startswith("#/$defs/")
        and set(siblings) <= _ANNOTATIONS
    ):
        named = definitions[reference.removeprefix("#/$defs/")]
        return {**_inline_definitions(named, definitions), **siblings}
    return {key: _inline_definitions(value, definitions) for key, value in node.items()}


_ANNOTATIONS = {"description", "title", "$comment"}  # words for people: they check nothing


def _draft7(node: Any) -> Any:
    """The same schema in draft-07 terms, which fastjsonschema compiles."""
    if isinstance(node, list):
        return [_draft7(item) for item in node]
    if not isinstance(node, dict):
        return node
    result = {key: _draft7(value) for key, value in node.items() if key != "$schema"}
    if "dependentRequired" in result:
        result["dependencies"] = result.pop("dependentRequired")
    return result


def draft7_schema() -> dict[str, Any]:
    """The schema in the draft-07 terms fastjsonschema compiles (for ``schema_precheck``)."""
    return {"$schema": "http://json-schema.org/draft-07/schema#", **_draft7(schema())}


def passes_precheck(data: Any) -> bool:
    """Whether the schema, compiled to plain Python ahead of time, accepts ``data``: about
    twenty times faster than the validator of record, and only ever used to skip it."""
    precheck = _precheck()
    try:
        precheck.validate(data)
    except (precheck.JsonSchemaValueException, RecursionError):
        return False
    return True


@functools.cache  # imported by the first document that needs it, once
def _precheck() -> Any:
    from newscli.rules import schema_precheck

    return schema_precheck


@functools.cache
def site_precheck(extension: SchemaExtension) -> Callable[[Any], bool]:
    """Whether a site's extension accepts a document, compiled by fastjsonschema when the
    extension reads alike in draft-07 (about twenty times faster than the validator of
    record); else the validator of record itself. Only ever used to skip that validator."""
    converted = draft7_of(extension.schema)
    if converted is None:
        return site_validator(extension).is_valid
    import fastjsonschema

    try:
        compiled = fastjsonschema.compile(converted)
    except Exception:  # a format or pattern fastjsonschema cannot compile: no fast path
        return site_validator(extension).is_valid

    def passes(data: Any) -> bool:
        try:
            compiled(data)
        except Exception:  # a refusal, or any doubt: the validator of record decides
            return False
        return True

    return passes


def schema_problems(document: Document, settings: Settings) -> list[Problem]:
    """The schema's findings about a loaded document, each with its kind and plain words;
    computed once per document, whichever schema rule asks first.

    A document the pre-check accepts is not given to the validator of record (nor is
    python-jsonschema imported for it); every finding still comes from python-jsonschema.
    With a site's extension, the pre-check sees the document without the site's keys, and the
    extension's own validator must accept the whole document too.
    """
    found: list[Problem] | None = document.memo.get("schema")
    if found is None:
        found = document.memo["schema"] = list(_validate(document, settings.extend_schema))
    return found


def _validate(document: Document, extension: SchemaExtension | None) -> Iterator[Problem]:
    data = document.data
    if data is None:
        return
    additions = known_schema(extension)[1]
    passes_site = extension is None or site_precheck(extension)(data)
    if passes_site and passes_precheck(without_additions(data, additions)):
        document.tally[PRECHECK_TALLY] += 1
        return
    missing: dict[str, list[str]] = {}  # by the pointer of the mapping that lacks them
    unknown: dict[str, tuple[list[str], list[str]]] = {}  # unknown and known keys, by mapping
    for error in validator(extension).iter_errors(data):
        pointer = _pointer(error)
        if error.validator == "required":
            # jsonschema raises one error per missing key, naming it only in its message.
            name = ast.literal_eval(error.message.removesuffix(" is a required property"))
            missing.setdefault(pointer, []).append(name)
        elif error.validator == "additionalProperties" and isinstance(error.schema, dict):
            known = list(error.schema.get("properties", {}))
            keys = [key for key in error.instance if key not in known]
            unknown[pointer] = (keys, known)
        else:
            yield from _explain(error, document)
    yield from _keys_problems(missing, unknown)
    if extension is not None:
        for error in site_validator(extension).iter_errors(data):
            yield from _site_problems(error, extension, document)


def _site_problems(
    error: ValidationError, extension: SchemaExtension, document: Document
) -> Iterator[Problem]:
    """A finding of the site's schema, in words, with the key's description from it."""
    pointer = _pointer(error)
    where = label(pointer) or "the article"
    keyword = error.validator
    schema_here: dict[str, Any] = error.schema if isinstance(error.schema, dict) else {}
    value: Any = error.validator_value
    if keyword == "required":
        name = ast.literal_eval(error.message.removesuffix(" is a required property"))
        at = f"{pointer}/{escape_token(name)}"
        owner = f"{label(pointer)} is" if pointer else "the article is"
        message = f"{owner} missing the site's required key `{name}`"
        described = _description(extension, at, {})
    else:
        described = _description(extension, pointer, schema_here)
        if keyword == "enum":
            allowed = ", ".join(_shown_value(item) for item in value)
            message = f"`{where}` is {_describe(error.instance)}; the site allows {allowed}"
        elif keyword == "const":
            message = (
                f"`{where}` is {_describe(error.instance)}; the site wants {_shown_value(value)}"
            )
        elif keyword == "type":
            kinds = [value] if isinstance(value, str) else list(value)
            expected = " or ".join(_TYPE_WORDS.get(kind, kind) for kind in kinds)
            message = f"`{where}` must be {expected}; found {_describe(error.instance)}"
        elif keyword == "pattern":
            message = (
                f"`{where}` {quote(str(error.instance))} does not match the site's pattern "
                f"{quote(str(value))}"
            )
        else:
            message = f"`{where}`: {quote(error.message, 160)}"
    if described:
        message = f"{message} ({visible(described[:160])})"
    yield Problem(message, pointer, kind=SchemaIssue.SITE)


def _description(extension: SchemaExtension, pointer: str, here: dict[str, Any]) -> str:
    """The extension's words for the value at ``pointer``: its own schema's, or those of the
    key above it (for a list's item)."""
    for node in (here, extension.node(pointer), extension.node(pointer.rpartition("/")[0])):
        words = node.get("description") if node else None
        if isinstance(words, str) and words:
            return words
    return ""


def _shown_value(value: Any) -> str:
    return quote(value) if isinstance(value, str) else json.dumps(value)


def _keys_problems(
    missing: dict[str, list[str]], unknown: dict[str, tuple[list[str], list[str]]]
) -> Iterator[Problem]:
    """One finding per mistake: an unknown key that is the misspelling of a missing required
    key is one error at that key; the other missing keys of a mapping are one finding."""
    for pointer, (keys, known) in unknown.items():
        owner = label(pointer) if pointer else ""
        for index, key in enumerate(keys):
            # A guess for the first keys only: past the findings a file shows, none is read.
            guess = closest(key, known, cutoff=0.75) if index < _GUESSES else None
            at = f"{pointer}/{escape_token(key)}"
            if guess is not None and guess in missing.get(pointer, ()):
                missing[pointer].remove(guess)
                message = f"{_unknown_key_message(key, guess, owner)} `{guess}` is required"
                yield Problem(message, at, at_key=True, kind=SchemaIssue.MISSING_KEY)
            else:
                message = _unknown_key_message(key, guess, owner)
                yield Problem(message, at, at_key=True, kind=SchemaIssue.UNKNOWN_KEY)
    for pointer, names in missing.items():
        if names:
            owner = f"{label(pointer)} is" if pointer else "the article is"
            listed = ", ".join(f"`{name}`" for name in names)
            what = "key" if len(names) == 1 else "keys"
            yield Problem(
                f"{owner} missing the required {what} {listed}",
                pointer,
                kind=SchemaIssue.MISSING_KEY,
            )


def schema_check(kind: SchemaIssue) -> Callable[[Document, Settings], Iterator[Problem]]:
    """The check of a rule that the schema feeds: its errors of one kind."""

    def check(document: Document, settings: Settings) -> Iterator[Problem]:
        return (problem for problem in schema_problems(document, settings) if problem.kind == kind)

    return check


def _pointer(error: ValidationError) -> str:
    return "".join(f"/{escape_token(str(part))}" for part in error.absolute_path)


def _explain(error: ValidationError, document: Document) -> Iterator[Problem]:
    # The attributes are typed loosely by jsonschema; here they are plain JSON data.
    schema: dict[str, Any] = error.schema if isinstance(error.schema, dict) else {}
    instance: Any = error.instance
    value: Any = error.validator_value
    pointer = _pointer(error)
    where = label(pointer)
    keyword = error.validator
    if keyword == "type":
        yield _type_problem(error, pointer, document)
    elif keyword in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
        yield Problem(
            f"`{where}` is {instance}; expected {_range(schema)}",
            pointer,
            kind=SchemaIssue.OUT_OF_RANGE,
        )
    elif keyword in ("minLength", "minItems"):
        expected = "at least one item" if keyword == "minItems" else "some text"
        yield Problem(f"`{where}` is empty; expected {expected}", pointer, kind=SchemaIssue.EMPTY)
    elif keyword == "dependentRequired":
        for key, needed in value.items():
            if key in instance and any(name not in instance for name in needed):
                yield Problem(
                    f"`{key}` is set but `{needed[0]}` is missing; the cache URL is "
                    f"derived from `{needed[0]}`",
                    f"{pointer}/{key}",
                    at_key=True,
                    kind=SchemaIssue.MISSING_DEPENDENCY,
                )
    else:
        yield Problem(
            f"`{where}`: {quote(error.message, 120)}", pointer, kind=SchemaIssue.WRONG_TYPE
        )


def _type_problem(error: ValidationError, pointer: str, document: Document) -> Problem:
    where = label(pointer)
    expected_types: Any = error.validator_value
    if isinstance(expected_types, str):
        expected_types = [expected_types]
    expected = " or ".join(_TYPE_WORDS.get(name, name) for name in expected_types)
    node = document.node(pointer)
    if is_plain(node) and node.value == "":
        return Problem(
            f"`{where}` is empty; expected {expected}", pointer, kind=SchemaIssue.WRONG_TYPE
        )
    if "string" in expected_types and is_plain(node) and node.tag in _YAML_TYPE_WORDS:
        found = _YAML_TYPE_WORDS[node.tag]
        return Problem(
            f"`{where}` {quote(node.value)} is read by YAML as {found} because it is not "
            "quoted; quote it",
            pointer,
            kind=SchemaIssue.UNQUOTED,
            fix=value_fix(document, pointer, node.value, style='"', safe=False),
        )
    return Problem(
        f"`{where}` must be {expected}; found {_describe(error.instance)}",
        pointer,
        kind=SchemaIssue.WRONG_TYPE,
    )


def _describe(value: Any) -> str:
    if value is None:
        return "an empty value"
    if isinstance(value, bool):
        return f"{str(value).lower()}"
    if isinstance(value, int | float):
        return f"the number {quote(str(value))}"
    if isinstance(value, str):
        return f"the text {quote(value)}"
    if isinstance(value, list):
        return "a list"
    return "a mapping"


def _range(schema: dict[str, Any]) -> str:
    low, high = schema.get("minimum"), schema.get("maximum")
    if low is not None and high is not None:
        return f"a whole number from {low} to {high}"
    if low is not None:
        return f"a whole number of at least {low}"
    return f"a whole number of at most {high}"


def _unknown_key_message(key: str, guess: str | None, owner: str) -> str:
    where = f" in {owner}" if owner else ""
    message = f"unknown key {quote(key)}{where}"
    return f"{message}; did you mean `{guess}`?" if guess else message
