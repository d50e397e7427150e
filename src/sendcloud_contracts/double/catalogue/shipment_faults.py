"""Ways API v2's shipment writes could break the write contract: the upsert of orders, and deleting
one; each caught by the write contract's upsert and delete rules (`rules/writes.py`).
"""

from __future__ import annotations

import copy
import json
from typing import TYPE_CHECKING, Any

from sendcloud_contracts.double.base import Reply, Request, error_envelope
from sendcloud_contracts.double.catalogue.write_variant import (
    SHIPMENT_DELETE,
    UPSERT,
    Write,
    bending_answer,
    body_of,
    json_reply,
    on_write,
    write_fault,
)

if TYPE_CHECKING:
    from collections.abc import Callable

    from sendcloud_contracts.double.app import DoubleApp
    from sendcloud_contracts.double.catalogue.variant import Variant, VariantBehaviour

SERVER_ERROR = "Internal server error."


def _upsert_entries(change: Callable[[list[dict[str, Any]], Any], Any]) -> VariantBehaviour:
    """Bend the upsert's 200: `change` gets its entries and the orders sent."""

    def bend(reply: Reply, request: Request, app: DoubleApp) -> Reply:
        if reply.status != 200:
            return reply
        entries = json.loads(reply.body)
        changed = change(entries, body_of(request))
        return json_reply(reply, entries if changed is None else changed)

    return bending_answer("v2", UPSERT, bend)


def _statuses(old: str, new: str) -> Callable[[list[dict[str, Any]], Any], None]:
    def change(entries: list[dict[str, Any]], orders: Any) -> None:
        for entry in entries:
            if entry.get("status") == old:
                entry["status"] = new

    return change


def _duplicating(request: Request, app: DoubleApp, write: Write) -> Reply:
    """Every order becomes a new shipment: those it matches are set aside while it is taken."""
    integration = app.account.find(write.raw_id)
    orders = body_of(request)
    if integration is None or not isinstance(orders, list):
        return app.faithful(request)
    keys = {
        (order.get("external_order_id"), order.get("external_shipment_id"))
        for order in orders
        if isinstance(order, dict)
    }
    stored = app.account.shipments(integration["id"])
    aside = [each for each in stored if (each["external_order_id"], each["external_shipment_id"]) in keys]
    for each in aside:
        stored.remove(each)
    reply = app.faithful(request)
    stored.extend(aside)
    return reply


def _storing_refused(request: Request, app: DoubleApp, write: Write) -> Reply:
    """An order answered `error` is stored anyway, with what the API could read of it: its keys on a
    copy of the integration's newest shipment."""
    reply = app.faithful(request)
    integration = app.account.find(write.raw_id)
    if reply.status != 200 or integration is None:
        return reply
    stored = app.account.shipments(integration["id"])
    for entry in json.loads(reply.body):
        if entry.get("status") == "error" and stored:
            kept = {**copy.deepcopy(stored[0]), "shipment_uuid": app.account.new_uuid()}
            kept.update(external_order_id=entry["external_order_id"], external_shipment_id=None)
            stored.insert(0, kept)
    return reply


def _dropping_last(entries: list[dict[str, Any]], orders: Any) -> list[dict[str, Any]]:
    return entries[:-1] if len(entries) > 1 else entries


def _null_shipment_ids(entries: list[dict[str, Any]], orders: Any) -> None:
    for entry in entries:
        entry.setdefault("external_shipment_id", None)


def _another_uuid(entries: list[dict[str, Any]], orders: Any) -> None:
    for entry in entries:
        if entry.get("status") == "updated":
            entry["shipment_uuid"] = "00000000-0000-4000-8000-000000000001"


def _kept_on_delete(request: Request, app: DoubleApp, write: Write) -> Reply:
    integration = app.account.find(write.raw_id)
    if integration is None:
        return app.faithful(request)
    stored = app.account.shipments(integration["id"])
    before = list(stored)
    reply = app.faithful(request)
    stored[:] = before
    return reply


def _server_error_when_gone(reply: Reply, request: Request, app: DoubleApp) -> Reply:
    if reply.status != 404:
        return reply
    return error_envelope(500, request, SERVER_ERROR)


SHIPMENT_FAULTS: tuple[Variant, ...] = (
    write_fault(
        "upsert-duplicates-known-orders",
        "a second post of an order's keys creates another shipment (answered `created`)",
        on_write("v2", UPSERT, _duplicating),
        '[shipments_upsert] 0.status: Received: "created" / Documented: "updated"',
    ),
    write_fault(
        "upsert-created-for-known-orders",
        "a second post of an order's keys updates it, but answers `created`",
        _upsert_entries(_statuses("updated", "created")),
        'Received: "created" / Documented: "updated"',
    ),
    write_fault(
        "upsert-updated-for-new-orders",
        "a new order creates a shipment, but is answered `updated`",
        _upsert_entries(_statuses("created", "updated")),
        'Received: "updated" / Documented: "created"',
    ),
    write_fault(
        "upsert-stores-refused-orders",
        "an order answered `error` is stored anyway",
        on_write("v2", UPSERT, _storing_refused),
        "[shipments_upsert] shipment [",
    ),
    write_fault(
        "upsert-answer-drops-an-order",
        "a post of several orders is answered with one entry less",
        _upsert_entries(_dropping_last),
        "one entry per order sent",
    ),
    write_fault(
        "upsert-answers-null-shipment-id",
        "the upsert writes `external_shipment_id: null` where an order has none; its schema wants text",
        _upsert_entries(_null_shipment_ids),
        "[response_schema] 0: Received:",
        "[response_schema] 1: Received:",
    ),
    write_fault(
        "upsert-answers-another-uuid",
        "an updated order is answered with a uuid that is not its shipment's",
        _upsert_entries(_another_uuid),
        ".shipment_uuid: Received:",
    ),
    write_fault(
        "shipment-delete-keeps-it",
        "deleting a shipment answers 204, and the shipment stays",
        on_write("v2", SHIPMENT_DELETE, _kept_on_delete),
        "[deleted_is_gone] shipment [",
    ),
    write_fault(
        "second-shipment-delete-500",
        "deleting a shipment that is gone answers 500 instead of 404",
        bending_answer("v2", SHIPMENT_DELETE, _server_error_when_gone),
        "[write_status] (status): Received: 500",
    ),
)
