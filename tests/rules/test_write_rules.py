"""The write contract's rules (`rules/writes.py`): each fails on a write the API got wrong, naming what
broke, and passes the valid but unusual answers (other offsets, members left out or added)."""

from __future__ import annotations

from typing import Any

import pytest

from sendcloud_contracts.rules import writes as rules
from sendcloud_contracts.rules.model import show

pytestmark = pytest.mark.rules

SETTINGS = {
    "shop_url": "https://example.com",
    "webhook_active": True,
    "last_updated_at": "2026-01-01T00:00:00Z",
}


def lines(found: list[rules.Violation]) -> list[str]:
    return [str(violation).split(". ")[0] for violation in found]


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("2023-03-01T02:02:00+01:00", "2023-03-01T01:02:00Z"),
        ("2023-03-01T01:02:00z", "2023-03-01T06:32:00+05:30"),
        ("2023-03-01T01:02:00.000000+00:00", "2023-03-01T01:02:00Z"),
        (["ups"], ["ups"]),
        (None, None),
    ],
)
def test_values_are_the_same_when_equal_or_the_same_instant(first: object, second: object) -> None:
    assert rules.same(first, second)
    assert rules.same(second, first)


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("2023-03-01T02:02:00+01:00", "2023-03-01T02:02:00Z"),
        # Without an offset a date-time names no instant: only the same text is the same.
        ("2023-03-01T02:02:00", "2023-03-01T01:02:00Z"),
        ("2023-03-01T02:02:00", "2023-03-01T02:02:00+00:00"),
        ("HTTPS://EXAMPLE.COM", "https://example.com"),
        ("not a time", "not a time either"),
        (1, "1"),
        (None, "null"),
    ],
)
def test_values_differ_otherwise(first: object, second: object) -> None:
    assert not rules.same(first, second)


def test_a_read_after_a_write_names_each_field_that_did_not_take_and_what_it_was_sent() -> None:
    found = rules.settings_read_back(
        {"shop_url": "https://example.com/new", "webhook_active": True},
        {"shop_url": "https://example.com", "webhook_active": True},
        SETTINGS,
        partial=False,
    )
    assert lines(found) == [
        '[read_your_writes] shop_url: Received: "https://example.com" / Documented: '
        '"https://example.com/new", as the write just set it'
    ]


def test_a_member_left_out_reads_as_absent_not_as_a_string() -> None:
    found = rules.settings_read_back({"full_url": "https://example.com/a"}, {}, {}, partial=False)
    assert lines(found) == [
        '[read_your_writes] full_url: Received: (absent) / Documented: "https://example.com/a", '
        "as the write just set it"
    ]


def test_an_instant_read_back_in_another_offset_took() -> None:
    sent = {"created_at": "2023-03-01T02:02:00+01:00"}
    assert rules.settings_read_back(sent, {"created_at": "2023-03-01T01:02:00Z"}, {}, partial=False) == []


def test_a_partial_write_that_changed_a_field_it_was_not_sent_is_named() -> None:
    read = {**SETTINGS, "webhook_active": False}
    found = rules.settings_read_back({"shop_url": SETTINGS["shop_url"]}, read, SETTINGS, partial=True)
    assert [violation.field for violation in found] == ["webhook_active"]
    assert rules.settings_read_back({}, read, SETTINGS, partial=True, ignored={"webhook_active"}) == []


@pytest.mark.parametrize(
    ("status", "body", "documented", "expected"),
    [
        (204, b"", [204, 400, 404], []),
        (200, b"{}", [200, 400, 404], []),
        (201, b"{}", [201, 400, 404], []),
        # Refusals are the other rules' to judge, a throttled write the transport's to retry.
        (400, b"{}", [204, 400, 404], []),
        (401, b"{}", [204, 400, 404], []),
        (429, b"", [204, 400, 404], []),
        (200, b'{"data": {}}', [204, 400, 404], ["[write_status] (status): Received: 200 / Documented: 204"]),
        (201, b"", [204, 400, 404], ["[write_status] (status): Received: 201 / Documented: 204"]),
        (200, b"{}", [201, 400, 404], ["[write_status] (status): Received: 200 / Documented: 201"]),
        (204, b"null", [204, 400, 404], ["[write_status] (body): Received: null / Documented: no body"]),
        (
            500,
            b"{}",
            [204, 400, 404],
            ["[write_status] (status): Received: 500 / Documented: 204 or a documented"],
        ),
        (503, b"", [200, 400], ["[write_status] (status): Received: 503 / Documented: 200 or a documented"]),
    ],
)
def test_a_write_answers_a_documented_success_and_never_a_server_error(
    status: int, body: bytes, documented: list[int], expected: list[str]
) -> None:
    found = rules.write_status(status, body, documented)
    assert [line[: len(prefix)] for line, prefix in zip(lines(found), expected, strict=True)] == expected


def test_a_write_status_violation_says_in_full_what_a_client_cannot_tell() -> None:
    assert rules.write_status(201, b"", [200, 300, 400]) == [
        rules.Violation(
            "write_status",
            "(status)",
            "201",
            "200, the document's answer to this write",
            "A client that follows the document cannot tell whether the write took.",
        )
    ]
    assert [str(violation) for violation in rules.write_status(502, b"", [200, 201])] == [
        "[write_status] (status): Received: 502 / Documented: 200 or 201 or a documented refusal: no 5xx, "
        "a retry or a second delete included. A client that follows the document cannot tell whether "
        "the write took."
    ]
    assert rules.write_status(204, b" {} ", [204]) == [
        rules.Violation("write_status", "(body)", show(b" {} "), "no body: 204 No Content")
    ]
    # A 3xx is no success the rule judges, documented or not.
    assert rules.write_status(300, b"", [200]) == []


def test_a_writes_answer_agrees_with_the_read_after_it_on_each_field_both_show() -> None:
    read = {**SETTINGS, "system": "api"}
    stale = {**SETTINGS, "shop_url": "https://example.com/old", "integration_type": "api"}
    assert lines(rules.answer_agrees(stale, read, ignored={"last_updated_at"})) == [
        '[write_answer_agrees] shop_url: Received: "https://example.com/old" / Documented: '
        '"https://example.com", as the GET right after the write shows it'
    ]
    # Fewer fields (the document requires none), more fields, another offset: all agree.
    moved = {"shop_url": SETTINGS["shop_url"], "last_updated_at": "2026-01-01T05:30:00+05:30"}
    assert rules.answer_agrees(moved, read) == []
    assert rules.answer_agrees({**SETTINGS, "extra": 1}, read) == []
    assert [violation.fix for violation in rules.answer_agrees(stale, read)] == [
        "A client that keeps the write's answer holds an integration the API does not have."
    ]


def test_a_write_to_one_integration_leaves_the_others_as_they_were() -> None:
    before: dict[str, dict[str, Any]] = {
        "4711": {"shop_url": "https://a.example", "webhook_active": False},
        "5": {"shop_url": None},
    }
    after: dict[str, dict[str, Any]] = {
        **before,
        "4711": {**before["4711"], "shop_url": "https://new.example"},
    }
    assert lines(rules.others_unchanged(before, after)) == [
        '[other_integrations_unchanged] integration 4711: shop_url: Received: "https://new.example" / '
        'Documented: "https://a.example", as before a write that named another integration'
    ]
    assert [violation.fix for violation in rules.others_unchanged(before, after)] == [
        "A write changed an integration it did not name."
    ]
    assert rules.others_unchanged(before, before) == []
    # An integration that is no longer listed lost every field.
    assert [violation.field for violation in rules.others_unchanged(before, {"4711": before["4711"]})] == [
        "integration 5: shop_url"
    ]


KEY = ("sc-contracts-run-1", None)


def test_stored_shipments_are_those_the_run_holds_each_under_the_uuid_it_was_answered() -> None:
    listed = [{"external_order_id": KEY[0], "external_shipment_id": None, "shipment_uuid": "u-1"}]
    assert rules.stored_as_sent(listed, {KEY: "u-1"}, "shipment") == []
    assert rules.stored_as_sent(listed, {KEY: True}, "shipment") == []
    assert lines(rules.stored_as_sent(listed, {KEY: "u-2"}, "shipment")) == [
        '[shipments_upsert] shipment ["sc-contracts-run-1", null].shipment_uuid: Received: "u-1" / '
        'Documented: "u-2", the uuid the upsert answered for it'
    ]
    assert lines(rules.stored_as_sent(listed + listed, {KEY: "u-1"}, "shipment")) == [
        '[shipments_upsert] shipment ["sc-contracts-run-1", null]: Received: 2 stored / '
        "Documented: 1: stored once"
    ]


def test_a_shipment_that_should_be_gone_is_named_by_the_rule_the_caller_gives() -> None:
    listed = [{"external_order_id": KEY[0], "external_shipment_id": ""}]
    assert [violation.rule for violation in rules.stored_as_sent(listed, {}, "shipment")] == [rules.DELETED]
    refused = rules.stored_as_sent(listed, {}, "shipment", rules.UPSERT)
    assert [violation.rule for violation in refused] == [rules.UPSERT]
    assert rules.stored_as_sent([], {}, "shipment", rules.UPSERT) == []


def test_a_refused_write_and_the_restore_compare_instants_and_name_absent_fields() -> None:
    moved = {**SETTINGS, "last_updated_at": "2026-01-01T01:00:00+01:00"}
    assert rules.unchanged(SETTINGS, moved) == []
    assert rules.left_as_found(SETTINGS, moved) == []
    assert lines(rules.unchanged({"webhook_url": "https://example.com"}, {})) == [
        "[refused_write_changed_nothing] webhook_url: Received: (absent) / "
        'Documented: "https://example.com": a refused write changes nothing'
    ]


def test_a_mapping_read_back_without_a_category_names_it_absent() -> None:
    sent = [{"status_category": "CANCEL", "external_id": None}]
    assert lines(rules.mapping_read_back(sent, [])) == [
        "[mapping_read_back] mapping[CANCEL]: Received: (absent) / Documented: null"
    ]
    assert rules.mapping_read_back(sent, [{"status_category": "CANCEL", "external_id": None}]) == []
