"""A payload moved into a wrapper: the body a client read or sent is now one property of a new object.

`{"data": {...}}` for what was one object, `{"data": [...]}` for what was a list, recognised from the
two schemas alone (as compared: `$ref` followed, `allOf` merged). The new body must be an object, and
exactly one property only it has must hold the old payload:

- an object: more than half of its properties are gone from the top and found in the wrapper's
  object, by name or under the name the wrapper's own descriptions say it had (`rules/renames.py`);
- a list: the wrapper is a list, of items like the old (more than half of their properties found
  the same way, or, for items without properties, the same types).

Fewer than that is a body changed, not moved, and is reported as it is; so is a body that is a
choice (`oneOf`, `anyOf`) on either side. A wrapper found is one change; its members are what the
plain comparison finds at the top of the body (each property gone from there, the wrapper added, a
list become an object). What moved is then compared with what the wrapper holds, and each
difference there is reported on its own: a property gone for good, a rename, a type changed.
Grouping hides no break; it says where the payload went.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from sendcloud_contracts.docdiff.changes import group
from sendcloud_contracts.docdiff.normalise import View
from sendcloud_contracts.docdiff.rules import schemas
from sendcloud_contracts.docdiff.rules.renames import stated, text

if TYPE_CHECKING:
    from collections.abc import Iterator

    from sendcloud_contracts.docdiff.changes import Change, Side, Where
    from sendcloud_contracts.docdiff.normalise import Part, Reader
    from sendcloud_contracts.docdiff.rules.schemas import Readers

OBJECT = frozenset({"object"})
LIST = frozenset({"array"})


@dataclass(frozen=True)
class Wrapping:
    """The property of the new body that holds the old payload, and what showed it."""

    name: str
    content: Part
    # "object" or "list": what the payload was, and still is.
    shape: str
    why: str


def body(readers: Readers, where: Where, old_part: Part, new_part: Part) -> Iterator[Change]:
    """A request or response body compared: as a payload moved into a wrapper where it was one."""
    old, new = readers.old.view(old_part), readers.new.view(new_part)
    found = wrapping(readers, where.side, old, new)
    if found is None:
        yield from schemas.compare(readers, where, old_part, new_part)
        return
    flat = list(schemas.compare(readers, where, old_part, new_part))
    gone = [name for name in old.properties if name not in new.properties]
    places = {where.location} | {where.child(name).location for name in (*gone, found.name)}
    members = [item for item in flat if item.location in places and not item.members]
    # A property renamed at the top stayed there, under its new name: it is no part of the payload.
    renamed = {item.old for item in flat if item.members and item.location == where.child(item.old).location}
    yield group(
        f"{where.root}-wrapped",
        where,
        f"{found.shape} at the top of the body",
        f"{found.shape} in `{found.name}`",
        (old.pointer, found.content.pointer),
        members=members,
        why=found.why,
        wrapper=found.name,
    )
    yield from (item for item in flat if item not in members)
    moved = frozenset(name for name in gone if name not in renamed)
    yield from schemas.compare(readers, where.child(found.name), old_part, found.content, moved=moved)


def wrapping(readers: Readers, side: Side, old: View, new: View) -> Wrapping | None:
    """The one property of `new` that holds what `old` was, if there is exactly one."""
    if new.kinds != OBJECT or old.alternatives or new.alternatives:
        return None
    before = schemas.visible(readers.old, old, side)
    after = schemas.visible(readers.new, new, side)
    found = []
    for name, (part, content) in after.items():
        if name in before:
            continue
        why = _holds(readers, side, (old, set(after)), (name, content))
        if why:
            found.append(Wrapping(name, part, "list" if old.kinds == LIST else "object", why))
    return found[0] if len(found) == 1 else None


def _holds(readers: Readers, side: Side, was: tuple[View, set[str]], now: tuple[str, View]) -> str:
    """Why the property `now` names holds the old payload, or "" if it does not.

    `was` is the old body and the names still at the top of the new one: those did not move.
    """
    (old, still), (name, content) = was, now
    if old.kinds != LIST:
        share = _share(readers, side, (old, still), content, "the body's")
        return f"`{name}` holds {share}" if share else ""
    if content.kinds != LIST:
        return ""
    items = _items(readers.old, old), _items(readers.new, content)
    listed = f"the body was a list and `{name}` is one"
    if items[0].properties:
        share = _share(readers, side, (items[0], set()), items[1], "the old items'")
        return f"{listed}, its items holding {share}" if share else ""
    return f"{listed}, of items of the same types" if items[0].kinds == items[1].kinds else ""


def _share(readers: Readers, side: Side, was: tuple[View, set[str]], content: View, whose: str) -> str:
    """How many of the old object's properties `content` holds, as the report says it; "" unless most.

    A property is held under its name, or under another whose description says it was called so.
    """
    old, still = was
    before = schemas.visible(readers.old, old, side)
    named = schemas.visible(readers.new, content, side)
    said = {earlier for _, seen in named.values() for earlier in stated(text(seen.docs, "description"))}
    moved = [name for name in before if name not in still and (name in named or name in said)]
    if 2 * len(moved) <= len(before):
        return ""
    renamed = sum(name not in named for name in moved)
    under = f" ({renamed} under the new name its description gives)" if renamed else ""
    return f"{len(moved)} of {whose} {len(before)} properties{under}"


def _items(reader: Reader, view: View) -> View:
    """A list's items, viewed; a list that does not say has items of any type."""
    return reader.view(view.items) if view.items is not None else View()
