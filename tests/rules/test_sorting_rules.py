"""A list sorted as asked passes, however its values are written; one out of order fails, named once."""

from __future__ import annotations

from typing import Any

import pytest

from sendcloud_contracts.dialects.model import SortKey
from sendcloud_contracts.rules.page_walk import WalkedPage, page_size_violations
from sendcloud_contracts.rules.sorting import order_violations, sort_value

pytestmark = pytest.mark.rules

CREATED = SortKey("created_at", "created_at")
TYPE = SortKey("integration_type", "type", inferred=True)


def items(field: str, *values: Any) -> list[dict[str, Any]]:
    return [{field: value} for value in values]


def judged(listed: list[Any], key: SortKey = CREATED, *, descending: bool = False) -> list[tuple[str, str]]:
    asked = f"sort={'-' if descending else ''}{key.key}"
    found = order_violations(listed, key, descending=descending, asked=asked, prefix="data.")
    return [(violation.field, violation.received) for violation in found]


@pytest.mark.parametrize(
    "values",
    [
        # The same instant written with other offsets, microseconds, lower-case separators.
        (
            "2020-01-01T00:00:00Z",
            "2020-01-01T01:00:00+01:00",
            "2020-01-01T00:00:00.000001Z",
            "2020-01-02t00:00:00z",
        ),
        # Nulls and unreadable values sort where the API likes: not compared.
        ("2020-01-01T00:00:00Z", None, "2020-01-02T00:00:00Z", "yesterday"),
        (),
        ("2020-01-01T00:00:00Z",),
    ],
)
def test_an_ascending_list_passes(values: tuple[Any, ...]) -> None:
    assert judged(items("created_at", *values)) == []
    assert judged(items("created_at", *reversed(values)), descending=True) == []


def test_an_item_before_an_earlier_one_fails_naming_both() -> None:
    listed = items("created_at", "2020-01-01T00:00:00Z", "2020-01-03T00:00:00Z", "2020-01-02T00:00:00+00:00")
    found = list(order_violations(listed, CREATED, descending=False, asked="sort=created_at", prefix="data."))
    assert [(violation.rule, violation.field, violation.received) for violation in found] == [
        ("sorting", "data.2.created_at", '"2020-01-02T00:00:00+00:00"')
    ]
    assert found[0].documented == (
        'a value at or after "2020-01-03T00:00:00Z" (data.1.created_at), '
        "as sort=created_at orders ascending by created_at"
    )
    assert found[0].fix == "The API ignored sort=created_at"


def test_an_ascending_list_asked_descending_fails_once() -> None:
    listed = items("created_at", "2020-01-01T00:00:00Z", "2020-01-02T00:00:00Z", "2020-01-03T00:00:00Z")
    assert judged(listed, descending=True) == [("data.1.created_at", '"2020-01-02T00:00:00Z"')]
    (violation,) = order_violations(listed, CREATED, descending=True, asked="sort=-created_at")
    assert violation.field == "1.created_at"
    assert violation.documented == (
        'a value at or before "2020-01-01T00:00:00Z" (0.created_at), as sort=-created_at orders descending '
        "by created_at"
    )
    assert violation.fix == "The API ignored sort=-created_at"


def test_instants_are_compared_not_their_text() -> None:
    # 01:30+02:00 is 23:30 the day before in UTC: earlier, though its text sorts later.
    listed = items("created_at", "2020-01-01T00:00:00Z", "2020-01-01T01:30:00+02:00")
    assert judged(listed) == [("data.1.created_at", '"2020-01-01T01:30:00+02:00"')]


def test_text_is_compared_without_regard_to_case() -> None:
    assert judged(items("type", "api", "Magento", "odoo", "Shopify"), TYPE) == []
    assert judged(items("type", "odoo", "api"), TYPE) == [("data.1.type", '"api"')]


def test_numbers_sort_as_numbers_and_kinds_are_not_mixed() -> None:
    key = SortKey("id", "id")
    assert judged(items("id", 2, 10, 100), key) == []
    assert judged(items("id", 10, 2), key) == [("data.1.id", "2")]
    assert judged(items("id", 10, "2", 11), key) == []
    assert judged(["not an item", {"id": 3}, {"id": 2}], key) == [("data.2.id", "2")]


def test_values_that_cannot_be_ordered() -> None:
    assert [sort_value(value) for value in (None, True, [1], {"a": 1})] == [None] * 4
    assert sort_value("2020-01-01T00:00:00Z") == sort_value("2020-01-01T01:00:00+01:00")
    assert sort_value("2020-01-01t00:00:00z") == sort_value("2020-01-01T00:00:00+00:00")
    assert sort_value(1.5) == 1.5
    assert sort_value(2) == 2.0
    assert sort_value("ABC") == "abc"
    # An integer and a float are both numbers, ordered against each other.
    assert judged(items("id", 2, 1.5), SortKey("id", "id")) == [("data.1.id", "1.5")]


def page(count: int) -> WalkedPage:
    return WalkedPage(
        "http://h/api/v3/integrations/logs?page_size=2", [{"id": index} for index in range(count)]
    )


def test_a_page_with_more_items_than_asked_for_fails() -> None:
    assert list(page_size_violations(page(2), 1, "page_size", 2)) == []
    assert list(page_size_violations(page(0), 3, "page_size", 2)) == []
    (violation,) = page_size_violations(page(3), 2, "page_size", 2)
    assert (violation.rule, violation.field, violation.received) == (
        "pagination",
        "page 2 (page_size=2)",
        "3 items",
    )
    assert violation.documented == "at most 2 items, asked for with page_size=2"
    assert violation.fix == "The API ignored page_size"
