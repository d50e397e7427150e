"""Consistency between operations: the list holds each integration as `GET /integrations/{id}` has it.

A client reads an integration from the list or asks for it alone, and must not learn two different
things. The list and the item are compared on the fields both carry; a field absent from one side is
no disagreement (each operation may leave optional fields out). Sendcloud moves the timestamps below
on its own, as it fetches orders from the shop and sends feedback, independently of any client: two
requests a moment apart may see them move on, so they are not compared.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sendcloud_contracts.rules.model import Violation, show

if TYPE_CHECKING:
    from collections.abc import Iterator, Mapping

    from sendcloud_contracts.rules.model import Exchange
    from sendcloud_contracts.spec import Spec

RULE = "consistency"
OK = 200


def applies(spec: Spec) -> bool:
    """Whether the spec documents both operations, each with a 200 to compare."""
    resource = spec.dialect.resource
    return all(
        spec.response_schema(path, "GET", OK) is not None for path in (resource.list_path, resource.item_path)
    )


def list_is_complete(spec: Spec) -> bool:
    """A list that is not paginated holds every integration, so a known one must be in it."""
    return not spec.is_paginated(spec.dialect.resource.list_path, "GET")


def listed(listing: Exchange, spec: Spec) -> list[Any] | None:
    """The integrations a 200 of the list holds (its payload, or a page's items), else None."""
    dialect = spec.dialect
    if listing.status != OK:
        return None
    payload = dialect.payload(listing.json)
    if isinstance(payload, dict):
        # A page of a list: its items.
        payload = dialect.paging.items(listing.json)
    return payload if isinstance(payload, list) else None


def list_and_items(
    listing: Exchange, items: Mapping[int, Exchange], spec: Spec, *, complete: bool
) -> Iterator[Violation]:
    """Each item that answered 200 agrees with its entries in the list; missing ones only if `complete`.

    An answer that is not a 200 JSON object (or a list) is the other rules' to judge: there is
    nothing to compare it with.
    """
    entries = listed(listing, spec)
    if entries is None:
        return
    dialect = spec.dialect
    identity = dialect.resource.identity
    # Without an id, an entry may be any integration: none can be missing then.
    all_named = all(isinstance(entry, dict) and _is_id(entry.get(identity)) for entry in entries)
    for integration_id, item in items.items():
        answer = dialect.payload(item.json)
        if item.status != OK or not isinstance(answer, dict):
            continue
        positions = [
            index
            for index, entry in enumerate(entries)
            if isinstance(entry, dict) and _is_id(entry.get(identity)) and entry[identity] == integration_id
        ]
        if not positions and complete and all_named:
            yield Violation(
                RULE,
                f"GET {listing.path}",
                f"{len(entries)} integrations, without id {integration_id}",
                f"every integration of the account, {integration_id} among them: "
                f"GET {item.path} answers it, and the list is not paginated",
                "The list leaves out an integration that exists",
            )
        for index in positions:
            where = dialect.field(f"{index}.")
            yield from _disagreements(entries[index], answer, where, item.path, dialect.resource.volatile)


def _disagreements(
    entry: dict[str, Any], answer: dict[str, Any], prefix: str, item_path: str, volatile: frozenset[str]
) -> Iterator[Violation]:
    for name, value in answer.items():
        if name in volatile or name not in entry or same_json(entry[name], value):
            continue
        yield Violation(
            RULE,
            f"{prefix}{name}",
            show(entry[name]),
            f"{show(value)}, as GET {item_path} answers",
            "The list and the integration disagree: a client is misled by one of them",
        )


def _is_id(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def same_json(listed_value: Any, item_value: Any) -> bool:
    """Equal as JSON values: `true` is not `1`, and object keys come in any order."""
    if isinstance(listed_value, bool) or isinstance(item_value, bool):
        return listed_value is item_value
    if isinstance(listed_value, dict) and isinstance(item_value, dict):
        return listed_value.keys() == item_value.keys() and all(
            same_json(listed_value[key], item_value[key]) for key in listed_value
        )
    if isinstance(listed_value, list) and isinstance(item_value, list):
        return len(listed_value) == len(item_value) and all(map(same_json, listed_value, item_value))
    return bool(listed_value == item_value)
