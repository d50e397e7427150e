"""Each valid write variation makes the double do what its description claims, and keeps the documents'
schemas; asked directly, without a suite."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from sendcloud_contracts.double import DoubleApp
from sendcloud_contracts.double.catalogue.variant import Kind
from sendcloud_contracts.double.catalogue.write_variations import (
    BURST,
    EXTRA_MEMBERS,
    OTHER_OFFSET,
    THROTTLED_WRITES,
    WRITE_VARIATIONS,
)

from .asking import V2, V3, body_of, schema_problems, send
from .test_double_shipment_writes import order
from .writing import LOG, MAPPING, STATUSES, V3_ID, item, patch, read, statuses, upsert

if TYPE_CHECKING:
    from collections.abc import Callable


def updated_at_kept(api: str, stamp: str) -> Callable[[DoubleApp], None]:
    def expect(app: DoubleApp) -> None:
        before = read(app, api)[stamp]
        assert patch(app, {}, api).status in (200, 204)
        assert read(app, api)[stamp] == before
        assert patch(app, {"shop_url": "https://example.com/moved"}, api).status in (200, 204)
        assert read(app, api)[stamp] != before

    return expect


def bursts_throttled(app: DoubleApp) -> None:
    answers = [patch(app, {}) for _ in range(BURST + THROTTLED_WRITES + 1)]
    throttled = [reply for reply in answers if reply.status == 429]
    assert len(throttled) == THROTTLED_WRITES
    assert all(reply.body == b"" and "Retry-After" not in reply.headers for reply in throttled)
    assert [reply.status for reply in answers[:BURST]] == [200] * BURST
    assert patch(app, {}).status == 200


def extra_members(app: DoubleApp) -> None:
    answered = body_of(patch(app, {"shop_url": "https://example.com/extra"}))
    entries = upsert(app, order())
    log = body_of(send(app, "POST", f"{item()}/logs", LOG))
    for shown in (answered, entries[0], log):
        assert EXTRA_MEMBERS.items() <= shown.items()
    assert schema_problems(V2, "/integrations/{id}", "PATCH", 200, answered) == []
    assert schema_problems(V2, "/integrations/{id}/shipments", "POST", 200, entries) == []


def other_offsets(app: DoubleApp) -> None:
    log = body_of(send(app, "POST", f"{item()}/logs", {**LOG, "created_at": "2023-03-01T02:02:00+01:00"}))
    assert log["created_at"] == "2023-03-01T06:32:00+05:30"
    assert datetime.fromisoformat(read(app)["last_updated_at"]).utcoffset() == OTHER_OFFSET.utcoffset(None)


def error_entries_without_shipment_id(app: DoubleApp) -> None:
    refused = upsert(app, order(country="not a country", external_shipment_id=None))[0]
    assert refused["status"] == "error"
    assert "external_shipment_id" not in refused
    assert upsert(app, order(external_order_id="A-2"))[0]["external_shipment_id"] == "S-1"


def reversed_lists(app: DoubleApp) -> None:
    faithful = DoubleApp()
    assert statuses(app) == list(reversed(statuses(faithful)))
    query = f"integration_id={V3_ID}"

    def mapping(double: DoubleApp) -> list[dict[str, Any]]:
        found: list[dict[str, Any]] = body_of(send(double, "GET", MAPPING, query=query))["data"]["mapping"]
        return found

    assert mapping(app) == list(reversed(mapping(faithful)))
    assert body_of(send(app, "POST", STATUSES, {"integration_id": V3_ID, "statuses": []})) is None


def log_in_utc(app: DoubleApp) -> None:
    reply = send(app, "POST", f"{item('v3')}/logs", {**LOG, "created_at": "2023-03-01T02:02:00+01:00"})
    log = body_of(reply)
    assert log["data"]["created_at"] == "2023-03-01T01:02:00Z"
    assert schema_problems(V3, "/integrations/{id}/logs", "POST", 201, log) == []


WRITE_VARIATION_EXPECTATIONS: dict[str, Callable[[DoubleApp], None]] = {
    "updates-keep-last-updated-at": updated_at_kept("v2", "last_updated_at"),
    "v3-patch-keeps-updated-at": updated_at_kept("v3", "updated_at"),
    "write-bursts-answered-429": bursts_throttled,
    "write-answers-with-extra-members": extra_members,
    "write-timestamps-in-another-offset": other_offsets,
    "upsert-errors-without-shipment-id": error_entries_without_shipment_id,
    "v3-statuses-in-another-order": reversed_lists,
    "v3-log-created-at-in-utc": log_in_utc,
}


def test_the_write_variations_are_enough_and_each_runs_as_a_write_run() -> None:
    assert len(WRITE_VARIATIONS) >= 6
    assert list(WRITE_VARIATION_EXPECTATIONS) == [entry.name for entry in WRITE_VARIATIONS]
    for entry in WRITE_VARIATIONS:
        assert entry.kind is Kind.VALID
        assert entry.writes is not None
        assert entry.expected_exit_code == 0
