"""API v2's upsert and delete of shipments, and the listing that shows what they did."""

from __future__ import annotations

import copy
from typing import Any
from urllib.parse import urlsplit

import pytest

from sendcloud_contracts.double import DoubleApp
from sendcloud_contracts.double.clock import ManualClock
from sendcloud_contracts.double.listing_data import SHIPMENTS_PER_INTEGRATION

from .asking import V2, body_of, fresh, schema_problems, send, v2_message

SHIPMENTS = "/api/v2/integrations/4711/shipments"
ORDER: dict[str, Any] = {
    "address": "Lansdown Glade",
    "address_2": "",
    "city": "Oss",
    "company_name": "",
    "country": "NL",
    "created_at": "2026-03-01T10:00:00Z",
    "currency": "EUR",
    "customs_invoice_nr": "",
    "customs_shipment_type": 2,
    "email": "customer@example.com",
    "external_order_id": "A-1",
    "external_shipment_id": "S-1",
    "house_number": "15",
    "name": "John Doe",
    "order_number": "ORD-A-1",
    "order_status": {"id": "fulfilled", "message": "Fulfilled"},
    "parcel_items": [{"description": "Mug", "quantity": 2, "value": "3.5"}],
    "payment_status": None,
    "postal_code": "5341",
    "shipping_method": 8,
    "shipping_method_checkout_name": "PostNL Standard",
    "telephone": "",
    "to_post_number": "",
    "to_service_point": None,
    "to_state": None,
    "updated_at": "2026-03-01T10:00:00Z",
}


def order(**changes: Any) -> dict[str, Any]:
    return {**copy.deepcopy(ORDER), **changes}


def listed(app: DoubleApp, query: str = "") -> list[dict[str, Any]]:
    """Every shipment of 4711 the listing shows, following `next` page after page."""
    results = []
    while True:
        page = body_of(send(app, "GET", SHIPMENTS, query=query))
        results += page["results"]
        if page["next"] is None:
            return results
        query = urlsplit(page["next"]).query


def test_new_orders_are_created_and_listed_first_as_the_seeded_shipments_are() -> None:
    app = fresh()
    reply = send(app, "POST", SHIPMENTS, [order(), order(external_shipment_id=None)])
    assert (reply.status, reply.headers["Allow"]) == (200, "GET, POST, HEAD, OPTIONS")
    answered = body_of(reply)
    assert schema_problems(V2, "/integrations/{id}/shipments", "POST", 200, answered) == []
    assert [each["status"] for each in answered] == ["created", "created"]
    assert [each.get("external_shipment_id") for each in answered] == ["S-1", None]
    shipments = listed(app)
    assert len(shipments) == SHIPMENTS_PER_INTEGRATION + 2
    # Newest first: the second order was stored last.
    assert [each["shipment_uuid"] for each in shipments[:2]] == [
        answered[1]["shipment_uuid"],
        answered[0]["shipment_uuid"],
    ]
    # Each as the document writes a shipment (its `null` links are a known deviation of the lists).
    shipment_schema = V2.schema_validator({"$ref": "#/components/schemas/ShipmentBlobOrder"})
    assert [error.message for each in shipments for error in shipment_schema.iter_errors(each)] == []
    created = shipments[1]
    assert (created["integration"], created["allowed_shipping_methods"], "barcode" in created) == (
        4711,
        [8],
        False,
    )
    assert (created["created_at"], created["shipment_created_at"]) == (
        "2026-03-02T10:30:00+01:00",
        "2026-03-01T11:00:00+01:00",
    )


def test_filters_find_created_shipments() -> None:
    app = fresh()
    send(app, "POST", SHIPMENTS, [order(), order(external_order_id="B-2", order_number="ORD-B")])
    assert [each["order_number"] for each in listed(app, "external_order_ids=B-2")] == ["ORD-B"]
    assert [each["external_order_id"] for each in listed(app, "external_shipment_ids=S-1")] == ["B-2", "A-1"]
    assert [each["external_order_id"] for each in listed(app, "start_date=2026-01-01")] == ["B-2", "A-1"]


def test_a_matching_order_updates_only_when_its_updated_at_changed() -> None:
    clock = ManualClock()
    app = DoubleApp(clock=clock, write_limit=None)
    [created] = body_of(send(app, "POST", SHIPMENTS, [order()]))
    before = app.state()
    clock.advance(60)
    same_instant = order(name="Jane Doe", updated_at="2026-03-01T11:00:00+01:00")
    [unchanged] = body_of(send(app, "POST", SHIPMENTS, [same_instant]))
    assert (unchanged["status"], unchanged["shipment_uuid"]) == ("updated", created["shipment_uuid"])
    assert app.state() == before
    [updated] = body_of(
        send(app, "POST", SHIPMENTS, [order(name="Jane Doe", updated_at="2026-03-01T12:00:00Z")])
    )
    assert (updated["status"], updated["shipment_uuid"]) == ("updated", created["shipment_uuid"])
    [shipment] = listed(app, "external_order_ids=A-1")
    assert (shipment["name"], shipment["created_at"], shipment["updated_at"]) == (
        "Jane Doe",
        "2026-03-02T10:30:00+01:00",
        "2026-03-02T10:31:00+01:00",
    )
    assert len(listed(app)) == SHIPMENTS_PER_INTEGRATION + 1


def test_a_seeded_shipment_is_matched_by_its_ids() -> None:
    app = fresh()
    seeded = order(external_order_id="order-4711-1", external_shipment_id="shipment-4711-1")
    [answer] = body_of(send(app, "POST", SHIPMENTS, [seeded]))
    assert (answer["status"], answer["shipment_uuid"]) == ("updated", "6b436cb2-65a4-482c-9d25-004711000001")


def test_an_invalid_order_is_answered_error_by_field_path_and_creates_nothing() -> None:
    app = fresh()
    before = app.state()
    broken = order(country="XX", checkout_payload={"sender_address_id": 1, "shipping_product": {}})
    del broken["city"]
    broken["checkout_payload"].update(delivery_method_type="standard_delivery", delivery_method_data={})
    broken["parcel_items"].append({"quantity": 0, "value": "1"})
    reply = send(app, "POST", SHIPMENTS, [broken, "not an order"])
    assert reply.status == 200
    first, second = body_of(reply)
    assert schema_problems(V2, "/integrations/{id}/shipments", "POST", 200, [first, second]) == []
    assert (first["status"], first["external_order_id"], first["external_shipment_id"]) == (
        "error",
        "A-1",
        "S-1",
    )
    assert first["error"] == {
        "city": ["This field is required."],
        "country": ['"XX" is not a valid choice.'],
        "parcel_items": {
            "1": {
                "description": ["This field is required."],
                "quantity": ["Ensure this value is greater than or equal to 1."],
            }
        },
        "checkout_payload": {
            "delivery_method_data": {
                name: ["This field is required."]
                for name in ("delivery_date", "formatted_delivery_date", "parcel_handover_date")
            }
        },
    }
    assert second == {
        "error": {"non_field_errors": ["Invalid data. Expected a dictionary, but got str."]},
        "external_order_id": "",
        "external_shipment_id": "",
        "status": "error",
    }
    assert app.state() == before


def test_one_batch_can_carry_created_and_error_entries() -> None:
    app = fresh()
    answered = body_of(send(app, "POST", SHIPMENTS, [order(), order(external_order_id="")]))
    assert [each["status"] for each in answered] == ["created", "error"]
    assert answered[1]["error"] == {"external_order_id": ["This field may not be blank."]}
    assert len(listed(app)) == SHIPMENTS_PER_INTEGRATION + 1


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ([ORDER] * 101, "{'non_field_errors': ['Ensure this field has no more than 100 elements.']}"),
        ({"orders": []}, "{'non_field_errors': ['Expected a list of items but got type \"dict\".']}"),
    ],
    ids=["over-100", "not-a-list"],
)
def test_a_body_that_is_no_list_of_at_most_100_orders_is_400(body: object, message: str) -> None:
    app = fresh()
    before = app.state()
    assert v2_message(send(app, "POST", SHIPMENTS, body), 400) == message
    assert app.state() == before


def test_100_orders_are_taken() -> None:
    answered = body_of(
        send(fresh(), "POST", SHIPMENTS, [order(external_order_id=str(n)) for n in range(100)])
    )
    assert {each["status"] for each in answered} == {"created"}


def test_an_account_that_is_no_official_partner_gets_403_and_changes_nothing() -> None:
    app = DoubleApp(official_partner=False, write_limit=None)
    before = app.state()
    said = v2_message(send(app, "POST", SHIPMENTS, [order()]), 403)
    assert said == "You do not have permission to perform this action."
    assert v2_message(send(app, "POST", "/api/v2/integrations/1/shipments", [order()]), 403)
    assert app.state() == before


def test_an_unknown_integration_is_404() -> None:
    said = v2_message(send(fresh(), "POST", "/api/v2/integrations/1/shipments", [order()]), 404)
    assert said == "No Integration matches the given query."


def test_a_shipment_is_deleted_by_uuid_or_by_its_ids_and_a_second_delete_is_404() -> None:
    app = fresh()
    [created] = body_of(send(app, "POST", SHIPMENTS, [order(external_shipment_id=None)]))
    by_ids = {"external_order_id": "A-1", "external_shipment_id": None}
    reply = send(app, "POST", f"{SHIPMENTS}/delete", by_ids)
    assert (reply.status, reply.body, reply.headers["Allow"]) == (204, b"", "POST, OPTIONS")
    assert created["shipment_uuid"] not in [each["shipment_uuid"] for each in listed(app)]
    assert (
        v2_message(send(app, "POST", f"{SHIPMENTS}/delete", by_ids), 404)
        == "No ShipmentBlob matches the given query."
    )
    by_uuid = {"shipment_uuid": "6B436CB2-65A4-482C-9D25-004711000005"}
    assert send(app, "POST", f"{SHIPMENTS}/delete", by_uuid).status == 204
    assert len(listed(app)) == SHIPMENTS_PER_INTEGRATION - 1
    assert send(app, "POST", f"{SHIPMENTS}/delete", by_uuid).status == 404


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({}, "Missing shipment_uuid or the pair external_order_id and external_shipment_id"),
        (
            {"external_order_id": "order-4711-1"},
            "Missing shipment_uuid or the pair external_order_id and external_shipment_id",
        ),
        ({"shipment_uuid": "not-a-uuid"}, "Must be a valid UUID."),
    ],
    ids=["empty", "half-a-pair", "uuid"],
)
def test_a_delete_without_a_readable_shipment_is_400_and_deletes_nothing(body: object, message: str) -> None:
    app = fresh()
    before = app.state()
    assert v2_message(send(app, "POST", f"{SHIPMENTS}/delete", body), 400) == message
    assert app.state() == before


def test_a_shipment_of_another_integration_is_not_deleted_through_this_one() -> None:
    app = fresh()
    other = {"external_order_id": "order-123-1", "external_shipment_id": "shipment-123-1"}
    assert send(app, "POST", f"{SHIPMENTS}/delete", other).status == 404
    assert app.state()["integrations"]["123"]["shipments"][-1]["external_order_id"] == "order-123-1"


@pytest.mark.parametrize(
    ("path", "body", "status"),
    [
        (SHIPMENTS, b"[{", 400),
        (f"{SHIPMENTS}/delete", b"{", 400),
        (
            "/api/v2/integrations/1/shipments/delete",
            {"shipment_uuid": "6b436cb2-65a4-482c-9d25-004711000005"},
            404,
        ),
    ],
    ids=["upsert-no-json", "delete-no-json", "delete-unknown-integration"],
)
def test_an_unreadable_body_or_unknown_integration_changes_nothing(
    path: str, body: object, status: int
) -> None:
    app = fresh()
    before = app.state()
    v2_message(send(app, "POST", path, body), status)
    assert app.state() == before
