"""The write contract's rules: each fails on a state that breaks what the write promised, and passes
on a valid but unusual one (nulls, fields the API keeps itself, answers in another order)."""

from __future__ import annotations

from typing import Any

import pytest

from sendcloud_contracts.rules import writes as rules

pytestmark = pytest.mark.rules

BEFORE = {
    "shop_url": "https://a.example",
    "webhook_active": False,
    "webhook_url": None,
    "last_updated_at": "1",
}


def fields(found: list[rules.Violation]) -> list[str]:
    return [violation.field for violation in found]


def test_a_read_returns_what_the_write_set_and_a_patch_leaves_the_rest() -> None:
    sent = {"webhook_active": True}
    read = {**BEFORE, "webhook_active": True, "last_updated_at": "2"}
    assert rules.settings_read_back(sent, read, BEFORE, partial=True, ignored={"last_updated_at"}) == []


def test_a_write_that_did_not_take_is_named_with_what_was_sent() -> None:
    (violation,) = rules.settings_read_back({"webhook_active": True}, BEFORE, BEFORE, partial=True)
    assert (violation.rule, violation.field, violation.received) == (
        rules.READ_YOUR_WRITES,
        "webhook_active",
        "false",
    )
    assert "true, as the write just set it" in violation.documented


def test_a_patch_that_changes_a_field_it_was_not_given_fails() -> None:
    read = {**BEFORE, "webhook_active": True, "shop_url": "https://b.example"}
    found = rules.settings_read_back({"webhook_active": True}, read, BEFORE, partial=True)
    assert fields(found) == ["shop_url"]
    assert "a partial write leaves the fields it did not send" in found[0].documented
    # A PUT sends every field: what it did not send is no promise of its.
    assert rules.settings_read_back({"webhook_active": True}, read, BEFORE, partial=False) == []


def test_a_field_read_back_absent_is_named_absent() -> None:
    (violation,) = rules.settings_read_back({"feedback_type": "delayed"}, {}, {}, partial=False)
    assert violation.received == "(absent)"


def test_a_refused_write_that_changed_something_fails_and_the_apis_own_fields_are_left_out() -> None:
    after = {**BEFORE, "webhook_active": True, "last_updated_at": "2"}
    found = rules.unchanged(BEFORE, after, ignored={"last_updated_at"})
    assert fields(found) == ["webhook_active"]
    assert found[0].rule == rules.UNCHANGED
    assert rules.unchanged(BEFORE, {**BEFORE, "last_updated_at": "2"}, ignored={"last_updated_at"}) == []
    # A field the answer dropped is a change too.
    assert fields(
        rules.unchanged(BEFORE, {"shop_url": "https://a.example"}, ignored={"last_updated_at"})
    ) == [
        "webhook_active",
        "webhook_url",
    ]


ORDER = {"external_order_id": "sc-1", "external_shipment_id": None}
KNOWN: set[tuple[str, str | None]] = {("sc-0", None)}


def test_a_new_key_is_created_and_a_known_one_updated() -> None:
    again = {"external_order_id": "sc-0", "external_shipment_id": ""}
    answer = [
        {"status": "created", "shipment_uuid": "u1"},
        {"status": "updated", "shipment_uuid": "u0"},
    ]
    assert rules.upsert_answer([ORDER, again], answer, KNOWN) == []


def test_a_second_post_of_known_keys_that_creates_is_a_duplicate() -> None:
    answer = [{"status": "created", "shipment_uuid": "u2"}]
    (violation,) = rules.upsert_answer([{"external_order_id": "sc-0"}], answer, KNOWN)
    assert (violation.field, violation.received) == ("0.status", '"created"')
    assert '"updated"' in violation.documented
    assert "were stored before" in violation.documented


def test_an_update_of_a_key_never_stored_is_named() -> None:
    (violation,) = rules.upsert_answer([ORDER], [{"status": "updated", "shipment_uuid": "u"}], KNOWN)
    assert "were not stored before" in violation.documented


def test_an_answer_without_a_uuid_or_one_entry_per_order_fails() -> None:
    (missing,) = rules.upsert_answer([ORDER], [{"status": "created"}], set())
    assert missing.field == "0.shipment_uuid"
    (short,) = rules.upsert_answer([ORDER, ORDER], [{"status": "created", "shipment_uuid": "u"}], set())
    assert (short.field, short.received) == ("(body)", "1 entries")
    (not_a_list,) = rules.upsert_answer([ORDER], {"status": "created"}, set())
    assert not_a_list.received.startswith("{")
    # An order answered `error` is a documented answer: whether it stored anything is checked apart.
    assert rules.upsert_answer([ORDER], [{"status": "error", "error": {"country": ["x"]}}], set()) == []
    assert rules.upsert_answer([ORDER], ["created"], set())[0].field == "0.status"


def test_the_keys_of_an_order_are_its_order_and_shipment_ids() -> None:
    assert rules.order_key({"external_order_id": 7, "external_shipment_id": 8}) == ("7", "8")
    assert rules.order_key({"external_order_id": "a"}) == ("a", None)
    assert rules.order_key({"external_order_id": "a", "external_shipment_id": ""}) == ("a", None)


def test_what_is_stored_under_the_runs_keys_is_each_once() -> None:
    stored = [{"external_order_id": "sc-1"}]
    assert rules.stored_as_sent(stored, {("sc-1", None): True}, "shipment") == []
    (doubled,) = rules.stored_as_sent(stored * 2, {("sc-1", None): True}, "shipment")
    assert (doubled.rule, doubled.received, doubled.documented) == (
        rules.UPSERT,
        "2 stored",
        "1: stored once",
    )
    (kept,) = rules.stored_as_sent(stored, {}, "shipment")
    assert (kept.rule, kept.field) == (rules.DELETED, 'shipment ["sc-1", null]')
    assert "deleted, or answered `error`" in kept.documented
    (lost,) = rules.stored_as_sent([], {("sc-1", None): True}, "shipment")
    assert (lost.rule, lost.received) == (rules.UPSERT, "0 stored")


STATUS_A = {"external_id": "a", "deleted_at": None}
STATUS_B = {"external_id": "b", "deleted_at": None}


def test_a_replacement_shows_exactly_what_was_sent_and_keeps_the_rest_deleted() -> None:
    deleted_b = {**STATUS_B, "deleted_at": "2026-01-01T00:00:00+01:00"}
    assert rules.statuses_replaced([STATUS_A], [STATUS_A], [STATUS_A, deleted_b]) == []
    # In another order: a list of statuses is no ordered one.
    assert rules.statuses_replaced([STATUS_A, STATUS_B], [STATUS_B, STATUS_A], [STATUS_B, STATUS_A]) == []


def test_a_status_not_sent_that_still_shows_or_has_no_deleted_at_fails() -> None:
    found = rules.statuses_replaced([STATUS_A], [STATUS_A, STATUS_B], [STATUS_A, STATUS_B])
    assert fields(found) == ["statuses[b]", "statuses[b].deleted_at"]
    assert [violation.documented for violation in found] == [
        "deleted: it was not sent",
        "a time: it was not sent",
    ]
    (missing,) = rules.statuses_replaced([STATUS_A, STATUS_B], [STATUS_A], [STATUS_A, STATUS_B])
    assert (missing.field, missing.received) == ("statuses[b]", "(absent)")


def test_the_mapping_reads_back_as_posted() -> None:
    sent: list[dict[str, Any]] = [
        {"status_category": "DELIVERED", "external_id": "4"},
        {"status_category": "CANCEL", "external_id": None},
    ]
    shown = [{**entry, "is_valid": True} for entry in reversed(sent)]
    assert rules.mapping_read_back(sent, shown) == []
    (violation,) = rules.mapping_read_back(sent, [sent[0]])
    assert (violation.field, violation.received, violation.documented) == (
        "mapping[CANCEL]",
        "(absent)",
        "null",
    )
    assert fields(rules.mapping_read_back(sent, None)) == ["mapping[DELIVERED]", "mapping[CANCEL]"]
    assert fields(rules.mapping_read_back(sent, ["x", *sent])) == []


def test_what_the_restore_could_not_take_back_is_named_field_by_field() -> None:
    assert rules.left_as_found(BEFORE, {**BEFORE, "last_updated_at": "9"}, ignored={"last_updated_at"}) == []
    (violation,) = rules.left_as_found(BEFORE, {**BEFORE, "webhook_url": "https://x"}, where="settings.")
    assert (violation.rule, violation.field) == (rules.LEFT_AS_FOUND, "settings.webhook_url")
    assert violation.documented == "null, as the run found it"
    assert "restore it by hand" in violation.fix
    (gone,) = rules.left_as_found({"a": 1}, {})
    assert gone.received == "(absent)"


# Every violation whole: what a reader of the failure sees is the contract of these rules too.

READ_BACK_FIX = "A client reading after writing is misled: the write did not take, or took another value."


def test_each_read_back_violation_says_all_it_knows() -> None:
    assert rules.settings_read_back({"webhook_url": None}, {}, {}, partial=False) == [
        rules.Violation(
            rules.READ_YOUR_WRITES, "webhook_url", "(absent)", "null, as the write just set it", READ_BACK_FIX
        )
    ]
    assert rules.settings_read_back({}, {}, {"webhook_url": None}, partial=True) == [
        rules.Violation(
            rules.READ_YOUR_WRITES,
            "webhook_url",
            "(absent)",
            "null, as before: a partial write leaves the fields it did not send",
            "PATCH changed a field it was not given.",
        )
    ]
    # Ignored fields are left out of the partial check too.
    assert rules.settings_read_back({}, {}, {"updated_at": "1"}, partial=True, ignored={"updated_at"}) == []


def test_each_unchanged_violation_says_all_it_knows() -> None:
    fix = "The API answered with an error, yet changed what it refused to write."
    assert rules.unchanged({}, {"webhook_url": None}) == [
        rules.Violation(
            rules.UNCHANGED, "webhook_url", "null", "(absent): a refused write changes nothing", fix
        )
    ]
    assert rules.unchanged({"webhook_url": None}, {}) == [
        rules.Violation(
            rules.UNCHANGED, "webhook_url", "(absent)", "null: a refused write changes nothing", fix
        )
    ]


def test_each_upsert_violation_says_all_it_knows() -> None:
    fix = (
        "The upsert is keyed on external_order_id and external_shipment_id: a second post "
        "of the same keys updates, it never creates a duplicate."
    )
    assert rules.upsert_answer([ORDER], [{"status": "updated", "shipment_uuid": "u"}], set()) == [
        rules.Violation(
            rules.UPSERT,
            "0.status",
            '"updated"',
            '"created": the order\'s keys ["sc-1", null] were not stored before',
            fix,
        )
    ]
    assert rules.upsert_answer([ORDER], [{"status": "created"}], set()) == [
        rules.Violation(rules.UPSERT, "0.shipment_uuid", "(absent)", "the uuid of the created shipment")
    ]
    assert rules.upsert_answer([ORDER], [], set()) == [
        rules.Violation(rules.UPSERT, "(body)", "0 entries", "one entry per order sent (1)")
    ]
    # An order answered `error` does not end the check of those after it.
    second = {"external_order_id": "sc-2"}
    errored = [{"status": "error"}, {"status": "updated", "shipment_uuid": "u"}]
    assert fields(rules.upsert_answer([ORDER, second], errored, set())) == ["1.status"]


def test_each_stored_and_status_violation_says_all_it_knows() -> None:
    assert rules.stored_as_sent([{"external_order_id": "a"}], {}, "run shipment") == [
        rules.Violation(
            rules.DELETED, 'run shipment ["a", null]', "1 stored", "0: deleted, or answered `error`"
        )
    ]
    assert rules.statuses_replaced([STATUS_A], [STATUS_B], [STATUS_B]) == [
        rules.Violation(rules.STATUSES, "statuses[a]", "(absent)", "shown: it was sent"),
        rules.Violation(rules.STATUSES, "statuses[b]", "shown", "deleted: it was not sent"),
        rules.Violation(rules.STATUSES, "statuses[b].deleted_at", "null", "a time: it was not sent"),
    ]


def test_each_mapping_and_left_as_found_violation_says_all_it_knows() -> None:
    sent = [{"status_category": "CANCEL", "external_id": None}]
    assert rules.mapping_read_back(sent, []) == [
        rules.Violation(rules.MAPPING, "mapping[CANCEL]", "(absent)", "null")
    ]
    assert rules.mapping_read_back(sent, [{"status_category": "CANCEL", "external_id": "6"}]) == [
        rules.Violation(rules.MAPPING, "mapping[CANCEL]", '"6"', "null")
    ]
    fix = "The API did not take back what it was given: restore it by hand to the documented value."
    assert rules.left_as_found({}, {"webhook_url": None}) == [
        rules.Violation(rules.LEFT_AS_FOUND, "webhook_url", "null", "(absent), as the run found it", fix)
    ]
    assert rules.left_as_found({"webhook_url": None}, {}) == [
        rules.Violation(rules.LEFT_AS_FOUND, "webhook_url", "(absent)", "null, as the run found it", fix)
    ]


def test_a_changed_field_is_shown_as_read_and_as_it_was() -> None:
    assert rules.settings_read_back({}, {"shop_url": "b"}, {"shop_url": "a"}, partial=True) == [
        rules.Violation(
            rules.READ_YOUR_WRITES,
            "shop_url",
            '"b"',
            '"a", as before: a partial write leaves the fields it did not send',
            "PATCH changed a field it was not given.",
        )
    ]
    sent = [{"status_category": "DELIVERED", "external_id": "4"}]
    shown = [{"status_category": "DELIVERED", "external_id": "6"}]
    assert rules.mapping_read_back(sent, shown) == [
        rules.Violation(rules.MAPPING, "mapping[DELIVERED]", '"6"', '"4"')
    ]
