"""The list and each integration agree: disagreements and missing ids fail, legitimate differences pass."""

from __future__ import annotations

import json
from typing import Any

import pytest

from sendcloud_contracts.double.data import SEEDED_INTEGRATIONS
from sendcloud_contracts.rules.consistency import (
    applies,
    list_and_items,
    list_is_complete,
    listed,
)
from sendcloud_contracts.rules.model import Exchange, Violation
from sendcloud_contracts.spec import load_spec

from ..conftest import ROOT

pytestmark = pytest.mark.rules

COMPLETE = load_spec(ROOT / "spec" / "sendcloud-v2-integrations-openapi.yml")
SEED = load_spec(ROOT / "spec" / "integrations.yaml")
FIRST, SECOND = (dict(integration) for integration in SEEDED_INTEGRATIONS[:2])
MISLED = "The list and the integration disagree: a client is misled by one of them"


def answer(body: Any, *, status: int = 200, path: str = "/api/v2/integrations") -> Exchange:
    raw = body if isinstance(body, bytes) else json.dumps(body).encode()
    operation = "/integrations" if path.endswith("integrations") else "/integrations/{id}"
    return Exchange("GET", path, status, "application/json", raw, operation, {})


def item(body: Any, *, status: int = 200) -> Exchange:
    return answer(body, status=status, path=f"/api/v2/integrations/{body.get('id', 0)}")


def judged(entries: Any, *items: dict[str, Any], complete: bool = True, status: int = 200) -> list[Violation]:
    answers = {int(body["id"]): item(body) for body in items}
    return list(list_and_items(answer(entries, status=status), answers, COMPLETE, complete=complete))


def test_the_complete_document_is_checked_and_the_seed_is_not() -> None:
    assert applies(COMPLETE)
    assert not applies(SEED)


def test_the_documented_list_is_complete() -> None:
    assert list_is_complete(COMPLETE)
    paginated = load_spec(ROOT / "spec" / "sendcloud-v2-integrations-openapi.yml")
    paginated.document["paths"]["/integrations"]["get"]["x-sendcloud-paginated"] = True
    assert not list_is_complete(paginated)


def test_a_list_that_agrees_passes() -> None:
    assert judged([FIRST, SECOND], FIRST, SECOND) == []


def test_a_field_that_differs_is_named_with_both_values() -> None:
    entries = [FIRST, {**SECOND, "shop_name": "Kaffee Müller (old)", "service_point_enabled": True}]
    assert judged(entries, FIRST, SECOND) == [
        Violation(
            "consistency",
            "1.shop_name",
            '"Kaffee Müller (old)"',
            '"Kaffeerösterei Müller", as GET /api/v2/integrations/4711 answers',
            MISLED,
        ),
        Violation(
            "consistency",
            "1.service_point_enabled",
            "true",
            "false, as GET /api/v2/integrations/4711 answers",
            MISLED,
        ),
    ]


@pytest.mark.parametrize(
    ("listed_value", "item_value"),
    [
        (1, True),
        (0, False),
        ([1, 2], [2, 1]),
        ({"a": 1}, {"a": 1, "b": 2}),
        ("1", 1),
        (None, "x"),
        ({"a": 1}, "a"),
        (["x"], "x"),
        ("x", ["x"]),
    ],
)
def test_values_that_differ_as_json_disagree(listed_value: Any, item_value: Any) -> None:
    found = judged([{**FIRST, "extra": listed_value}], {**FIRST, "extra": item_value})
    assert [violation.field for violation in found] == ["0.extra"]


@pytest.mark.parametrize(
    ("listed_value", "item_value"),
    [(1, 1.0), ({"a": 1, "b": [True]}, {"b": [True], "a": 1}), (None, None), ([], [])],
)
def test_values_equal_as_json_agree(listed_value: Any, item_value: Any) -> None:
    assert judged([{**FIRST, "extra": listed_value}], {**FIRST, "extra": item_value}) == []


def test_fields_sendcloud_moves_on_its_own_are_not_compared() -> None:
    moved = {
        **FIRST,
        "failing_since": None,
        "last_fetch": "2030-01-01T00:00:00Z",
        "last_updated_at": "2030-01-01T00:00:00Z",
    }
    assert judged([moved], FIRST) == []


def test_a_field_absent_from_one_side_is_no_disagreement() -> None:
    only_required = {"id": FIRST["id"], "shop_name": FIRST["shop_name"], "system": FIRST["system"]}
    assert judged([only_required], FIRST) == []
    assert judged([FIRST], only_required) == []


def test_a_known_id_missing_from_a_complete_list_fails() -> None:
    assert judged([FIRST], FIRST, SECOND) == [
        Violation(
            "consistency",
            "GET /api/v2/integrations",
            "1 integrations, without id 4711",
            "every integration of the account, 4711 among them: "
            "GET /api/v2/integrations/4711 answers it, and the list is not paginated",
            "The list leaves out an integration that exists",
        )
    ]
    assert [violation.field for violation in judged([], FIRST)] == ["GET /api/v2/integrations"]


def test_a_known_id_missing_from_a_paginated_list_is_not_a_failure() -> None:
    assert judged([FIRST], FIRST, SECOND, complete=False) == []


def test_entries_without_ids_may_hold_the_known_one() -> None:
    nameless = {key: value for key, value in SECOND.items() if key != "id"}
    assert judged([FIRST, nameless], FIRST, SECOND) == []
    assert judged([FIRST, {**SECOND, "id": True}], FIRST, SECOND) == []
    assert judged([FIRST, "4711"], FIRST, SECOND) == []


def test_an_entry_listed_twice_is_compared_each_time() -> None:
    found = judged([FIRST, {**FIRST, "system": "csv"}, {**FIRST, "system": "odoo"}], FIRST)
    assert [(violation.field, violation.received) for violation in found] == [
        ("1.system", '"csv"'),
        ("2.system", '"odoo"'),
    ]


def test_a_page_of_results_is_compared_like_a_list() -> None:
    page = {"next": None, "previous": None, "results": [{**FIRST, "system": "csv"}]}
    assert listed(answer(page), COMPLETE) == page["results"]
    assert [violation.field for violation in judged(page, FIRST)] == ["0.system"]


@pytest.mark.parametrize(
    ("body", "status"),
    [([{**FIRST, "system": "csv"}], 500), (b"[not json", 200), ({"results": "x"}, 200), ("list", 200)],
)
def test_a_list_answer_that_is_not_a_list_is_left_to_other_rules(body: Any, status: int) -> None:
    assert listed(answer(body, status=status), COMPLETE) is None
    assert judged(body, FIRST, status=status) == []


def test_an_item_answer_that_is_not_an_integration_is_left_to_other_rules() -> None:
    listing = answer([{**FIRST, "system": "csv"}])
    broken = {
        FIRST["id"]: item(FIRST, status=500),
        SECOND["id"]: answer(b"[]", path="/api/v2/integrations/4711"),
    }
    assert list(list_and_items(listing, broken, COMPLETE, complete=True)) == []
    # One answer that is no integration does not stop the comparison of the others.
    listing = answer([{**FIRST, "system": "csv"}, {**SECOND, "system": "csv"}])
    answers = {FIRST["id"]: item(FIRST, status=500), SECOND["id"]: item(SECOND)}
    found = list(list_and_items(listing, answers, COMPLETE, complete=True))
    assert [violation.field for violation in found] == ["1.system"]
