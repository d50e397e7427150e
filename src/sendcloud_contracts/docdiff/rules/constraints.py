"""What one schema allows, old against new: type and format, null, listed values, bounds, documentation.

Each rule compares two `View`s at one place and returns the changes there, never looking deeper:
`rules/schemas.py` walks the properties, items and alternatives. Whether a change breaks depends on
the side: a client sends what a request schema allows and must accept what a response schema allows.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sendcloud_contracts.docdiff.changes import ABSENT, Side, change
from sendcloud_contracts.docdiff.normalise import LOWER_BOUNDS, NULL, UPPER_BOUNDS, covers

if TYPE_CHECKING:
    from collections.abc import Iterator, Mapping

    from sendcloud_contracts.docdiff.changes import Change, Where
    from sendcloud_contracts.docdiff.normalise import View

# Keywords that allow fewer values once present: `uniqueItems: true`, `additionalProperties: false`.
FLAGS = ("uniqueItems", "additionalProperties")


def kind(view: View) -> str:
    """The types and format a value may have, as a report shows them: `string (date-time) | null`."""
    if view.types is None:
        return "any type"
    names = sorted(view.types - {NULL})
    if view.format is not None:
        names = [
            f"{name} ({view.format})" if name in ("string", "integer", "number") else name for name in names
        ]
    if NULL in view.types:
        names.append(NULL)
    return " | ".join(names) or "no value"


def types_and_format(where: Where, old: View, new: View) -> Iterator[Change]:
    """A new type or format no old value fits (a request) or that old code cannot read (a response)."""
    if old.kinds == new.kinds and old.format == new.format:
        return
    if where.side is Side.REQUEST:
        # Every value the client sends must still be allowed: the new types cover the old ones.
        fits = covers(new.kinds, old.kinds) and new.format in (None, old.format)
        harmless = "type-generalized"
    else:
        fits = covers(old.kinds, new.kinds) and old.format in (None, new.format)
        harmless = "type-specialized"
    suffix = harmless if fits else "type-changed"
    yield change(
        f"{where.family}-{suffix}", where, _without_null(old), _without_null(new), old.pointer, new.pointer
    )


def nullability(where: Where, old: View, new: View) -> Iterator[Change]:
    if old.types is None or new.types is None or old.nullable == new.nullable:
        return
    suffix = "became-nullable" if new.nullable else "became-not-nullable"
    yield change(f"{where.family}-{suffix}", where, kind(old), kind(new), old.pointer, new.pointer)


def listed_values(where: Where, old: View, new: View) -> Iterator[Change]:
    """`enum` (and `const`): one change per value, so that each can be accepted on its own."""
    if old.enum == new.enum:
        return
    if old.enum is None or new.enum is None:
        suffix = "became-enum" if old.enum is None else "became-not-enum"
        yield change(f"{where.family}-{suffix}", where, _values(old), _values(new), old.pointer, new.pointer)
        return
    for value in sorted(old.enum - new.enum):
        yield change(f"{where.family}-enum-value-removed", where, value, ABSENT, old.pointer, new.pointer)
    for value in sorted(new.enum - old.enum):
        yield change(f"{where.family}-enum-value-added", where, ABSENT, value, old.pointer, new.pointer)


def bounds(where: Where, old: View, new: View) -> Iterator[Change]:
    """Bounds, `pattern`, `uniqueItems` and (for what a client sends) `additionalProperties: false`."""
    # A response that may carry more fields than listed is how an API grows: nobody breaks on it.
    flags = FLAGS if where.side is Side.REQUEST else ("uniqueItems",)
    for keyword in (*UPPER_BOUNDS, *LOWER_BOUNDS, *flags):
        before, after = old.bounds.get(keyword), new.bounds.get(keyword)
        if before != after:
            suffix = "constraint-narrowed" if _narrows(keyword, before, after) else "constraint-widened"
            shown = (_bound(keyword, before), _bound(keyword, after))
            yield change(f"{where.family}-{suffix}", where, *shown, old.pointer, new.pointer)
    before, after = old.bounds.get("pattern"), new.bounds.get("pattern")
    if before != after:
        # Two patterns: which allows more is undecidable in general, so both sides may break.
        suffix = (
            "constraint-changed"
            if before and after
            else "constraint-narrowed"
            if after
            else "constraint-widened"
        )
        shown = (_bound("pattern", before), _bound("pattern", after))
        yield change(f"{where.family}-{suffix}", where, *shown, old.pointer, new.pointer)


def _narrows(keyword: str, before: Any, after: Any) -> bool:
    """Whether a bound set, dropped or moved allows fewer values; `before` and `after` differ."""
    if before is None or after is None:
        return before is None
    # The stricter of two bounds is the smaller maximum, the larger minimum.
    stricter = min(before, after) if keyword in UPPER_BOUNDS else max(before, after)
    return bool(stricter == after)


def documentation(where: Where, old: View, new: View) -> Iterator[Change]:
    yield from documentation_changes(where, old.docs, new.docs, old.pointer, new.pointer)


def documentation_changes(
    where: Where, old: Mapping[str, str], new: Mapping[str, str], pointer_old: str, pointer_new: str
) -> Iterator[Change]:
    """Descriptions, summaries, titles and examples: said, never breaking."""
    if old == new:
        return
    keys = sorted(key for key in old.keys() | new.keys() if old.get(key) != new.get(key))
    yield change(
        "documentation-changed",
        where,
        "; ".join(f"{key}: {old.get(key, ABSENT)}" for key in keys),
        "; ".join(f"{key}: {new.get(key, ABSENT)}" for key in keys),
        pointer_old,
        pointer_new,
    )


def _without_null(view: View) -> str:
    return kind(view).removesuffix(f" | {NULL}")


def _values(view: View) -> str:
    return "any value" if view.enum is None else ", ".join(sorted(view.enum))


def _bound(keyword: str, value: object) -> str:
    if value is None:
        return f"no {keyword}"
    if keyword in FLAGS:
        return f"{keyword}: {str(value).lower()}"
    return f"{keyword} {value}"
