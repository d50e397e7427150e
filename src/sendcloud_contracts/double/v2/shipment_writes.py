"""API v2's writes of an integration's shipments: the upsert of orders, and deleting one.

`POST /integrations/{id}/shipments` takes a list of up to 100 orders (`ShipmentBlobOrderCreate`,
checked as `shipment_fields.py` says) and answers 200 with one entry per order, in their order:
- an order no shipment of the integration matches on `external_order_id` + `external_shipment_id`
  (null matches null) becomes a new shipment, newest of the list: `{"external_order_id",
  "external_shipment_id", "shipment_uuid", "status": "created"}`;
- an order that matches one updates it when its `updated_at` is another instant than the one the
  shipment holds (`shipment_updated_at`), and is answered `"updated"` with the shipment's uuid; one
  whose `updated_at` did not change changes nothing, and is answered `"updated"` too (*inferred*:
  the document's statuses are only `created`, `updated` and `error`);
- an order that breaks the structure creates and changes nothing: `{"error": {field: [messages]},
  "external_order_id", "external_shipment_id", "status": "error"}`, messages nested by field path as
  DRF writes them (list items by index, as text). A 200 can carry errors.
The answer's ids are the ones sent. Where an order has no `external_shipment_id` (null), a
`created` or `updated` entry leaves the member out, and an `error` entry writes "" (as it does for any
id sent that is not text): the schema types both as text, `ShipmentCreateUpdateLog`'s of at least one
character, and requires neither; the document's error example writes `"external_shipment_id": ""`
(*inferred*). Orders are taken one after another: a second order with the same ids meets the first
one's shipment.

A new shipment shows in `GET .../shipments` as the seeded ones do: `created_at` and `updated_at` are
when Sendcloud stored it (now, in Amsterdam's offset), `shipment_created_at` and
`shipment_updated_at` the order's own `created_at` and `updated_at`; `integration` is the path's id,
`sender_address` the order's `checkout_payload.sender_address_id` (else null),
`allowed_shipping_methods` its `shipping_method` (else none) (*inferred*). It has no `barcode`
until a label is made (the schema does not require one).

Refusals, in the v2 envelope: an account that is no official partner gets 403 "You do not have
permission to perform this action." before anything else (*inferred*: the document says the
operation is "only available for official Sendcloud partners"); an unknown integration 404; a body
that is not a list, or holds more than 100 orders, 400 with DRF's list message as a printed dict.

`POST /integrations/{id}/shipments/delete` takes `{"shipment_uuid"}` or `{"external_order_id",
"external_shipment_id"}` (the uuid wins when both come; `external_shipment_id` may be null, to name a
shipment created without one) and answers 204. The document's 400s: "Missing shipment_uuid or the
pair external_order_id and external_shipment_id", "Must be a valid UUID.". A shipment the integration
does not have, or no longer has (deleted before): 404 "No ShipmentBlob matches the given query.",
the document's own 404 for this path (a second delete is never a server error).
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Any

from sendcloud_contracts.double.base import Reply, error_envelope
from sendcloud_contracts.double.clock import parsed, rendered
from sendcloud_contracts.double.fields import Invalid, Problem, members, messages, type_name
from sendcloud_contracts.double.v2 import asked
from sendcloud_contracts.double.v2.shipment_fields import ORDER

if TYPE_CHECKING:
    from sendcloud_contracts.double.account import Account
    from sendcloud_contracts.double.base import Request
    from sendcloud_contracts.double.listing_data import Item

MAX_ORDERS = 100
NOT_A_PARTNER = "You do not have permission to perform this action."
NO_SHIPMENT = "No ShipmentBlob matches the given query."
MISSING_IDS = "Missing shipment_uuid or the pair external_order_id and external_shipment_id"
INVALID_UUID = "Must be a valid UUID."
# A shipment's fields in the order the listing writes them, the seeded shipments' order; those an
# order may leave out (`checkout_payload` to `customs_details`) only once an order sent them.
LISTED_FIELDS = (
    "address",
    "address_2",
    "allowed_shipping_methods",
    "barcode",
    "city",
    "company_name",
    "country",
    "created_at",
    "currency",
    "customs_invoice_nr",
    "customs_shipment_type",
    "email",
    "external_order_id",
    "external_shipment_id",
    "house_number",
    "integration",
    "name",
    "order_number",
    "order_status",
    "parcel_items",
    "payment_status",
    "postal_code",
    "sender_address",
    "shipment_uuid",
    "shipping_method",
    "shipping_method_checkout_name",
    "telephone",
    "to_post_number",
    "to_service_point",
    "to_state",
    "total_order_value",
    "updated_at",
    "weight",
    "checkout_payload",
    "width",
    "height",
    "length",
    "customs_details",
    "shipment_created_at",
    "shipment_updated_at",
)


def upsert(request: Request, account: Account, raw_id: str) -> Reply:
    if not account.official_partner:
        return error_envelope(403, request, NOT_A_PARTNER)
    found = asked.integration_and_body(request, account, raw_id)
    if isinstance(found, Reply):
        return found
    integration, orders = found
    if not isinstance(orders, list):
        message = f'Expected a list of items but got type "{type_name(orders)}".'
        return error_envelope(400, request, str({"non_field_errors": [message]}))
    if len(orders) > MAX_ORDERS:
        message = f"Ensure this field has no more than {MAX_ORDERS} elements."
        return error_envelope(400, request, str({"non_field_errors": [message]}))
    stored = account.shipments(integration["id"])
    return Reply.json(200, [_upsert_one(order, stored, integration["id"], account) for order in orders])


def delete(request: Request, account: Account, raw_id: str) -> Reply:
    sent = asked.integration_and_body(request, account, raw_id)
    if isinstance(sent, Reply):
        return sent
    integration, body = sent
    stored = account.shipments(integration["id"])
    if isinstance(body, dict) and "shipment_uuid" in body:
        named = _uuid(body["shipment_uuid"])
        if named is None:
            return error_envelope(400, request, INVALID_UUID)
        found = next((each for each in stored if _uuid(each["shipment_uuid"]) == named), None)
    elif isinstance(body, dict) and {"external_order_id", "external_shipment_id"} <= body.keys():
        key = (body["external_order_id"], body["external_shipment_id"])
        found = next((each for each in stored if _key(each) == key), None)
    else:
        return error_envelope(400, request, MISSING_IDS)
    if found is None:
        return error_envelope(404, request, NO_SHIPMENT)
    stored.remove(found)
    return Reply(204)


def _upsert_one(order: Any, stored: list[Item], integration_id: int, account: Account) -> dict[str, Any]:
    sent = order if isinstance(order, dict) else {}
    try:
        if not isinstance(order, dict):
            message = f"Invalid data. Expected a dictionary, but got {type_name(order)}."
            raise Invalid({"non_field_errors": [Problem("invalid", message)]})
        cleaned = members(order, ORDER)
    except Invalid as invalid:
        return {
            "error": messages(invalid.detail),
            "external_order_id": _text(sent.get("external_order_id")),
            "external_shipment_id": _text(sent.get("external_shipment_id")),
            "status": "error",
        }
    position = next((index for index, each in enumerate(stored) if _key(each) == _key(cleaned)), None)
    if position is None:
        found = _shipment(cleaned, integration_id, account.now(), None, account.new_uuid())
        stored.insert(0, found)
        status = "created"
    else:
        found = stored[position]
        if parsed(cleaned["updated_at"]) != parsed(found["shipment_updated_at"]):
            # In its place: the list is ordered by when Sendcloud created each shipment.
            found = stored[position] = _shipment(cleaned, integration_id, account.now(), found, "")
        status = "updated"
    answer = {
        "external_order_id": found["external_order_id"],
        "external_shipment_id": found["external_shipment_id"],
        "shipment_uuid": found["shipment_uuid"],
        "status": status,
    }
    if answer["external_shipment_id"] is None:
        # The schema types it as text of at least one character, and requires no member.
        del answer["external_shipment_id"]
    return answer


def _shipment(
    order: dict[str, Any], integration_id: int, now: str, previous: Item | None, new_uuid: str
) -> Item:
    """The shipment an order makes (with `new_uuid`), or makes of `previous` (which keeps its uuid,
    its creation and the members the order left out)."""
    kept = {**(previous or {}), **order}
    shipping_method = kept.get("shipping_method")
    made_by_sendcloud = {
        "allowed_shipping_methods": [] if shipping_method is None else [shipping_method],
        "created_at": previous["created_at"] if previous else now,
        "integration": integration_id,
        "sender_address": (kept.get("checkout_payload") or {}).get("sender_address_id"),
        "shipment_uuid": previous["shipment_uuid"] if previous else new_uuid,
        "shipping_method": shipping_method,
        "total_order_value": kept.get("total_order_value"),
        "updated_at": now,
        "weight": kept.get("weight"),
        "shipment_created_at": _instant_text(order["created_at"]),
        "shipment_updated_at": _instant_text(order["updated_at"]),
    }
    fields = {**kept, **made_by_sendcloud}
    return {name: fields[name] for name in LISTED_FIELDS if name in fields}


def _instant_text(text: str) -> str:
    moment = parsed(text)
    return text if moment is None else rendered(moment)


def _key(shipment: dict[str, Any]) -> tuple[Any, Any]:
    return shipment["external_order_id"], shipment["external_shipment_id"]


def _text(value: object) -> str:
    return value if isinstance(value, str) else ""


def _uuid(value: object) -> uuid.UUID | None:
    try:
        return uuid.UUID(value) if isinstance(value, str) else None
    except ValueError:
        return None
