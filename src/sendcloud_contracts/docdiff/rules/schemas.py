"""Two schemas at the same place, compared all the way down: properties, items and alternatives.

What a client sends leaves out `readOnly` properties, what it reads leaves out `writeOnly` ones: a
client never meets them there. A property gone while another came in the same object, where the new
document says it is the same (`rules/renames.py`), is one change: renamed, the removal and the
addition under it; the two are then compared like any property kept.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from sendcloud_contracts.docdiff.changes import ABSENT, Side, change, group
from sendcloud_contracts.docdiff.normalise import Part, canonical
from sendcloud_contracts.docdiff.rules import constraints
from sendcloud_contracts.docdiff.rules.renames import Candidate, renames, text

if TYPE_CHECKING:
    from collections.abc import Iterator

    from sendcloud_contracts.docdiff.changes import Change, Where
    from sendcloud_contracts.docdiff.normalise import Reader, View

    # The properties of one side's object a client meets, by name: as written, and viewed.
    Properties = dict[str, tuple[Part, View]]

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
    *,
    moved: frozenset[str] | None = None,
) -> Iterator[Change]:
    """The changes from `old_part` to `new_part`; of the old properties, only those `moved`, if said.

    A payload moved into a wrapper (`rules/wrappers.py`) left the rest at the top of the body, where
    they are compared: the wrapper is compared with what moved.
    """
    old, new = readers.old.view(old_part), readers.new.view(new_part)
    if moved is not None:
        old = replace(old, properties={name: part for name, part in old.properties.items() if name in moved})
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


def visible(reader: Reader, view: View, side: Side) -> Properties:
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
    before, after = visible(readers.old, old, where.side), visible(readers.new, new, where.side)
    removed = [name for name in before if name not in after]
    added = [name for name in after if name not in before]
    gone = {name: candidate(readers.old, before[name][1]) for name in removed}
    came = {name: candidate(readers.new, after[name][1]) for name in added}
    for rename in renames(gone, came):
        removed.remove(rename.old)
        added.remove(rename.new)
        yield group(
            f"{where.side.value}-property-renamed",
            where.child(rename.old),
            rename.old,
            rename.new,
            (before[rename.old][1].pointer, after[rename.new][1].pointer),
            members=[_removed(where, old, before, rename.old), _added(where, new, after, rename.new)],
            why=rename.why,
        )
        yield from _kept(readers, where, (old, before, rename.old), (new, after, rename.new), ancestors)
    for name in removed:
        yield _removed(where, old, before, name)
    for name in added:
        yield _added(where, new, after, name)
    for name in (name for name in before if name in after):
        yield from _kept(readers, where, (old, before, name), (new, after, name), ancestors)


def _removed(where: Where, old: View, before: Properties, name: str) -> Change:
    seen = before[name][1]
    shown = f"{constraints.kind(seen)}, {_requirement(old, name)}"
    return change(f"{where.side.value}-property-removed", where.child(name), shown, ABSENT, seen.pointer)


def _added(where: Where, new: View, after: Properties, name: str) -> Change:
    seen = after[name][1]
    required = name in new.required
    if where.side is Side.REQUEST:
        rule = "new-required-request-property" if required else "new-optional-request-property"
    else:
        rule = "response-required-property-added" if required else "response-optional-property-added"
    shown = f"{constraints.kind(seen)}, {_requirement(new, name)}"
    return change(rule, where.child(name), ABSENT, shown, None, seen.pointer)


def _kept(
    readers: Readers,
    where: Where,
    was: tuple[View, Properties, str],
    now: tuple[View, Properties, str],
    ancestors: frozenset[tuple[str, str]],
) -> Iterator[Change]:
    """A property on both sides (by the same name, or renamed), compared where a client meets it now."""
    (old, before, old_name), (new, after, name) = was, now
    child = where.child(name)
    if (old_name in old.required) != (name in new.required):
        suffix = "became-required" if name in new.required else "became-optional"
        yield change(
            f"{where.side.value}-property-{suffix}",
            child,
            _requirement(old, old_name),
            _requirement(new, name),
            before[old_name][1].pointer,
            after[name][1].pointer,
        )
    yield from compare(readers, child, before[old_name][0], after[name][0], ancestors)


def _requirement(view: View, name: str) -> str:
    return "required" if name in view.required else "optional"


def candidate(reader: Reader, view: View) -> Candidate:
    """A property as a rename sees it: its schema's signature and its words."""
    return Candidate(signature(reader, view), text(view.docs, "description"), text(view.docs, "title"))


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
