"""What a client sends (parameters, the request body) and reads (statuses, media types, headers, bodies).

A success status removed breaks the client that handles it; an error status removed does not, as
the client handles errors it was never promised anyway. Every response body is compared, the error
bodies included: a client reads the v2 envelope's `message` as much as an integration's `id`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sendcloud_contracts.docdiff import walk
from sendcloud_contracts.docdiff.changes import ABSENT, Side, Where, change
from sendcloud_contracts.docdiff.normalise import documentation
from sendcloud_contracts.docdiff.rules import constraints, schemas

if TYPE_CHECKING:
    from collections.abc import Iterator

    from sendcloud_contracts.docdiff.changes import Change, Operation
    from sendcloud_contracts.docdiff.rules.schemas import Readers


def _requirement(required: bool) -> str:
    return "required" if required else "optional"


def parameters(readers: Readers, operation: Operation, old: walk.Found, new: walk.Found) -> Iterator[Change]:
    for key, gone in old.parameters.items():
        if key not in new.parameters:
            where = Where(operation, gone.place)
            yield change(
                "request-parameter-removed", where, _requirement(gone.required), ABSENT, gone.pointer
            )
    for key, after in new.parameters.items():
        where = Where(operation, after.place, Side.REQUEST, "request-parameter")
        before = old.parameters.get(key)
        if before is None:
            rule = "new-required-request-parameter" if after.required else "new-optional-request-parameter"
            yield change(rule, where, ABSENT, _requirement(after.required), None, after.pointer)
            continue
        if before.required != after.required:
            rule = (
                "request-parameter-became-required" if after.required else "request-parameter-became-optional"
            )
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
        yield from schemas.compare(readers, place, before_content.schema, content.schema)
