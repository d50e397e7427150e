"""Every date-time the schema describes, at any depth, is RFC 3339 with an offset.

The rule walks the body alongside its documented schema, so it finds date-times wherever the
schema puts them: at the top, in nested objects, in the items of a list (`results.0.created_at`).
It names each field by its path, as the schema rule does, so accepted deviations match both alike.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import jsonschema_rs

from sendcloud_contracts.rules.model import Violation, is_rfc3339, show

if TYPE_CHECKING:
    from collections.abc import Iterator

    from sendcloud_contracts.rules.model import Exchange
    from sendcloud_contracts.spec import Spec

RULE = "timestamp"
DOCUMENTED = "RFC 3339 date-time with an offset (Z or +hh:mm), e.g. 2020-06-03T13:27:58.636020+02:00"
# Alternatives describe one value in several ways; only the ones the value is an instance of apply.
_ALTERNATIVES = ("oneOf", "anyOf")


def timestamps(exchange: Exchange, spec: Spec) -> Iterator[Violation]:
    """Every documented date-time is RFC 3339 with a time zone offset, or `null` where allowed."""
    schema = spec.response_schema(exchange.operation_path, exchange.method, exchange.status)
    if schema is None:
        return
    found: dict[str, tuple[str, bool]] = {}
    for path, value, nullable in _date_times(spec, schema, exchange.json, ()):
        # `allOf` and alternatives can describe one field twice; it is one field all the same.
        found.setdefault(".".join(path) or "(body)", (value, nullable))
    for field, (value, nullable) in found.items():
        if not is_rfc3339(value):
            yield Violation(RULE, field, show(value), DOCUMENTED + (" or null" if nullable else ""))


def _date_times(
    spec: Spec, schema: Any, value: Any, path: tuple[str, ...]
) -> Iterator[tuple[tuple[str, ...], str, bool]]:
    """(path, value, nullable) of each string the schema documents as a date-time.

    The walk follows the value, not the schema, so a recursive schema ends where the body does.
    `null`, and any other type, is the schema rule's to judge; so are absent fields.
    """
    if not isinstance(schema, dict):
        return
    node = spec.resolve(schema)
    if node.get("format") == "date-time" and isinstance(value, str):
        # `type` is one name or a list of names; of the JSON types' names only "null" holds "null".
        yield path, value, "null" in node.get("type", ())
    for part in node.get("allOf", []):
        yield from _date_times(spec, part, value, path)
    for keyword in _ALTERNATIVES:
        for alternative in node.get(keyword, []):
            if _describes(spec, alternative, value):
                yield from _date_times(spec, alternative, value, path)
    if isinstance(value, dict):
        for name, child in node.get("properties", {}).items():
            if name in value:
                yield from _date_times(spec, child, value[name], (*path, name))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _date_times(spec, node.get("items"), item, (*path, str(index)))


def _describes(spec: Spec, alternative: Any, value: Any) -> bool:
    # A field of another alternative may be a plain string where this one documents a date-time.
    # Draft 2020-12, jsonschema_rs' default, leaves formats unchecked: a broken date-time does not
    # hide the alternative it breaks.
    rooted = {**spec.resolve(alternative), "components": spec.document.get("components", {})}
    return bool(jsonschema_rs.validator_for(rooted).is_valid(value))
