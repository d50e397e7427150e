"""The timestamp rule at every depth: list items, nested objects, alternatives; no false alarms."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from sendcloud_contracts.double.listing_data import shipments_of
from sendcloud_contracts.rules.model import Exchange, Violation
from sendcloud_contracts.rules.timestamps import DOCUMENTED, timestamps
from sendcloud_contracts.spec import Spec, load_spec

from ..conftest import ROOT
from .test_contract_rules import VALID

pytestmark = pytest.mark.rules

COMPLETE = load_spec(ROOT / "spec" / "sendcloud-v2-integrations-openapi.yml")
SHIPMENTS = "/integrations/{id}/shipments"


def answer(operation: str, body: Any, *, status: int = 200, path: str = "/api/v2/x") -> Exchange:
    raw = body if isinstance(body, bytes) else json.dumps(body).encode()
    return Exchange("GET", path, status, "application/json", raw, operation, {"id": "4711"})


def shipments_page(*changes: dict[str, Any]) -> Exchange:
    results = shipments_of({"id": 4711, "shop_url": None})[: len(changes)]
    for shipment, change in zip(results, changes, strict=True):
        shipment.update(change)
    return answer(SHIPMENTS, {"next": None, "previous": None, "results": results})


def judged(exchange: Exchange, spec: Spec = COMPLETE) -> list[tuple[str, str, str]]:
    return [(found.field, found.received, found.documented) for found in timestamps(exchange, spec)]


def test_a_list_item_without_an_offset_is_named_by_its_path() -> None:
    exchange = shipments_page({}, {"updated_at": "2022-11-01T10:00:00.000004"})
    assert judged(exchange) == [("results.1.updated_at", '"2022-11-01T10:00:00.000004"', DOCUMENTED)]


def test_every_bad_item_is_reported_in_the_order_of_the_body() -> None:
    exchange = shipments_page({"created_at": "yesterday"}, {}, {"shipment_updated_at": "2022-13-01T10:00Z"})
    assert [field for field, _received, _documented in judged(exchange)] == [
        "results.0.created_at",
        "results.2.shipment_updated_at",
    ]


def test_items_of_the_integration_list_are_judged_saying_where_null_is_allowed() -> None:
    listed = [VALID, {**VALID, "last_fetch": "2020-06-03 13:27"}]
    assert judged(answer("/integrations", listed)) == [
        ("1.last_fetch", '"2020-06-03 13:27"', DOCUMENTED + " or null")
    ]


@pytest.mark.parametrize(
    "change",
    [
        {},
        {"updated_at": "2022-11-01T10:00:00Z"},
        {"updated_at": "2022-11-01T10:00:00.5-03:00"},
        {"created_at": "2022-11-01t10:00:00+05:30"},
        {"updated_at": None},
        {"updated_at": 7},
        {"customs_details": None},
    ],
    ids=["as-served", "zulu", "fraction-and-offset", "lower-case-t", "null", "other-type", "null-object"],
)
def test_valid_or_other_rules_values_in_items_raise_no_timestamp_violation(change: dict[str, Any]) -> None:
    assert judged(shipments_page(change, {})) == []


def test_absent_fields_and_empty_lists_raise_nothing() -> None:
    shipment = shipments_of({"id": 4711, "shop_url": None})[0]
    for name in ("created_at", "updated_at", "shipment_created_at", "shipment_updated_at"):
        del shipment[name]
    assert judged(answer(SHIPMENTS, {"results": [shipment]})) == []
    assert judged(answer(SHIPMENTS, {"results": []})) == []


def test_top_level_fields_are_judged_as_before() -> None:
    body = {**VALID, "last_updated_at": "2020-06-03T13:27:58", "failing_since": "x"}
    assert [field for field, *_ in judged(answer("/integrations/{id}", body))] == [
        "failing_since",
        "last_updated_at",
    ]


def test_an_undocumented_status_or_a_body_that_is_not_json_is_left_to_other_rules() -> None:
    assert judged(answer("/integrations/{id}", {**VALID, "last_fetch": "x"}, status=500)) == []
    assert judged(answer("/integrations/{id}", b"{not json")) == []


def spec_with(schema: dict[str, Any], components: dict[str, Any] | None = None) -> Spec:
    operation = {"responses": {"200": {"content": {"application/json": {"schema": schema}}}}}
    document = {"paths": {"/x": {"get": operation}}, "components": {"schemas": components or {}}}
    return Spec(Path("inline.yaml"), document)


STAMP = {"type": "string", "format": "date-time"}
NULLABLE_STAMP = {"type": ["string", "null"], "format": "date-time"}


def test_nested_objects_and_references_are_followed() -> None:
    spec = spec_with(
        {"type": "object", "properties": {"outer": {"$ref": "#/components/schemas/Outer"}}},
        {"Outer": {"properties": {"at": NULLABLE_STAMP, "deep": {"properties": {"at": STAMP}}}}},
    )
    body = {"outer": {"at": "late", "deep": {"at": "2020-01-01T00:00:00"}}}
    assert judged(answer("/x", body, path="/x"), spec) == [
        ("outer.at", '"late"', DOCUMENTED + " or null"),
        ("outer.deep.at", '"2020-01-01T00:00:00"', DOCUMENTED),
    ]


def test_a_top_level_date_time_is_named_the_body() -> None:
    spec = spec_with(STAMP)
    assert judged(answer("/x", "noon"), spec) == [("(body)", '"noon"', DOCUMENTED)]
    assert judged(answer("/x", "2020-01-01T12:00:00+01:00"), spec) == []


def test_a_field_described_twice_by_all_of_is_reported_once() -> None:
    spec = spec_with({"allOf": [{"properties": {"at": STAMP}}, {"properties": {"at": NULLABLE_STAMP}}]})
    assert judged(answer("/x", {"at": "noon"}), spec) == [("at", '"noon"', DOCUMENTED)]


def test_only_the_alternative_the_value_is_an_instance_of_applies() -> None:
    alternatives = [
        {"required": ["kind"], "properties": {"kind": {"const": "log"}, "at": STAMP}},
        {"required": ["kind"], "properties": {"kind": {"const": "note"}, "at": {"type": "string"}}},
    ]
    for keyword in ("oneOf", "anyOf"):
        spec = spec_with({"type": "array", "items": {keyword: alternatives}})
        body = [{"kind": "note", "at": "noon"}, {"kind": "log", "at": "dawn"}]
        assert judged(answer("/x", body), spec) == [("1.at", '"dawn"', DOCUMENTED)], keyword


def test_an_alternative_with_a_broken_date_time_still_applies() -> None:
    spec = spec_with({"oneOf": [{"type": "object", "properties": {"at": STAMP}, "required": ["at"]}]})
    assert judged(answer("/x", {"at": "dawn"}), spec) == [("at", '"dawn"', DOCUMENTED)]


def test_an_alternative_can_refer_to_components() -> None:
    spec = spec_with(
        {"anyOf": [{"$ref": "#/components/schemas/Stamped"}]},
        {"Stamped": {"properties": {"at": {"$ref": "#/components/schemas/At"}}}, "At": STAMP},
    )
    assert judged(answer("/x", {"at": "dawn"}), spec) == [("at", '"dawn"', DOCUMENTED)]


def test_a_date_time_without_a_type_is_judged_and_a_null_type_allows_null() -> None:
    spec = spec_with(
        {"properties": {"bare": {"format": "date-time"}, "odd": {"type": "null", "format": "date-time"}}}
    )
    assert judged(answer("/x", {"bare": "noon", "odd": "dusk"}), spec) == [
        ("bare", '"noon"', DOCUMENTED),
        ("odd", '"dusk"', DOCUMENTED + " or null"),
    ]


def test_boolean_schemas_and_lists_without_items_describe_no_date_time() -> None:
    spec = spec_with({"type": "object", "properties": {"any": True, "list": {"type": "array"}}})
    assert judged(answer("/x", {"any": "noon", "list": ["noon"]}), spec) == []


def test_the_walk_leaves_the_body_as_it_was() -> None:
    exchange = shipments_page({"updated_at": "x"})
    before = copy.deepcopy(exchange.json)
    judged(exchange)
    assert exchange.json == before
    assert all(isinstance(found, Violation) for found in timestamps(exchange, COMPLETE))
