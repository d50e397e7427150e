"""Requests for the write contract's catalogue entries, asked of a double directly, without a suite."""

from __future__ import annotations

import base64
from typing import TYPE_CHECKING, Any

from sendcloud_contracts.double.catalogue.write_variant import WRITE_INTEGRATION

from .asking import body_of, send

if TYPE_CHECKING:
    from sendcloud_contracts.double import DoubleApp, Reply

V2_ID, V3_ID = WRITE_INTEGRATION["v2"], WRITE_INTEGRATION["v3"]
OTHER_ID = 4711
UNKNOWN_ID = 6
WRONG_SECRET = "Basic " + base64.b64encode(b"double-public-key:wrong").decode()
NEW_URL = "https://example.com/new"
SHIPMENTS = f"/api/v2/integrations/{V2_ID}/shipments"
STATUSES = "/api/v3/shop-order-statuses"
MAPPING = "/api/v3/shop-order-statuses/mapping"
LOG = {"base_url": "https://example.com", "full_url": "https://example.com/a", "method": "POST"}


def item(api: str = "v2", identity: int | None = None) -> str:
    return f"/api/{api}/integrations/{identity or WRITE_INTEGRATION[api]}"


def read(app: DoubleApp, api: str = "v2", identity: int | None = None) -> dict[str, Any]:
    found = body_of(send(app, "GET", item(api, identity)))
    shown: dict[str, Any] = found["data"] if api == "v3" else found
    return shown


def patch(app: DoubleApp, body: dict[str, Any], api: str = "v2", authorization: str | None = "") -> Reply:
    return send(app, "PATCH", item(api), body, authorization=authorization)


def put(app: DoubleApp, **changes: Any) -> Reply:
    current = read(app)
    names = ("shop_url", "service_point_enabled", "service_point_carriers", "webhook_active", "webhook_url")
    return send(app, "PUT", item(), {**{name: current[name] for name in names}, **changes})


def upsert(app: DoubleApp, *orders: dict[str, Any]) -> list[dict[str, Any]]:
    reply = send(app, "POST", SHIPMENTS, list(orders))
    assert reply.status == 200, reply.body
    entries: list[dict[str, Any]] = body_of(reply)
    return entries


def stored(app: DoubleApp, external_order_id: str) -> list[dict[str, Any]]:
    shipments = app.state()["integrations"][str(V2_ID)]["shipments"]
    return [each for each in shipments if each["external_order_id"] == external_order_id]


def statuses(app: DoubleApp, show_deleted: bool = False) -> list[dict[str, Any]]:
    query = f"integration_id={V3_ID}" + ("&show_deleted=true" if show_deleted else "")
    found: list[dict[str, Any]] = body_of(send(app, "GET", STATUSES, query=query))["data"]
    return found
