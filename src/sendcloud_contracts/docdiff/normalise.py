"""What a schema means, whatever its spelling, so that a refactor of the document is no change.

A `View` is one schema with its `$ref` followed, its `allOf` merged, its 3.0 spellings read as 3.1
says them (`nullable: true` is a `null` type, a boolean `exclusiveMaximum` is a bound) and a
`oneOf` or `anyOf` of one schema and `null` read as that schema, nullable. Both spellings are read
in either version: vendors convert documents by halves. Properties and items stay `Part`s, viewed
when the comparison reaches them, so a recursive schema is never unrolled.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from sendcloud_contracts.docdiff.documents import DocumentError

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

    from sendcloud_contracts.docdiff.documents import Document

# The bound on the largest allowed value, and on the smallest: a lower maximum allows fewer values.
UPPER_BOUNDS = ("maxLength", "maximum", "exclusiveMaximum", "maxItems", "maxProperties")
LOWER_BOUNDS = ("minLength", "minimum", "exclusiveMinimum", "minItems", "minProperties")
# What says something to a reader of the document and nothing to a client's code.
DOCUMENTATION = ("title", "description", "summary", "example", "examples", "externalDocs", "$comment")
NULL = "null"


@dataclass(frozen=True)
class Part:
    """A schema as written, and where: viewed only when a comparison reaches it."""

    raw: Any
    pointer: str


@dataclass(frozen=True)
class View:
    pointer: str = ""
    # None: any type (no `type` said). "null" is in the set when null is allowed.
    types: frozenset[str] | None = None
    format: str | None = None
    # Each allowed value as canonical JSON; null aside, which `types` carries.
    enum: frozenset[str] | None = None
    # Bounds (UPPER_BOUNDS, LOWER_BOUNDS), `pattern`, `uniqueItems: true`, `additionalProperties: false`.
    bounds: Mapping[str, Any] = field(default_factory=dict)
    properties: Mapping[str, Part] = field(default_factory=dict)
    required: frozenset[str] = frozenset()
    items: Part | None = None
    alternatives: tuple[Part, ...] = ()
    read_only: bool = False
    write_only: bool = False
    docs: Mapping[str, str] = field(default_factory=dict)

    @property
    def nullable(self) -> bool:
        return self.types is None or NULL in self.types

    @property
    def kinds(self) -> frozenset[str] | None:
        """The types without null."""
        return None if self.types is None else self.types - {NULL}


def canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False)


def intersect(first: frozenset[str] | None, second: frozenset[str] | None) -> frozenset[str] | None:
    """The types both allow; an integer is a number."""
    if first is None:
        return second
    if second is None:
        return first
    both = set(first & second)
    if ("integer" in first and "number" in second) or ("number" in first and "integer" in second):
        both.add("integer")
    return frozenset(both)


def covers(wide: frozenset[str] | None, narrow: frozenset[str] | None) -> bool:
    """Whether every value of the `narrow` types is one of the `wide` ones."""
    if wide is None:
        return True
    if narrow is None:
        return False
    return all(kind in wide or (kind == "integer" and "number" in wide) for kind in narrow)


class Reader:
    """Views the schemas of one document."""

    def __init__(self, document: Document) -> None:
        self.document = document
        # A schema reached from many places (a `$ref`ed component) is viewed once. The part is kept
        # with its view, so that the identity of its schema is never reused by another one.
        self._views: dict[tuple[str, int], tuple[Part, View]] = {}

    def view(self, part: Part, _following: frozenset[str] = frozenset()) -> View:
        key = (part.pointer, id(part.raw))
        if key not in self._views:
            self._views[key] = (part, self._view(part, _following))
        return self._views[key][1]

    def _view(self, part: Part, _following: frozenset[str]) -> View:
        raw, pointer = part.raw, part.pointer
        if raw is True or raw == {}:
            return View(pointer)
        if raw is False:
            return View(pointer, types=frozenset())
        if not isinstance(raw, dict):
            raise DocumentError(f"{self.document.label}: {pointer} is not a schema (a mapping)")
        conjuncts = []
        own = {key: value for key, value in raw.items() if key != "$ref"}
        if "$ref" in raw:
            target, target_pointer = self.document.resolve(raw["$ref"])
            # A reference with nothing beside it but words is the schema it names, written there.
            if all(key in DOCUMENTATION for key in own):
                pointer = target_pointer
            # A schema that is its own `allOf` (through references) allows what it says once.
            if target_pointer not in _following:
                conjuncts.append(self.view(Part(target, target_pointer), _following | {target_pointer}))
        conjuncts.append(self._own(own, pointer))
        for index, branch in enumerate(own.get("allOf") or []):
            conjuncts.append(self.view(Part(branch, f"{pointer}/allOf/{index}"), _following))
        merged = merge(conjuncts, pointer)
        # OpenAPI 3.0's null, also beside an `allOf` it applies to (`nullable: true, allOf: [$ref]`).
        if own.get("nullable") is True and merged.types is not None:
            merged = replace(merged, types=merged.types | {NULL})
        # The sibling documentation of a `$ref` is what the reader sees there (OpenAPI 3.1).
        docs = {**merged.docs, **documentation(own)}
        return self._alternatives(replace(merged, docs=docs), own, pointer, _following)

    def _own(self, raw: dict[str, Any], pointer: str) -> View:
        types = _types(raw)
        enum = raw.get("enum") if isinstance(raw.get("enum"), list) else None
        if "const" in raw:
            enum = [raw["const"]]
        properties = raw["properties"] if isinstance(raw.get("properties"), dict) else {}
        required = raw["required"] if isinstance(raw.get("required"), list) else []
        items = raw.get("items")
        # Where the schema is written is the merged view's (`merge`), not this part's.
        return View(
            types=types,
            format=raw.get("format") if isinstance(raw.get("format"), str) else None,
            enum=None if enum is None else frozenset(canonical(value) for value in enum if value is not None),
            bounds=_bounds(raw),
            properties={
                name: Part(schema, f"{pointer}/properties/{_escape(name)}")
                for name, schema in properties.items()
            },
            required=frozenset(str(name) for name in required),
            items=Part(items, f"{pointer}/items") if isinstance(items, (dict, bool)) else None,
            read_only=raw.get("readOnly") is True,
            write_only=raw.get("writeOnly") is True,
        )

    def _alternatives(
        self, merged: View, raw: dict[str, Any], pointer: str, following: frozenset[str]
    ) -> View:
        """`oneOf`/`anyOf`: null branches make the schema nullable; one branch left is the schema itself."""
        for keyword in ("oneOf", "anyOf"):
            branches = raw.get(keyword)
            if not isinstance(branches, list):
                continue
            parts = [Part(branch, f"{pointer}/{keyword}/{index}") for index, branch in enumerate(branches)]
            seen = [(part, self.view(part, following)) for part in parts]
            rest = [(part, view) for part, view in seen if view.types != frozenset({NULL})]
            nullable = len(rest) < len(seen)
            if len(rest) == 1:
                merged = merge([merged, rest[0][1]], pointer, keep_docs=merged.docs)
            else:
                merged = replace(merged, alternatives=tuple(part for part, _ in rest))
            if nullable and merged.types is not None:
                merged = replace(merged, types=merged.types | {NULL})
        return merged


def merge(views: Iterable[View], pointer: str, keep_docs: Mapping[str, str] | None = None) -> View:
    """What all of `views` allow at once (`allOf`)."""
    result = View(pointer)
    for view in views:
        properties = dict(result.properties)
        for name, part in view.properties.items():
            if name in properties:
                # Both constrain the property: the merged one is their `allOf`.
                part = Part({"allOf": [properties[name].raw, part.raw]}, properties[name].pointer)
            properties[name] = part
        result = View(
            pointer,
            types=intersect(result.types, view.types),
            format=result.format or view.format,
            enum=view.enum
            if result.enum is None
            else result.enum
            if view.enum is None
            else result.enum & view.enum,
            bounds=_stricter(result.bounds, view.bounds),
            properties=properties,
            required=result.required | view.required,
            items=result.items or view.items,
            alternatives=result.alternatives or view.alternatives,
            read_only=result.read_only or view.read_only,
            write_only=result.write_only or view.write_only,
            docs={**view.docs, **result.docs},
        )
    return result if keep_docs is None else replace(result, docs=dict(keep_docs))


def _types(raw: dict[str, Any]) -> frozenset[str] | None:
    kind = raw.get("type")
    if isinstance(kind, str):
        return frozenset({kind})
    if isinstance(kind, list):
        return frozenset(str(item) for item in kind)
    # Written without `type`, a schema of properties documents an object, one of items a list.
    if any(key in raw for key in ("properties", "required", "additionalProperties")):
        return frozenset({"object"})
    if "items" in raw or "prefixItems" in raw:
        return frozenset({"array"})
    return None


def _bounds(raw: dict[str, Any]) -> dict[str, Any]:
    bounds = {
        keyword: raw[keyword]
        for keyword in (*UPPER_BOUNDS, *LOWER_BOUNDS)
        if isinstance(raw.get(keyword), (int, float)) and not isinstance(raw.get(keyword), bool)
    }
    # OpenAPI 3.0: `exclusiveMaximum: true` makes `maximum` exclusive; 3.1 writes the bound itself.
    for flag, bound in (("exclusiveMaximum", "maximum"), ("exclusiveMinimum", "minimum")):
        if raw.get(flag) is True and bound in bounds:
            bounds[flag] = bounds.pop(bound)
    if isinstance(raw.get("pattern"), str):
        bounds["pattern"] = raw["pattern"]
    if raw.get("uniqueItems") is True:
        bounds["uniqueItems"] = True
    if raw.get("additionalProperties") is False:
        bounds["additionalProperties"] = False
    return bounds


def _stricter(first: Mapping[str, Any], second: Mapping[str, Any]) -> dict[str, Any]:
    bounds = {**second, **first}
    for keyword in UPPER_BOUNDS:
        if keyword in first and keyword in second:
            bounds[keyword] = min(first[keyword], second[keyword])
    for keyword in LOWER_BOUNDS:
        if keyword in first and keyword in second:
            bounds[keyword] = max(first[keyword], second[keyword])
    return bounds


def documentation(raw: dict[str, Any]) -> dict[str, str]:
    return {keyword: canonical(raw[keyword]) for keyword in DOCUMENTATION if keyword in raw}


def _escape(name: str) -> str:
    return name.replace("~", "~0").replace("/", "~1")
