"""The double's read operations beyond one integration: list, shipments, logs, over real HTTP."""

from __future__ import annotations

import base64
from typing import TYPE_CHECKING, Any

import pytest
import requests

from sendcloud_contracts.double.base import DEFAULT_PUBLIC_KEY, DEFAULT_SECRET_KEY
from sendcloud_contracts.double.listing_data import SHIPMENTS_PER_INTEGRATION
from sendcloud_contracts.double.listings import PAGE_SIZE
from sendcloud_contracts.spec import load_spec

from ..conftest import ROOT

if TYPE_CHECKING:
    from sendcloud_contracts.double import DoubleServer

KEYS = (DEFAULT_PUBLIC_KEY, DEFAULT_SECRET_KEY)
COMPLETE = load_spec(ROOT / "spec" / "sendcloud-v2-integrations-openapi.yml")


def get(url: str, **params: Any) -> requests.Response:
    return requests.get(url, params=params, auth=KEYS, timeout=5)


@pytest.mark.parametrize(
    ("path", "template"),
    [
        ("/integrations", "/integrations"),
        ("/integrations/4711/shipments", "/integrations/{id}/shipments"),
        ("/integrations/logs", "/integrations/logs"),
        ("/integrations/4711/logs", "/integrations/{id}/logs"),
    ],
)
def test_every_safe_operation_answers_its_documented_schema(
    double: DoubleServer, path: str, template: str
) -> None:
    response = get(double.base_url + path)
    assert response.status_code == 200
    schema = COMPLETE.response_schema(template, "GET", 200)
    assert schema is not None
    payload = response.json()
    if COMPLETE.is_paginated(template, "GET"):
        # The one documented departure (`null` links on the first or last page) aside.
        payload = {key: value for key, value in payload.items() if value is not None}
    assert list(COMPLETE.schema_validator(schema).iter_errors(payload)) == []


def test_following_next_visits_every_shipment_once_then_ends(double: DoubleServer) -> None:
    url: str | None = f"{double.base_url}/integrations/4711/shipments"
    seen: list[str] = []
    pages = 0
    while url is not None:
        body = get(url).json()
        assert len(body["results"]) <= PAGE_SIZE
        assert body["previous"] is None if pages == 0 else body["previous"].startswith(double.base_url)
        seen += [shipment["external_shipment_id"] for shipment in body["results"]]
        url = body["next"]
        pages += 1
    assert pages == -(-SHIPMENTS_PER_INTEGRATION // PAGE_SIZE) > 1
    assert len(seen) == len(set(seen)) == SHIPMENTS_PER_INTEGRATION


def test_previous_leads_back_to_the_first_page(double: DoubleServer) -> None:
    first = get(f"{double.base_url}/integrations/4711/shipments").json()
    second = get(first["next"]).json()
    assert get(second["previous"]).json()["results"] == first["results"]


def test_the_cursor_is_base64_of_get_parameters(double: DoubleServer) -> None:
    first = get(f"{double.base_url}/integrations/4711/shipments", order_number="ORD-4711-5").json()
    assert first["next"] is None
    link = get(f"{double.base_url}/integrations/4711/logs").json()["next"]
    cursor = link.split("cursor=", 1)[1]
    assert base64.b64decode(cursor).decode() == f"p={PAGE_SIZE}"


def test_filters_are_honoured_and_kept_in_the_links(double: DoubleServer) -> None:
    url = f"{double.base_url}/integrations/4711/shipments"
    dated = get(url, start_date="2022-11-02", end_date="2022-11-04").json()
    days = [shipment["created_at"][:10] for shipment in dated["results"]]
    assert days == ["2022-11-04", "2022-11-03"]
    assert "start_date=2022-11-02" in dated["next"]
    ids = get(url, external_order_ids=["order-4711-1", "order-4711-3"]).json()
    assert sorted(item["external_order_id"] for item in ids["results"]) == ["order-4711-1", "order-4711-3"]


def test_each_integration_has_its_own_shipments_and_logs(double: DoubleServer) -> None:
    shipments = get(f"{double.base_url}/integrations/5/shipments").json()["results"]
    assert {shipment["integration"] for shipment in shipments} == {5}
    logs = get(f"{double.base_url}/integrations/5/logs").json()["results"]
    every = get(f"{double.base_url}/integrations/logs").json()["results"]
    assert {log["id"] for log in logs}.isdisjoint(log["id"] for log in every if log["id"] // 100 != 5)


def test_the_list_honours_ordering_and_ignores_unknown_fields(double: DoubleServer) -> None:
    url = f"{double.base_url}/integrations"
    ascending = [item["id"] for item in get(url).json()]
    assert ascending == sorted(ascending)
    assert [item["id"] for item in get(url, ordering="-id").json()] == ascending[::-1]
    assert [item["id"] for item in get(url, ordering="no_such_field").json()] == ascending


def test_list_and_item_agree(double: DoubleServer) -> None:
    for item in get(f"{double.base_url}/integrations").json():
        assert get(f"{double.base_url}/integrations/{item['id']}").json() == item


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/integrations/1/shipments", 404),
        ("/integrations/abc/logs", 404),
        ("/integrations/4711/shipments?start_date=yesterday", 400),
        ("/integrations/4711/shipments?sender_address=x", 400),
    ],
)
def test_unknown_ids_and_unreadable_filters_answer_in_the_envelope(
    double: DoubleServer, path: str, status: int
) -> None:
    response = requests.get(double.base_url + path, auth=KEYS, timeout=5)
    assert response.status_code == status
    assert set(response.json()["error"]) == {"code", "request", "message"}


@pytest.mark.parametrize(
    ("method", "path", "allow"),
    [
        ("PUT", "/integrations/4711/shipments", "GET, POST, HEAD, OPTIONS"),
        ("DELETE", "/integrations/4711/logs", "GET, POST, HEAD, OPTIONS"),
        ("GET", "/integrations/4711/shipments/delete", "POST, OPTIONS"),
        ("POST", "/integrations/logs", "GET, HEAD, OPTIONS"),
        ("POST", "/integrations", "GET, HEAD, OPTIONS"),
    ],
)
def test_methods_a_list_does_not_serve_are_405_with_allow(
    double: DoubleServer, method: str, path: str, allow: str
) -> None:
    response = requests.request(method, double.base_url + path, auth=KEYS, timeout=5)
    assert response.status_code == 405
    assert response.headers["Allow"] == allow
