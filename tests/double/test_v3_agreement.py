"""The entries where v3 tells another story than v2: each bends v3 in list and item alike, v2 never."""

from __future__ import annotations

import json
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sendcloud_contracts.double import DoubleApp, Request
from sendcloud_contracts.double.catalogue.v3_agreement import LEFT_OUT, MOVED, V3_AGREEMENT
from sendcloud_contracts.double.catalogue.variant import V3_SPEC, Kind, valid_basic_credentials

from .test_double_v3 import data

if TYPE_CHECKING:
    from collections.abc import Callable


def v2(app: DoubleApp, path: str) -> tuple[int, Any]:
    headers = {"Host": "127.0.0.1", "Authorization": valid_basic_credentials(app)}
    reply = app.handle(Request("GET", f"/api/v2{path}", "", headers))
    return reply.status, json.loads(reply.body)


def listed(app: DoubleApp) -> dict[int, dict[str, Any]]:
    return {item["id"]: item for item in data(app, "/integrations")}


def another_type(app: DoubleApp) -> None:
    assert {item["type"] for item in listed(app).values()} == {"shopify"}
    assert data(app, "/integrations/123")["type"] == "shopify"
    assert v2(app, "/integrations/123")[1]["system"] != "shopify"


def one_left_out(app: DoubleApp) -> None:
    assert LEFT_OUT not in listed(app)
    assert data(app, f"/integrations/{LEFT_OUT}")["id"] == LEFT_OUT
    assert LEFT_OUT in {item["id"] for item in v2(app, "/integrations")[1]}


def _instant(stamp: str) -> datetime:
    return datetime.fromisoformat(stamp.replace("Z", "+00:00"))


def another_instant(app: DoubleApp) -> None:
    older = _instant(v2(app, f"/integrations/{MOVED}")[1]["last_fetch"])
    for moved in (listed(app)[MOVED], data(app, f"/integrations/{MOVED}")):
        assert (_instant(moved["last_fetched_at"]) - older).total_seconds() == 3600
    faithful = DoubleApp()
    assert listed(app)[123] == listed(faithful)[123]


def v2_closed(app: DoubleApp) -> None:
    for path in ("/integrations", "/integrations/123", "/integrations/logs"):
        status, body = v2(app, path)
        assert status == 404
        assert body["error"]["code"] == 404
    assert data(app, "/integrations/123")["id"] == 123


V3_AGREEMENT_EXPECTATIONS: dict[str, Callable[[DoubleApp], None]] = {
    "v3-type-disagrees-with-v2": another_type,
    "v3-list-leaves-out-an-integration": one_left_out,
    "v3-fetched-at-another-instant": another_instant,
    "v2-closed-for-the-account": v2_closed,
}


def test_each_entry_runs_with_the_v3_document_and_names_what_a_failure_says() -> None:
    assert [entry.name for entry in V3_AGREEMENT] == list(V3_AGREEMENT_EXPECTATIONS)
    assert all(entry.spec == V3_SPEC for entry in V3_AGREEMENT)
    faults = [entry for entry in V3_AGREEMENT if entry.kind is Kind.FAULT]
    assert len(faults) == 3
    assert all(any(f.startswith("[versions_agree]") for f in entry.caught_by) for entry in faults)
