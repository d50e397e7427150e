"""What a client sends (parameters, the request body) and reads (statuses, media types, headers, bodies).

A success status removed breaks the client that handles it; an error status removed does not, as
the client handles errors it was never promised anyway. Every response body is compared, the error
bodies included: a client reads the v2 envelope's `message` as much as an integration's `id`. A
parameter gone while another came in the same place, where the new document says it is the same
(`rules/renames.py`), is one change: renamed, the removal and the addition under it. Path parameters
never are: they are matched by position, and their names are not on the wire.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sendcloud_contracts.docdiff import walk
from sendcloud_contracts.docdiff.changes import ABSENT, Side, Where, change, group
from sendcloud_contracts.docdiff.normalise import documentation
from sendcloud_contracts.docdiff.rules import constraints, schemas, wrappers
from sendcloud_contracts.docdiff.rules.renames import Candidate, renames, text

if TYPE_CHECKING:
    from collections.abc import Iterator

    from sendcloud_contracts.docdiff.changes import Change, Operation
    from sendcloud_contracts.docdiff.normalise import Reader
    from sendcloud_contracts.docdiff.rules.schemas import Readers


def _requirement(required: bool) -> str:
    return "required" if required else "optional"


def parameters(readers: Readers, operation: Operation, old: walk.Found, new: walk.Found) -> Iterator[Change]:
    gone = {key: parameter for key, parameter in old.parameters.items() if key not in new.parameters}
    came = {key: parameter for key, parameter in new.parameters.items() if key not in old.parameters}
    for old_key, new_key, why in list(_renamed(readers, gone, came)):
        was, now = gone.pop(old_key), came.pop(new_key)
        yield group(
            "request-parameter-renamed",
            Where(operation, was.place),
            was.name,
            now.name,
            (was.pointer, now.pointer),
            members=[_removed(operation, was), _added(operation, now)],
            why=why,
        )
        yield from _kept(readers, operation, was, now)
    for parameter in gone.values():
        yield _removed(operation, parameter)
    for parameter in came.values():
        yield _added(operation, parameter)
    for key, after in new.parameters.items():
        if key in old.parameters:
            yield from _kept(readers, operation, old.parameters[key], after)


def _renamed(
    readers: Readers, gone: dict[tuple[str, str], walk.Parameter], came: dict[tuple[str, str], walk.Parameter]
) -> Iterator[tuple[tuple[str, str], tuple[str, str], str]]:
    """Renames among the parameters of each place but the path's, as (old key, new key, why)."""
    for location in sorted({location for location, _ in gone} - {"path"}):
        before = {key[1]: _candidate(readers.old, gone[key]) for key in gone if key[0] == location}
        after = {key[1]: _candidate(readers.new, came[key]) for key in came if key[0] == location}
        for rename in renames(before, after):
            yield (location, rename.old), (location, rename.new), rename.why


def _candidate(reader: Reader, parameter: walk.Parameter) -> Candidate:
    """A parameter as a rename sees it: its schema, and its words (its own, else its schema's)."""
    view = reader.view(parameter.schema)
    words = documentation(parameter.raw)
    return Candidate(
        schemas.signature(reader, view),
        text(words, "description") or text(view.docs, "description"),
        text(view.docs, "title"),
    )


def _removed(operation: Operation, gone: walk.Parameter) -> Change:
    where = Where(operation, gone.place)
    return change("request-parameter-removed", where, _requirement(gone.required), ABSENT, gone.pointer)


def _added(operation: Operation, after: walk.Parameter) -> Change:
    where = Where(operation, after.place)
    rule = "new-required-request-parameter" if after.required else "new-optional-request-parameter"
    return change(rule, where, ABSENT, _requirement(after.required), None, after.pointer)


def _kept(
    readers: Readers, operation: Operation, before: walk.Parameter, after: walk.Parameter
) -> Iterator[Change]:
    """A parameter on both sides (by the same name, or renamed), compared where it is sent now."""
    where = Where(operation, after.place, Side.REQUEST, "request-parameter")
    if before.required != after.required:
        rule = "request-parameter-became-required" if after.required else "request-parameter-became-optional"
        yield change(
            rule,
            where,
            _requirement(before.required),
            _requirement(after.required),
            before.pointer,
            after.pointer,
        )
    yield from constraints.documentation_changes(
        where, documentation(before.raw), documentation(after.raw), before.pointer, after.pointer
    )
    yield from schemas.compare(readers, where, before.schema, after.schema)


def request_bodies(
    readers: Readers, operation: Operation, old: walk.Found, new: walk.Found
) -> Iterator[Change]:
    before = walk.request_body(readers.old.document, old)
    after = walk.request_body(readers.new.document, new)
    where = Where(operation, "request body")
    if after is None:
        if before is not None:
            was = before[0].get("required") is True
            yield change("request-body-removed", where, _requirement(was), ABSENT, before[1])
        return
    required = after[0].get("required") is True
    if before is None:
        rule = "request-body-added-required" if required else "request-body-added-optional"
        yield change(rule, where, ABSENT, _requirement(required), None, after[1])
        return
    was = before[0].get("required") is True
    if was != required:
        rule = "request-body-became-required" if required else "request-body-became-optional"
        yield change(rule, where, _requirement(was), _requirement(required), before[1], after[1])
    yield from _contents(readers, where, Side.REQUEST, "request-body", before, after)


def responses(readers: Readers, operation: Operation, old: walk.Found, new: walk.Found) -> Iterator[Change]:
    before = walk.responses(readers.old.document, old)
    after = walk.responses(readers.new.document, new)
    for status, (_response, pointer) in before.items():
        if status not in after:
            kind = "success" if status.startswith("2") else "non-success"
            where = Where(operation, f"response {status}")
            yield change(f"response-{kind}-status-removed", where, status, ABSENT, pointer)
    for status, (response, pointer) in after.items():
        where = Where(operation, f"response {status}")
        if status not in before:
            kind = "success" if status.startswith("2") else "non-success"
            yield change(f"response-{kind}-status-added", where, ABSENT, status, None, pointer)
            continue
        old_response, old_pointer = before[status]
        yield from constraints.documentation_changes(
            where, documentation(old_response), documentation(response), old_pointer, pointer
        )
        yield from _headers(readers, where, before[status], (response, pointer))
        yield from _contents(
            readers, where, Side.RESPONSE, "response-body", before[status], (response, pointer)
        )


def _headers(
    readers: Readers,
    where: Where,
    before: tuple[dict[str, object], str],
    after: tuple[dict[str, object], str],
) -> Iterator[Change]:
    old = walk.headers(readers.old.document, *before)
    new = walk.headers(readers.new.document, *after)
    for name in [*old, *(name for name in new if name not in old)]:
        was, now = old.get(name), new.get(name)
        shown = now or was
        assert shown is not None
        place = Where(where.operation, f"{where.place} header {shown.name}", Side.RESPONSE, "response-header")
        if now is None or was is None:
            if now is None:
                yield change(
                    "response-header-removed", place, _requirement(shown.required), ABSENT, shown.pointer
                )
            else:
                yield change(
                    "response-header-added", place, ABSENT, _requirement(now.required), None, now.pointer
                )
            continue
        if was.required != now.required:
            rule = "response-header-became-required" if now.required else "response-header-became-optional"
            shown_change = (_requirement(was.required), _requirement(now.required))
            yield change(rule, place, *shown_change, was.pointer, now.pointer)
        yield from schemas.compare(readers, place, was.schema, now.schema)


def _contents(
    readers: Readers,
    where: Where,
    side: Side,
    root: str,
    before: tuple[dict[str, object], str],
    after: tuple[dict[str, object], str],
) -> Iterator[Change]:
    old, new = walk.contents(*before), walk.contents(*after)
    # oasdiff's names: `request-body-media-type-removed`, `response-media-type-removed`.
    prefix = "request-body" if side is Side.REQUEST else "response"
    for essence, content in old.items():
        if essence not in new:
            yield change(f"{prefix}-media-type-removed", where, content.name, ABSENT, content.pointer)
    for essence, content in new.items():
        if essence not in old:
            yield change(f"{prefix}-media-type-added", where, ABSENT, content.name, None, content.pointer)
            continue
        place = Where(where.operation, f"{where.place} {content.name}", side, root)
        before_content = old[essence]
        yield from constraints.documentation_changes(
            place,
            documentation(before_content.raw),
            documentation(content.raw),
            before_content.pointer,
            content.pointer,
        )
        yield from wrappers.body(readers, place, before_content.schema, content.schema)
