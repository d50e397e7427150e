"""The lists' catalogue entries do what they claim to the list, its items and the integration, and no more."""

from __future__ import annotations

import base64
import json
from typing import TYPE_CHECKING, Any

import pytest

from sendcloud_contracts.double import DoubleApp, Request
from sendcloud_contracts.double.catalogue.faults import CATALOGUE, playing, variant
from sendcloud_contracts.double.catalogue.list_faults import LIST_FAULTS, LIST_VARIATIONS
from sendcloud_contracts.double.catalogue.listing_faults import (
    INTEGRATION_DROPPED,
    LISTED_FIELDS,
    LISTING_ENTRIES,
    LOG_OPTIONAL,
    SHIPMENT_OPTIONAL,
    STALE_ID,
    STALE_SHOP_NAME,
)
from sendcloud_contracts.double.catalogue.variant import COMPLETE_SPEC, SEED_SPEC, V3_SPEC, Kind
from sendcloud_contracts.double.data import SEEDED_INTEGRATIONS
from sendcloud_contracts.spec import load_spec

from ..conftest import ROOT

if TYPE_CHECKING:
    from collections.abc import Callable

GOOD_AUTH = "Basic " + base64.b64encode(b"double-public-key:double-secret-key").decode()
COMPLETE = load_spec(ROOT / COMPLETE_SPEC)


def get(app: DoubleApp, path: str) -> Any:
    reply = app.handle(Request("GET", f"/api/v2{path}", "", {"Authorization": GOOD_AUTH}))
    assert reply.status == 200, reply.body
    return json.loads(reply.body)


def listed(app: DoubleApp) -> list[dict[str, Any]]:
    return list(get(app, "/integrations"))


def results(app: DoubleApp, kind: str) -> list[dict[str, Any]]:
    return [
        item
        for identifier in (123, 4711)
        for item in get(app, f"/integrations/{identifier}/{kind}")["results"]
    ]


def stale_name(app: DoubleApp) -> None:
    names = {entry["id"]: entry["shop_name"] for entry in listed(app)}
    assert names == {
        integration["id"]: STALE_SHOP_NAME if integration["id"] == STALE_ID else integration["shop_name"]
        for integration in SEEDED_INTEGRATIONS
    }
    assert get(app, f"/integrations/{STALE_ID}")["shop_name"] != STALE_SHOP_NAME


def shipments_without_offset(app: DoubleApp) -> None:
    stamps = [shipment["updated_at"] for shipment in results(app, "shipments")]
    assert stamps
    assert all(len(stamp) == len("2022-11-05T10:00:00.000005") for stamp in stamps), stamps
    assert all(shipment["created_at"].endswith("+01:00") for shipment in results(app, "shipments"))


def no_system_in_list(app: DoubleApp) -> None:
    assert all("system" not in entry and "shop_name" in entry for entry in listed(app))
    assert get(app, "/integrations/123")["system"]


def optional_fields_absent(app: DoubleApp) -> None:
    assert all(tuple(entry) == LISTED_FIELDS for entry in listed(app))
    assert not any(set(SHIPMENT_OPTIONAL) & set(shipment) for shipment in results(app, "shipments"))
    assert not any(set(LOG_OPTIONAL) & set(log) for log in results(app, "logs"))
    assert not any(set(LOG_OPTIONAL) & set(log) for log in get(app, "/integrations/logs")["results"])
    integration = get(app, "/integrations/4711")
    assert not set(INTEGRATION_DROPPED) & set(integration)
    assert {"id", "shop_name", "system", "last_updated_at", "shop_url"} <= set(integration)


LISTING_EXPECTATIONS: dict[str, Callable[[DoubleApp], None]] = {
    "list-disagrees-with-item": stale_name,
    "shipment-date-without-offset": shipments_without_offset,
    "list-item-missing-required": no_system_in_list,
    "optional-fields-absent-in-lists": optional_fields_absent,
}


def test_the_lists_entries_run_with_the_complete_document_and_the_others_with_the_seed() -> None:
    listing = {entry.name for entry in LISTING_ENTRIES}
    assert set(LISTING_EXPECTATIONS) == listing
    lists = listing | {entry.name for entry in LIST_FAULTS + LIST_VARIATIONS}
    # The write contract's v2 entries run with the complete document too (`test_write_faults.py`).
    v2 = [entry for entry in CATALOGUE if entry.spec != V3_SPEC and entry.writes is None]
    assert {entry.spec for entry in v2 if entry.name in lists} == {COMPLETE_SPEC}
    assert {entry.spec for entry in v2 if entry.name not in lists} == {SEED_SPEC}
    assert (ROOT / COMPLETE_SPEC).is_file()
    assert (ROOT / SEED_SPEC).is_file()


def test_the_valid_variation_keeps_every_list_schema() -> None:
    app = playing("optional-fields-absent-in-lists")
    assert variant("optional-fields-absent-in-lists").kind is Kind.VALID
    for path, operation in [
        ("/integrations", "/integrations"),
        ("/integrations/4711", "/integrations/{id}"),
        ("/integrations/4711/shipments", "/integrations/{id}/shipments"),
        ("/integrations/4711/logs", "/integrations/{id}/logs"),
        ("/integrations/logs", "/integrations/logs"),
    ]:
        schema = COMPLETE.response_schema(operation, "GET", 200)
        assert schema is not None
        validator = COMPLETE.schema_validator(schema)
        body = get(app, path)
        for link in ("next", "previous"):
            if isinstance(body, dict) and body.get(link) is None:
                body.pop(link, None)
        assert [error.message for error in validator.iter_errors(body)] == [], path


@pytest.mark.parametrize("name", list(LISTING_EXPECTATIONS))
def test_other_answers_stay_faithful(name: str) -> None:
    faithful, bent = DoubleApp(), playing(name)
    for path in ("/integrations/123/logs", "/integrations/logs"):
        if name != "optional-fields-absent-in-lists":
            assert get(bent, path) == get(faithful, path)
    unknown = bent.handle(Request("GET", "/api/v2/integrations/6", "", {"Authorization": GOOD_AUTH}))
    assert unknown.status == 404
    assert bent.handle(Request("GET", "/api/v2/integrations", "", {})).status == 401
