"""Two schemas at the same place, compared all the way down: properties, items and alternatives.

What a client sends leaves out `readOnly` properties, what it reads leaves out `writeOnly` ones: a
client never meets them there. A property that disappears while another with the same schema
appears in the same object is reported as renamed, once, not as one removal and one addition.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from sendcloud_contracts.docdiff.changes import ABSENT, Side, change
from sendcloud_contracts.docdiff.normalise import Part, canonical
from sendcloud_contracts.docdiff.rules import constraints

if TYPE_CHECKING:
    from collections.abc import Iterator

    from sendcloud_contracts.docdiff.changes import Change, Where
    from sendcloud_contracts.docdiff.normalise import Reader, View

ANY = True
# How deep two schemas must agree to be the same schema under another name, or the same alternative.
SIGNATURE_DEPTH = 3


@dataclass(frozen=True)
class Readers:
    old: Reader
    new: Reader


def compare(
    readers: Readers,
    where: Where,
    old_part: Part,
    new_part: Part,
    ancestors: frozenset[tuple[str, str]] = frozenset(),
) -> Iterator[Change]:
    old, new = readers.old.view(old_part), readers.new.view(new_part)
    # A recursive schema meets itself again below: it was compared on the way down.
    pair = (old.pointer, new.pointer)
    if pair in ancestors:
        return
    ancestors = ancestors | {pair}
    yield from constraints.documentation(where, old, new)
    if bool(old.alternatives) != bool(new.alternatives):
        # One schema on one side, a choice on the other (`X` and `oneOf: [X, Y]`): the choices are
        # compared, the plain schema standing as a choice of one.
        yield from constraints.nullability(where, old, new)
        yield from _matched(readers, where, old.alternatives or (old_part,), new.alternatives or (new_part,))
        return
    yield from constraints.types_and_format(where, old, new)
    yield from constraints.nullability(where, old, new)
    yield from constraints.listed_values(where, old, new)
    yield from constraints.bounds(where, old, new)
    yield from _properties(readers, where, old, new, ancestors)
    yield from _items(readers, where, old, new, ancestors)
    yield from _alternatives(readers, where, old.alternatives, new.alternatives, ancestors)


def _visible(reader: Reader, view: View, side: Side) -> dict[str, tuple[Part, View]]:
    """The properties a client meets on this side, viewed."""
    shown = {}
    for name, part in view.properties.items():
        seen = reader.view(part)
        if (side is Side.REQUEST and seen.read_only) or (side is Side.RESPONSE and seen.write_only):
            continue
        shown[name] = (part, seen)
    return shown


def _properties(
    readers: Readers, where: Where, old: View, new: View, ancestors: frozenset[tuple[str, str]]
) -> Iterator[Change]:
    before, after = _visible(readers.old, old, where.side), _visible(readers.new, new, where.side)
    removed = [name for name in before if name not in after]
    added = [name for name in after if name not in before]
    side = where.side.value
    for old_name, new_name in _renamed(readers, before, after, removed, added):
        removed.remove(old_name)
        added.remove(new_name)
        yield change(
            f"{side}-property-renamed",
            where.child(old_name),
            old_name,
            new_name,
            before[old_name][1].pointer,
            after[new_name][1].pointer,
        )
    for name in removed:
        seen = before[name][1]
        shown = f"{constraints.kind(seen)}, {_requirement(old, name)}"
        yield change(f"{side}-property-removed", where.child(name), shown, ABSENT, seen.pointer)
    for name in added:
        seen = after[name][1]
        required = name in new.required
        if where.side is Side.REQUEST:
            rule = "new-required-request-property" if required else "new-optional-request-property"
        else:
            rule = "response-required-property-added" if required else "response-optional-property-added"
        shown = f"{constraints.kind(seen)}, {_requirement(new, name)}"
        yield change(rule, where.child(name), ABSENT, shown, None, seen.pointer)
    for name in (name for name in before if name in after):
        child = where.child(name)
        was, now = name in old.required, name in new.required
        if was != now:
            suffix = "became-required" if now else "became-optional"
            yield change(
                f"{side}-property-{suffix}",
                child,
                _requirement(old, name),
                _requirement(new, name),
                before[name][1].pointer,
                after[name][1].pointer,
            )
        yield from compare(readers, child, before[name][0], after[name][0], ancestors)


def _requirement(view: View, name: str) -> str:
    return "required" if name in view.required else "optional"


def _renamed(
    readers: Readers,
    before: dict[str, tuple[Part, View]],
    after: dict[str, tuple[Part, View]],
    removed: list[str],
    added: list[str],
) -> list[tuple[str, str]]:
    """Pairs of a removed and an added property whose schemas match each other and nothing else there."""
    gone = {name: signature(readers.old, before[name][1]) for name in removed}
    came = {name: signature(readers.new, after[name][1]) for name in added}
    pairs = []
    for old_name, mark in gone.items():
        matches = [name for name, other in came.items() if other == mark]
        if len(matches) == 1 and list(gone.values()).count(mark) == 1:
            pairs.append((old_name, matches[0]))
    return pairs


def signature(reader: Reader, view: View, depth: int = SIGNATURE_DEPTH) -> str:
    """What a schema allows, to a depth, without its documentation: equal for the same schema."""
    meaning: list[object] = [
        None if view.types is None else sorted(view.types),
        view.format,
        None if view.enum is None else sorted(view.enum),
        sorted(view.bounds.items()),
        sorted(view.required),
        view.read_only,
        view.write_only,
    ]
    if depth > 0:
        below = depth - 1
        meaning.append(
            {name: signature(reader, reader.view(part), below) for name, part in view.properties.items()}
        )
        meaning.append(None if view.items is None else signature(reader, reader.view(view.items), below))
        meaning.append([signature(reader, reader.view(part), below) for part in view.alternatives])
    return canonical(meaning)


def choice(reader: Reader, part: Part) -> str:
    """A choice's signature: its null is the whole schema's, compared on its own, so it is left out."""
    view = reader.view(part)
    return signature(reader, replace(view, types=view.kinds))


def _items(
    readers: Readers, where: Where, old: View, new: View, ancestors: frozenset[tuple[str, str]]
) -> Iterator[Change]:
    if old.items is None and new.items is None:
        return
    # Items on one side only are compared with "any item", when both sides are lists at all.
    if old.items is None or new.items is None:
        lists = all(view.kinds is None or "array" in view.kinds for view in (old, new))
        if not lists:
            return
    old_items = old.items or Part(ANY, old.pointer)
    new_items = new.items or Part(ANY, new.pointer)
    yield from compare(readers, where.child("[]"), old_items, new_items, ancestors)


def _alternatives(
    readers: Readers,
    where: Where,
    before: tuple[Part, ...],
    after: tuple[Part, ...],
    ancestors: frozenset[tuple[str, str]],
) -> Iterator[Change]:
    """Choices of the same number, compared in order; of another number, matched (`_matched`)."""
    if len(before) != len(after):
        yield from _matched(readers, where, before, after)
        return
    for index, first in enumerate(before, start=1):
        place = where.child(f"(alternative {index})")
        yield from compare(readers, place, first, after[index - 1], ancestors)


def _matched(
    readers: Readers, where: Where, before: tuple[Part, ...], after: tuple[Part, ...]
) -> Iterator[Change]:
    """Choices that match one on the other side stay; the others were removed or added."""
    old_marks = [choice(readers.old, part) for part in before]
    new_marks = [choice(readers.new, part) for part in after]
    for index, part in enumerate(before, start=1):
        if old_marks[index - 1] not in new_marks:
            shown = f"alternative {index}: {constraints.kind(readers.old.view(part))}"
            yield change(f"{where.family}-one-of-removed", where, shown, ABSENT, part.pointer)
    for index, part in enumerate(after, start=1):
        if new_marks[index - 1] not in old_marks:
            shown = f"alternative {index}: {constraints.kind(readers.new.view(part))}"
            yield change(f"{where.family}-one-of-added", where, ABSENT, shown, None, part.pointer)
