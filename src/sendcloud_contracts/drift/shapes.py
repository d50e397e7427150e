"""The shape of recorded answers: per operation and status, the headers and each field's JSON types.

A field is a dotted path (`error.code`, `results[].id`). The document guides the walk: the keys of an
object it documents as free-form (no `properties`: a log's `headers`, a map) are data, not fields,
so they are one path, `headers.*`, whatever keys one night's data happens to hold.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

# The pseudo-path of the body itself, so that e.g. an object turning into an HTML page is seen.
BODY = "(body)"
# Where every value of a free-form object goes, under that object's own path.
ANY_KEY = "*"

# A schema node, `$ref`s followed; None where the document says nothing the walk can follow.
Schema = dict[str, Any] | None


@dataclass(frozen=True)
class Answer:
    """One recorded response, reduced to what drift compares."""

    operation: str
    status: int
    headers: frozenset[str]
    body: bytes


@dataclass
class StatusShape:
    """Everything seen in the answers of one operation with one status code."""

    headers: dict[str, str] = field(default_factory=dict)  # lowercased name -> name as first seen
    fields: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))  # path -> JSON types


Observed = dict[str, dict[int, StatusShape]]


class Documented:
    """The document's response schemas, as the walk needs them: `$ref`s followed, `allOf`s merged."""

    def __init__(
        self,
        schema_for: Callable[[str, int], dict[str, Any] | None],
        merged: Callable[[dict[str, Any]], dict[str, Any]],
    ) -> None:
        self._schema_for = schema_for
        self._merged = merged

    def response(self, operation: str, status: int) -> Schema:
        return self.node(self._schema_for(operation, status))

    def node(self, schema: Any) -> Schema:
        return self._merged(schema) if isinstance(schema, dict) else None


def free_form(node: dict[str, Any]) -> bool:
    """An object the document gives no properties: its keys are the data's, not the API's fields."""
    if node.get("properties") or any(key in node for key in ("oneOf", "anyOf")):
        return False
    types = node.get("type", [])
    return "object" in ([types] if isinstance(types, str) else types) or "additionalProperties" in node


def observe(answers: Iterable[Answer], documented: Documented | None = None) -> Observed:
    observed: Observed = defaultdict(dict)
    for answer in answers:
        shape = observed[answer.operation].setdefault(answer.status, StatusShape())
        for name in sorted(answer.headers):
            shape.headers.setdefault(name.lower(), name)
        if answer.body.strip():
            try:
                payload = json.loads(answer.body)
            except ValueError:
                shape.fields[BODY].add("not JSON")
            else:
                schema = documented.response(answer.operation, answer.status) if documented else None
                _walk(payload, "", shape.fields, schema, documented)
    return dict(observed)


def _walk(
    value: Any, path: str, fields: dict[str, set[str]], node: Schema, documented: Documented | None
) -> None:
    fields[path or BODY].add(json_type(value))
    follow = documented.node if documented is not None else _undocumented
    if isinstance(value, dict):
        if node is not None and free_form(node):
            values = follow(node.get("additionalProperties"))
            for item in value.values():
                _walk(item, _join(path, ANY_KEY), fields, values, documented)
            return
        properties = node.get("properties", {}) if node is not None else {}
        for key, item in value.items():
            _walk(item, _join(path, str(key)), fields, follow(properties.get(key)), documented)
    elif isinstance(value, list):
        items = follow(node.get("items")) if node is not None else None
        for item in value:
            _walk(item, f"{path}[]", fields, items, documented)


def _undocumented(_schema: Any) -> Schema:
    return None


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    return "array" if isinstance(value, list) else "object"
