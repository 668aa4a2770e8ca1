"""The article's fields in words, from the schema's descriptions: the README's table and the
language server's hovers say the same thing because both come from here."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from newscli.rules.article_schema import known_schema, schema
from newscli.schema_extension import SchemaExtension


def field_schema(pointer: str, extension: SchemaExtension | None = None) -> dict[str, Any] | None:
    """The schema of the value at a JSON pointer into an article (list indexes included), or
    None when the schema knows no such field. With a site's extension, its keys are fields
    too, and what it says of a field (its words, its allowed values) adds to the format's."""
    node: Any = known_schema(extension)[0]
    for token in pointer.split("/")[1:]:
        if not isinstance(node, dict):
            node = None
            break
        if token.isdigit() and isinstance(node.get("items"), dict):
            node = node["items"]
        elif isinstance(node.get("properties"), dict) and token in node["properties"]:
            node = node["properties"][token]
        else:
            node = None
            break
    own = node if isinstance(node, dict) else None
    site = extension.node(pointer) if extension is not None else None
    if own is None or site is None:
        return own
    return {**site, **{key: value for key, value in own.items() if value}}


def field_keys(pointer: str, extension: SchemaExtension | None = None) -> list[str]:
    """The keys the mapping at ``pointer`` may hold, in the schema's order (a site's own
    keys last)."""
    node = field_schema(pointer, extension)
    properties = node.get("properties") if node else None
    return list(properties) if isinstance(properties, dict) else []


def _rows(node: dict[str, Any], prefix: str) -> Iterator[tuple[str, bool, str]]:
    required = set(node.get("required", ()))
    for key, value in node.get("properties", {}).items():
        name = f"{prefix}{key}"
        yield name, key in required, value.get("description", "")
        inner = value.get("items", value)
        if isinstance(inner, dict) and "properties" in inner and key != "related":
            suffix = "[]." if "items" in value else "."
            yield from _rows(inner, f"{name}{suffix}")


def fields_table() -> str:
    """The Markdown table of every field an article may hold (a related story's fields are
    the article's own, as the schema gives them)."""
    lines = ["| field | required | what it holds |", "|---|---|---|"]
    for name, required, description in _rows(schema(), ""):
        lines.append(f"| `{name}` | {'yes' if required else 'no'} | {description} |")
    return "\n".join(lines) + "\n"
