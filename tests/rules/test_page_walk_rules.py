"""The rules of a whole paginated list: following `next` ends, each item once, filters honoured."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from sendcloud_contracts.rules.page_walk import (
    Filter,
    WalkedPage,
    downgraded_link,
    filter_violations,
    filters_from,
    identity,
    item_dates,
    stopped_at_bound,
    walk_violations,
    written_date,
)

pytestmark = pytest.mark.rules

FIRST = "https://panel.sendcloud.sc/api/v2/integrations/4711/shipments"
SECOND = FIRST + "?cursor=cD0y"
THIRD = FIRST + "?cursor=cD00"
SHIPMENT_FILTERS = (
    "cursor",
    "start_date",
    "end_date",
    "external_order_ids",
    "external_shipment_ids",
    "shipping_rules",
    "order_number",
    "sender_address",
)


def log(number: int) -> dict[str, Any]:
    return {"id": number, "created_at": "2023-03-01T02:02:00+01:00"}


def shipment(
    number: int, created_at: str | None = "2022-11-05T10:00:00.000005+01:00", **fields: Any
) -> dict[str, Any]:
    return {
        "external_order_id": f"order-{number}",
        "external_shipment_id": f"shipment-{number}",
        "created_at": created_at,
        **fields,
    }


def pages(*pages: tuple[str, list[Any], str | None]) -> list[WalkedPage]:
    return [WalkedPage(url, results, next_url) for url, results, next_url in pages]


# Following next


def test_an_honest_list_read_to_its_end_keeps_the_contract() -> None:
    walked = pages(
        (FIRST, [log(1), log(2)], SECOND), (SECOND, [log(3), log(4)], THIRD), (THIRD, [log(5)], None)
    )
    assert list(walk_violations(walked)) == []
    assert not stopped_at_bound(walked, 3)


def test_a_next_that_leads_back_to_a_page_read_is_a_loop() -> None:
    walked = pages((FIRST, [log(1)], SECOND), (SECOND, [log(2)], FIRST), (FIRST, [log(1)], SECOND))
    [found] = walk_violations(walked)
    assert found.rule == "pagination"
    assert found.field == "page 2 next"
    assert found.received == f'"{FIRST}"'
    assert "this is page 1 again, so following next never ends" in found.documented
    assert found.fix == "A client following next loops forever"


def test_a_loop_through_another_cursor_shows_as_items_seen_before() -> None:
    walked = pages((FIRST, [log(1), log(2)], SECOND), (SECOND, [log(1), log(2)], THIRD))
    found = list(walk_violations(walked))
    assert [violation.field for violation in found] == ["page 2 results.0", "page 2 results.1"]
    assert {violation.rule for violation in found} == {"pagination"}
    assert found[0].received == "id 1"
    assert found[0].documented == "each item once in the list; it came on page 1 (results.0)"
    assert found[1].documented == "each item once in the list; it came on page 1 (results.1)"
    assert found[0].fix == "A client reading the whole list would count it twice"


def test_an_item_twice_on_the_same_page_is_reported() -> None:
    [found] = walk_violations(pages((FIRST, [log(7), {"note": "no identity"}, log(7)], None)))
    assert found.field == "page 1 results.2"


def test_pages_after_a_page_read_again_are_still_judged() -> None:
    walked = pages(
        (FIRST, [log(1)], SECOND),
        (SECOND, [log(2)], FIRST),
        (FIRST, [log(1)], THIRD),
        (THIRD, [log(2)], None),
    )
    assert [violation.field for violation in walk_violations(walked)] == ["page 2 next", "page 4 results.0"]


def test_reaching_the_bound_on_a_long_honest_list_is_no_failure() -> None:
    walked = pages((FIRST, [log(1)], SECOND), (SECOND, [log(2)], THIRD))
    assert list(walk_violations(walked)) == []
    assert stopped_at_bound(walked, 2)
    assert not stopped_at_bound(walked, 3)
    assert not stopped_at_bound(walked[:1], 2)
    assert not stopped_at_bound([], 0)


def test_empty_pages_and_items_without_identity_are_not_compared() -> None:
    walked = pages((FIRST, [], SECOND), (SECOND, [{"note": "x"}, {"note": "x"}, "text", None], None))
    assert list(walk_violations(walked)) == []


@pytest.mark.parametrize(
    ("item", "expected"),
    [
        ({"id": 3, "shipment_uuid": "u"}, "id 3"),
        ({"id": None, "shipment_uuid": "6b43"}, 'shipment_uuid "6b43"'),
        (
            {"shipment_uuid": "", "external_order_id": "o", "external_shipment_id": "s"},
            'external_order_id "o", external_shipment_id "s"',
        ),
        ({"external_order_id": "o", "external_shipment_id": ""}, None),
        ({"external_order_id": "o"}, None),
        ({"id": {"nested": 1}}, None),
        ({"id": [1]}, None),
        ([1], None),
    ],
)
def test_identity_of_an_item(item: Any, expected: str | None) -> None:
    assert identity(item) == expected


def test_shipments_are_told_apart_by_their_shop_ids() -> None:
    walked = pages((FIRST, [shipment(1), shipment(2)], SECOND), (SECOND, [shipment(2)], None))
    [found] = walk_violations(walked)
    assert found.received == 'external_order_id "order-2", external_shipment_id "shipment-2"'


# Filters


def test_filter_values_come_from_the_first_page() -> None:
    first_page = [{"created_at": "not a date"}, shipment(5), shipment(4, "2022-11-04T10:00:00Z")]
    chosen = filters_from(first_page, SHIPMENT_FILTERS)
    assert [each.parameter for each in chosen] == [
        "start_date and end_date",
        "external_order_ids",
        "external_shipment_ids",
    ]
    dates, orders, shipments = chosen
    assert dates.query == {"start_date": "2022-11-05", "end_date": "2022-11-05"}
    assert (dates.start, dates.end) == (date(2022, 11, 5), date(2022, 11, 5))
    assert orders.query == {"external_order_ids": ["order-5"]}
    assert (orders.field, orders.values) == ("external_order_id", ("order-5",))
    assert shipments.field == "external_shipment_id"


def test_no_filter_without_items_or_without_filter_parameters() -> None:
    assert filters_from([], SHIPMENT_FILTERS) == []
    assert filters_from([shipment(1)], ("cursor",)) == []
    assert filters_from([shipment(1)], ("start_date",)) == []
    assert filters_from(["text", {"external_order_id": ""}], ("external_order_ids",)) == []


def test_the_date_filter_is_inclusive_and_honoured() -> None:
    chosen = Filter("start_date and end_date", {}, start=date(2022, 11, 5), end=date(2022, 11, 5))
    kept = [
        shipment(1, "2022-11-05T00:00:00+01:00"),
        shipment(2, "2022-11-05T23:59:59.999999+01:00"),
        # Near midnight in another zone: the document does not say which zone the filter uses.
        shipment(3, "2022-11-04T23:30:00Z"),
        shipment(4, "2022-11-06T01:00:00+05:30"),
        shipment(5, "not a date"),
        shipment(6, None),
        "text",
    ]
    assert list(filter_violations(chosen, pages((FIRST, kept, None)))) == []


def test_items_outside_the_dates_asked_for_are_reported() -> None:
    chosen = Filter("start_date and end_date", {}, start=date(2022, 11, 5), end=date(2022, 11, 5))
    walked = pages(
        (FIRST, [shipment(1), shipment(2, "2022-11-04T10:00:00+01:00")], SECOND),
        (SECOND, [shipment(3, "2022-11-07T10:00:00+01:00")], None),
    )
    found = list(filter_violations(chosen, walked))
    assert [violation.field for violation in found] == [
        "page 1 results.1.created_at",
        "page 2 results.0.created_at",
    ]
    assert found[0].rule == "filter"
    assert found[0].received == '"2022-11-04T10:00:00+01:00"'
    assert found[0].documented == (
        "a date from 2022-11-05 to 2022-11-05 (both included), asked for with start_date and end_date"
    )
    assert found[0].fix == "The API ignored the date filter"


def test_open_ended_date_ranges() -> None:
    from_fifth = Filter("start_date", {}, start=date(2022, 11, 5))
    until_fifth = Filter("end_date", {}, end=date(2022, 11, 5))
    early, late = shipment(1, "2022-11-01T10:00:00Z"), shipment(2, "2022-11-09T10:00:00Z")
    assert [v.field for v in filter_violations(from_fifth, pages((FIRST, [early, late], None)))] == [
        "page 1 results.0.created_at"
    ]
    assert [v.field for v in filter_violations(until_fifth, pages((FIRST, [early, late], None)), 3)] == [
        "page 3 results.1.created_at"
    ]


def test_an_id_filter_keeps_only_the_ids_asked_for() -> None:
    chosen = Filter("external_order_ids", {}, field="external_order_id", values=("order-5", "order-6"))
    walked = pages((FIRST, ["text", shipment(5), shipment(6), shipment(7), {"name": "no id"}], None))
    found = list(filter_violations(chosen, walked))
    assert [violation.field for violation in found] == [
        "page 1 results.3.external_order_id",
        "page 1 results.4.external_order_id",
    ]
    assert {violation.rule for violation in found} == {"filter"}
    assert found[0].received == '"order-7"'
    assert found[1].received == "(absent)"
    assert found[0].documented == 'one of "order-5", "order-6", asked for with external_order_ids'
    assert found[0].fix == "The API ignored the external_order_ids filter"


def test_an_empty_filtered_answer_keeps_the_contract() -> None:
    chosen = Filter("external_order_ids", {}, field="external_order_id", values=("order-5",))
    assert list(filter_violations(chosen, pages((FIRST, [], None)))) == []


@pytest.mark.parametrize(
    ("stamp", "written", "earliest", "latest"),
    [
        ("2022-11-05T10:00:00.000005+01:00", date(2022, 11, 5), date(2022, 11, 4), date(2022, 11, 5)),
        ("2022-11-05T00:30:00+01:00", date(2022, 11, 5), date(2022, 11, 4), date(2022, 11, 5)),
        ("2022-11-05T23:30:00-03:00", date(2022, 11, 5), date(2022, 11, 5), date(2022, 11, 6)),
        ("2022-11-05T11:59:00Z", date(2022, 11, 5), date(2022, 11, 4), date(2022, 11, 6)),
    ],
)
def test_the_dates_a_timestamp_can_fall_on(stamp: str, written: date, earliest: date, latest: date) -> None:
    assert written_date(stamp) == written
    assert item_dates(stamp) == (earliest, latest)


@pytest.mark.parametrize("stamp", ["2022-11-05T10:00:00", "yesterday", 20221105, None])
def test_no_dates_without_a_timestamp_with_an_offset(stamp: Any) -> None:
    assert written_date(stamp) is None
    assert item_dates(stamp) is None


def test_a_next_that_leaves_https_for_http_is_reported() -> None:
    found = downgraded_link(FIRST, SECOND.replace("https:", "http:"))
    assert found is not None
    assert (found.rule, found.field) == ("pagination", "next")
    assert found.received == '"http://panel.sendcloud.sc/api/v2/integrations/4711/shipments?cursor=cD0y"'
    assert found.documented == "an https link, as the list was asked over https"
    assert found.fix == "A client following it sends its credentials unencrypted; the suite did not follow it"


@pytest.mark.parametrize(
    ("asked", "link"),
    [
        (FIRST, SECOND),
        (
            "http://127.0.0.1:8000/api/v2/integrations/logs",
            "http://127.0.0.1:8000/api/v2/integrations/logs?c=1",
        ),
        ("http://127.0.0.1:8000/api/v2/integrations/logs", "https://127.0.0.1:8000/api/v2/integrations/logs"),
        (FIRST, None),
        (FIRST, 3),
    ],
)
def test_links_that_keep_or_raise_the_scheme_are_fine(asked: str, link: Any) -> None:
    assert downgraded_link(asked, link) is None
