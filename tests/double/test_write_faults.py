"""Each write fault makes the double do what its description claims: asked directly, without a suite."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest

from sendcloud_contracts.double import DoubleApp
from sendcloud_contracts.double.catalogue.faults import CATALOGUE, playing
from sendcloud_contracts.double.catalogue.v3_write_faults import V3_WRITE_FAULTS
from sendcloud_contracts.double.catalogue.variant import COMPLETE_SPEC, V3_SPEC, Kind
from sendcloud_contracts.double.catalogue.write_faults import WRITE_FAULTS
from sendcloud_contracts.double.catalogue.write_variant import WRITE_INTEGRATION, WRITES_TEST

from .asking import body_of, send
from .test_double_shipment_writes import order
from .writing import (
    LOG,
    MAPPING,
    NEW_URL,
    OTHER_ID,
    SHIPMENTS,
    STATUSES,
    UNKNOWN_ID,
    V3_ID,
    WRONG_SECRET,
    item,
    patch,
    put,
    read,
    statuses,
    stored,
    upsert,
)

if TYPE_CHECKING:
    from collections.abc import Callable

    from sendcloud_contracts.double import Reply


def kept(member: str, method: str, value: Any, api: str = "v2") -> Callable[[DoubleApp], None]:
    def expect(app: DoubleApp) -> None:
        before = read(app, api)[member]
        reply = put(app, **{member: value}) if method == "PUT" else patch(app, {member: value}, api)
        assert reply.status in (200, 204)
        assert read(app, api)[member] == before != value

    return expect


def reset_when_left_out(member: str, value: Any, api: str = "v2") -> Callable[[DoubleApp], None]:
    def expect(app: DoubleApp) -> None:
        assert read(app, api)[member] != value
        assert patch(app, {"shop_url": NEW_URL}, api).status in (200, 204)
        assert read(app, api)[member] == value

    return expect


def refused_yet_saved(api: str) -> Callable[[DoubleApp], None]:
    def expect(app: DoubleApp) -> None:
        assert patch(app, {"shop_url": NEW_URL, "webhook_active": 7}, api).status == 400
        assert read(app, api)["shop_url"] == NEW_URL

    return expect


def others_changed(api: str) -> Callable[[DoubleApp], None]:
    def expect(app: DoubleApp) -> None:
        assert patch(app, {"shop_url": NEW_URL}, api).status in (200, 204)
        assert read(app, api, OTHER_ID)["shop_url"] == NEW_URL

    return expect


def writes_let_in(authorization: str | None, api: str) -> Callable[[DoubleApp], None]:
    def expect(app: DoubleApp) -> None:
        assert patch(app, {"shop_url": NEW_URL}, api, authorization).status in (200, 204)
        assert read(app, api)["shop_url"] == NEW_URL
        assert send(app, "GET", item(api), authorization=authorization).status == 401

    return expect


def unknown_deleted(api: str) -> Callable[[DoubleApp], None]:
    def expect(app: DoubleApp) -> None:
        assert send(app, "DELETE", item(api, UNKNOWN_ID)).status == 204
        assert send(app, "DELETE", item(api)).status == 204

    return expect


def log_answer(api: str, check: Callable[[Reply], bool]) -> Callable[[DoubleApp], None]:
    def expect(app: DoubleApp) -> None:
        assert check(send(app, "POST", f"{item(api)}/logs", LOG))

    return expect


def answered_before(app: DoubleApp) -> None:
    before = read(app)["shop_url"]
    assert body_of(patch(app, {"shop_url": NEW_URL}))["shop_url"] == before
    assert read(app)["shop_url"] == NEW_URL


def errors_without_request(app: DoubleApp) -> None:
    assert body_of(patch(app, {"webhook_active": 7}))["error"].keys() == {"code", "message"}
    assert "request" in body_of(send(app, "GET", item("v2", UNKNOWN_ID)))["error"]


def duplicated(app: DoubleApp) -> None:
    assert [upsert(app, order())[0]["status"] for _ in range(2)] == ["created", "created"]
    assert len(stored(app, "A-1")) == 2


def created_for_known(app: DoubleApp) -> None:
    assert [upsert(app, order())[0]["status"] for _ in range(2)] == ["created", "created"]
    assert len(stored(app, "A-1")) == 1


def updated_for_new(app: DoubleApp) -> None:
    assert upsert(app, order())[0]["status"] == "updated"
    assert len(stored(app, "A-1")) == 1


def refused_stored(app: DoubleApp) -> None:
    assert upsert(app, order(country="not a country"))[0]["status"] == "error"
    assert len(stored(app, "A-1")) == 1


def one_entry_less(app: DoubleApp) -> None:
    assert len(upsert(app, order(), order(external_order_id="A-2"))) == 1


def null_shipment_id(app: DoubleApp) -> None:
    assert upsert(app, order(external_shipment_id=None))[0]["external_shipment_id"] is None


def another_uuid(app: DoubleApp) -> None:
    first = upsert(app, order())[0]["shipment_uuid"]
    assert upsert(app, order())[0]["shipment_uuid"] != first == stored(app, "A-1")[0]["shipment_uuid"]


def delete_keeps(app: DoubleApp) -> None:
    uuid = upsert(app, order())[0]["shipment_uuid"]
    assert send(app, "POST", f"{SHIPMENTS}/delete", {"shipment_uuid": uuid}).status == 204
    assert len(stored(app, "A-1")) == 1


def second_delete_fails(app: DoubleApp) -> None:
    uuid = upsert(app, order())[0]["shipment_uuid"]
    answers = [send(app, "POST", f"{SHIPMENTS}/delete", {"shipment_uuid": uuid}).status for _ in range(2)]
    assert answers == [204, 500]


def v3_patch_answers(status: int, with_body: bool) -> Callable[[DoubleApp], None]:
    def expect(app: DoubleApp) -> None:
        reply = patch(app, {"shop_url": NEW_URL}, "v3")
        assert reply.status == status
        assert (body_of(reply)["data"]["id"] == V3_ID) if with_body else reply.body == b""

    return expect


def v3_errors_in_v2_envelope(app: DoubleApp) -> None:
    assert set(body_of(patch(app, {"webhook_active": 7}, "v3"))) == {"error"}
    assert set(body_of(send(app, "GET", item("v3", UNKNOWN_ID)))) == {"errors"}


def none_deleted(app: DoubleApp) -> None:
    shown = statuses(app)
    assert send(app, "POST", STATUSES, {"integration_id": V3_ID, "statuses": []}).status == 200
    assert statuses(app) == shown


def deleted_without_deleted_at(app: DoubleApp) -> None:
    assert send(app, "POST", STATUSES, {"integration_id": V3_ID, "statuses": []}).status == 200
    assert statuses(app) == []
    assert {status["deleted_at"] for status in statuses(app, show_deleted=True)} == {None}


def deleted_still_shown(app: DoubleApp) -> None:
    assert send(app, "POST", STATUSES, {"integration_id": V3_ID, "statuses": []}).status == 200
    assert statuses(app)
    assert all(status["deleted_at"] for status in statuses(app))


def unmapped_kept(app: DoubleApp) -> None:
    def mapping() -> list[dict[str, Any]]:
        found = body_of(send(app, "GET", MAPPING, query=f"integration_id={V3_ID}"))
        return [
            {name: entry[name] for name in ("status_category", "external_id")}
            for entry in found["data"]["mapping"]
        ]

    before = mapping()
    unmapped = [{**entry, "external_id": None} for entry in before]
    assert send(app, "POST", MAPPING, {"integration_id": V3_ID, "mapping": unmapped}).status == 200
    assert mapping() == before != unmapped


WRITE_FAULT_EXPECTATIONS: dict[str, Callable[[DoubleApp], None]] = {
    "patch-ignores-webhook-url": kept("webhook_url", "PATCH", NEW_URL),
    "put-keeps-shop-url": kept("shop_url", "PUT", NEW_URL),
    "patch-resets-webhook-active": reset_when_left_out("webhook_active", False),
    "update-answers-the-integration-before": answered_before,
    "refused-update-saves-the-rest": refused_yet_saved("v2"),
    "update-changes-every-integration": others_changed("v2"),
    "write-errors-without-request": errors_without_request,
    "writes-without-credentials": writes_let_in(None, "v2"),
    "writes-with-a-wrong-secret": writes_let_in(WRONG_SECRET, "v2"),
    "delete-of-an-unknown-integration-204": unknown_deleted("v2"),
    "upsert-duplicates-known-orders": duplicated,
    "upsert-created-for-known-orders": created_for_known,
    "upsert-updated-for-new-orders": updated_for_new,
    "upsert-stores-refused-orders": refused_stored,
    "upsert-answer-drops-an-order": one_entry_less,
    "upsert-answers-null-shipment-id": null_shipment_id,
    "upsert-answers-another-uuid": another_uuid,
    "shipment-delete-keeps-it": delete_keeps,
    "second-shipment-delete-500": second_delete_fails,
    "log-created-answers-200": log_answer("v2", lambda reply: reply.status == 200),
    "log-answer-leaves-out-members": log_answer(
        "v2", lambda reply: set(body_of(reply)) == {"id", "base_url"}
    ),
    "v3-patch-answers-200-with-the-integration": v3_patch_answers(200, with_body=True),
    "v3-patch-answers-201": v3_patch_answers(201, with_body=False),
    "v3-patch-ignores-shop-name": kept("shop_name", "PATCH", "Another shop", "v3"),
    "v3-patch-clears-carriers": reset_when_left_out("service_point_carriers", [], "v3"),
    "v3-refused-patch-saves-the-rest": refused_yet_saved("v3"),
    "v3-patch-changes-every-integration": others_changed("v3"),
    "v3-write-errors-in-v2-envelope": v3_errors_in_v2_envelope,
    "v3-writes-without-credentials": writes_let_in(None, "v3"),
    "v3-writes-with-a-wrong-secret": writes_let_in(WRONG_SECRET, "v3"),
    "v3-delete-of-an-unknown-integration-204": unknown_deleted("v3"),
    "v3-statuses-replacement-deletes-none": none_deleted,
    "v3-deleted-statuses-without-deleted-at": deleted_without_deleted_at,
    "v3-deleted-statuses-still-shown": deleted_still_shown,
    "v3-mapping-ignores-unmapped-categories": unmapped_kept,
    "v3-log-created-answers-200": log_answer("v3", lambda reply: reply.status == 200),
    "v3-log-names-another-integration": log_answer(
        "v3", lambda reply: body_of(reply)["data"]["integration_id"] != V3_ID
    ),
}


def test_the_write_faults_are_enough_and_each_is_reached_by_a_write_run() -> None:
    faults = [*WRITE_FAULTS, *V3_WRITE_FAULTS]
    assert len(faults) >= 20
    assert list(WRITE_FAULT_EXPECTATIONS) == [entry.name for entry in faults]
    for entry in faults:
        assert entry.kind is Kind.FAULT
        assert entry.caught_by
        assert entry.reached_by == WRITES_TEST
        api = "v3" if entry.name.startswith("v3-") else "v2"
        assert (entry.spec, entry.writes) == (
            {"v2": COMPLETE_SPEC, "v3": V3_SPEC}[api],
            WRITE_INTEGRATION[api],
        )


def test_only_the_write_contracts_entries_need_a_write_run() -> None:
    writing = [entry.name for entry in CATALOGUE if entry.writes is not None]
    assert writing[: len(WRITE_FAULT_EXPECTATIONS)] == list(WRITE_FAULT_EXPECTATIONS)


@pytest.mark.parametrize("name", list(WRITE_FAULT_EXPECTATIONS))
def test_a_write_fault_leaves_an_integration_as_a_read_run_reads_it(name: str) -> None:
    app, faithful = playing(name), DoubleApp()
    for api in ("v2", "v3"):
        assert send(app, "GET", item(api)).body == send(faithful, "GET", item(api)).body
