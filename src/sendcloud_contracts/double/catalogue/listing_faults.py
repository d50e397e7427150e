"""Breaks and valid variations of the lists, which only the complete document reaches.

The list disagrees with the integration it lists; an item of a list breaks its schema (a nested
date-time without an offset, a required field missing); and a valid variation: optional fields
left out of list items and of the integration, which a suite must not mistake for a disagreement.
"""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING, Any

from sendcloud_contracts.double.base import API_PREFIX, Reply
from sendcloud_contracts.double.catalogue.variant import COMPLETE_SPEC, Kind, Variant, integration_replies
from sendcloud_contracts.double.v2.routes import ALL_LOGS_PATH, LIST_PATH, PER_INTEGRATION_PATH

if TYPE_CHECKING:
    from collections.abc import Callable

    from sendcloud_contracts.double.app import DoubleApp
    from sendcloud_contracts.double.base import Request
    from sendcloud_contracts.double.catalogue.variant import VariantBehaviour

    Item = dict[str, Any]
    Change = Callable[[Item], None]

# One integration's list entry is stale: the name it had before it was renamed.
STALE_ID = 4711
STALE_SHOP_NAME = "Kaffeerösterei Müller (alt)"
# What the list entries keep in the valid variation: the id and the required fields.
LISTED_FIELDS = ("id", "shop_name", "system", "last_updated_at")
# Optional fields the integration itself leaves out in that variation (others than the list's).
INTEGRATION_DROPPED = ("failing_since", "last_fetch", "service_point_enabled")
# The shipments' fields the complete document leaves optional, that the double's data carries.
SHIPMENT_OPTIONAL = (
    "allowed_shipping_methods",
    "barcode",
    "integration",
    "sender_address",
    "shipment_uuid",
    "shipping_method",
    "total_order_value",
    "weight",
)
# The logs' optional fields but their id and date, by which they are told apart and ordered.
LOG_OPTIONAL = (
    "full_url",
    "method",
    "response_code",
    "response",
    "request",
    "exception_type",
    "exception",
    "protected",
)
_OFFSET = re.compile(r"(?:[Zz]|[+-]\d{2}:\d{2})$")


def _kind(request: Request, reply: Reply) -> str:
    """`list`, `shipments` or `logs` for a 200 of a list, `integration` for one integration, else ""."""
    if reply.status != 200 or request.method != "GET" or not request.path.startswith(API_PREFIX + "/"):
        return ""
    path = request.path.rstrip("/")
    per_integration = PER_INTEGRATION_PATH.match(path)
    if path == LIST_PATH:
        return "list"
    if path == ALL_LOGS_PATH:
        return "logs"
    if per_integration is not None:
        return per_integration.group("kind")
    return "integration" if integration_replies(request, reply) else ""


def on_lists(
    *,
    entries: Change | None = None,
    shipments: Change | None = None,
    logs: Change | None = None,
    integration: Change | None = None,
) -> VariantBehaviour:
    """Rewrite in place each entry of the list, each listed shipment or log, each integration."""

    def behaviour(request: Request, app: DoubleApp) -> Reply:
        reply = app.faithful(request)
        kind = _kind(request, reply)
        change = {"list": entries, "shipments": shipments, "logs": logs, "integration": integration}.get(kind)
        if change is None:
            return reply
        payload = json.loads(reply.body)
        targets = payload if kind == "list" else payload["results"] if kind != "integration" else [payload]
        for target in targets:
            change(target)
        return Reply.json(reply.status, payload, reply.headers)

    return behaviour


def _stale_name(entry: Item) -> None:
    if entry["id"] == STALE_ID:
        entry["shop_name"] = STALE_SHOP_NAME


def _without_offset(shipment: Item) -> None:
    shipment["updated_at"] = _OFFSET.sub("", shipment["updated_at"])


def _without_system(entry: Item) -> None:
    del entry["system"]


def _keeping(kept: tuple[str, ...]) -> Change:
    def change(item: Item) -> None:
        for name in [name for name in item if name not in kept]:
            del item[name]

    return change


def _dropping(dropped: tuple[str, ...]) -> Change:
    def change(item: Item) -> None:
        for name in dropped:
            item.pop(name, None)

    return change


def _entry(name: str, kind: Kind, description: str, behaviour: VariantBehaviour, *caught_by: str) -> Variant:
    return Variant(name, kind, description, lambda: behaviour, caught_by, spec=COMPLETE_SPEC)


LISTING_ENTRIES: tuple[Variant, ...] = (
    _entry(
        "list-disagrees-with-item",
        Kind.FAULT,
        f"GET /integrations lists integration {STALE_ID} under its old shop_name; GET /integrations/{{id}} "
        "has the current one",
        on_lists(entries=_stale_name),
        f'shop_name: Received: "{STALE_SHOP_NAME}"',
    ),
    _entry(
        "shipment-date-without-offset",
        Kind.FAULT,
        "every listed shipment's updated_at has no offset (2022-11-05T10:00:00.000005)",
        on_lists(shipments=_without_offset),
        "[timestamp] results.0.updated_at: Received: ",
    ),
    _entry(
        "list-item-missing-required",
        Kind.FAULT,
        "the entries of GET /integrations have no system, a required field",
        on_lists(entries=_without_system),
        "[response_schema] 0.system: Received: (absent)",
    ),
    _entry(
        "optional-fields-absent-in-lists",
        Kind.VALID,
        "list entries carry only id and the required fields, shipments and logs leave their optional "
        f"fields out, and integrations leave out {', '.join(INTEGRATION_DROPPED)}",
        on_lists(
            entries=_keeping(LISTED_FIELDS),
            shipments=_dropping(SHIPMENT_OPTIONAL),
            logs=_dropping(LOG_OPTIONAL),
            integration=_dropping(INTEGRATION_DROPPED),
        ),
    ),
)
