"""Small documents for the rules' unit tests: one operation reading or sending one schema."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sendcloud_contracts.docdiff.documents import Document
from sendcloud_contracts.docdiff.rules.operations import compare_documents

if TYPE_CHECKING:
    from sendcloud_contracts.docdiff.changes import Change

Raw = dict[str, Any]


def api(paths: Raw | None = None, schemas: Raw | None = None, **extra: Any) -> Document:
    root: Raw = {"openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "paths": paths or {}}
    if schemas is not None:
        root["components"] = {"schemas": schemas}
    root.update(extra)
    return Document("doc", root)


def reading(schema: Any, schemas: Raw | None = None, **response: Any) -> Document:
    """`GET /things` answering 200 with `schema`."""
    answer = {"description": "OK", "content": {"application/json": {"schema": schema}}, **response}
    return api({"/things": {"get": {"responses": {"200": answer}}}}, schemas)


def sending(schema: Any, schemas: Raw | None = None, **body: Any) -> Document:
    """`POST /things` taking `schema` as its JSON body."""
    request = {"content": {"application/json": {"schema": schema}}, **body}
    return api(
        {"/things": {"post": {"requestBody": request, "responses": {"204": {"description": "done"}}}}},
        schemas,
    )


def with_parameters(*parameters: Raw, path: str = "/things") -> Document:
    return api({path: {"get": {"parameters": list(parameters), "responses": {"200": {"description": "OK"}}}}})


def changes(old: Document, new: Document) -> list[Change]:
    """The changes, each (and each consequence of a group) checked to name where each document writes it."""
    found = compare_documents(old, new)
    # A group's consequences name where they are written as every other change does.
    for item in [*found, *(member for grouped in found for member in grouped.members)]:
        came = ("added" in item.rule or item.rule.startswith("new-")) and not item.rule.endswith(_BOTH_SIDES)
        went = "removed" in item.rule and not item.rule.endswith(_BOTH_SIDES)
        if item.rule != "servers-changed":
            assert (item.pointer_old is None) is came, f"{item}: the old pointer is {item.pointer_old}"
            assert (item.pointer_new is None) is went, f"{item}: the new pointer is {item.pointer_new}"
        for document, pointer in ((old, item.pointer_old), (new, item.pointer_new)):
            if pointer is not None:
                assert _leads_somewhere(document, pointer), (
                    f"{item}: {pointer} leads nowhere in {document.label}"
                )
    return found


# A value added to or removed from a list, a way to authenticate: the schema or operation is on both sides.
_BOTH_SIDES = ("enum-value-added", "enum-value-removed", "security-added", "security-removed")


def _leads_somewhere(document: Document, pointer: str) -> bool:
    target: Any = document.root
    for token in pointer.removeprefix("#/").split("/"):
        key = token.replace("~1", "/").replace("~0", "~")
        if isinstance(target, list):
            target = target[int(key)]
        elif key in target or (key.isdigit() and int(key) in target):
            target = target[key] if key in target else target[int(key)]
        else:
            return False
    return True


def found(old: Document, new: Document) -> list[tuple[str, str, str, str]]:
    """Each change as (rule, location, old, new)."""
    return [(item.rule, item.location, item.old, item.new) for item in changes(old, new)]


def rules(old: Document, new: Document) -> list[str]:
    return [item.rule for item in changes(old, new)]


def read_change(old: Any, new: Any) -> list[tuple[str, str, str]]:
    """What changes for a client reading `old`, then `new`: (rule, old, new), documentation aside."""
    return [
        (rule, before, after)
        for rule, _, before, after in found(reading(old), reading(new))
        if rule != "documentation-changed"
    ]


def send_change(old: Any, new: Any) -> list[tuple[str, str, str]]:
    return [
        (rule, before, after)
        for rule, _, before, after in found(sending(old), sending(new))
        if rule != "documentation-changed"
    ]
