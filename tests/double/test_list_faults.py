"""The catalogue's paginated-list entries: what each serves, the rest of the double left faithful."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import pytest

from sendcloud_contracts.double import DoubleApp, Reply, Request
from sendcloud_contracts.double.catalogue.faults import playing, variant
from sendcloud_contracts.double.catalogue.list_faults import LIST_FAULTS, LIST_VARIATIONS, OTHER_HOST
from sendcloud_contracts.double.catalogue.variant import COMPLETE_SPEC, SEED_SPEC, valid_basic_credentials

SHIPMENTS = "/api/v2/integrations/4711/shipments"
LOGS = "/api/v2/integrations/logs"
HOST = "127.0.0.1:8000"

if TYPE_CHECKING:
    from collections.abc import Callable


def ask(app: DoubleApp, path: str, query: str = "", method: str = "GET") -> Reply:
    headers = {"Host": HOST, "Authorization": valid_basic_credentials(app)}
    return app.handle(Request(method, path, query, headers))


def page(app: DoubleApp, path: str, query: str = "") -> dict[str, Any]:
    reply = ask(app, path, query)
    assert reply.status == 200
    payload: dict[str, Any] = json.loads(reply.body)
    return payload


def walk(app: DoubleApp, path: str, query: str = "", most: int = 10) -> list[dict[str, Any]]:
    pages = [page(app, path, query)]
    while pages[-1]["next"] and len(pages) < most:
        pages.append(page(app, path, urlsplit(pages[-1]["next"]).query))
    return pages


def test_every_list_entry_needs_the_complete_document() -> None:
    assert all(entry.spec == COMPLETE_SPEC for entry in LIST_FAULTS + LIST_VARIATIONS)
    assert variant("missing-system").spec == SEED_SPEC


def test_the_loop_leads_from_the_last_page_back_to_the_first() -> None:
    pages = walk(playing("pagination-loop"), SHIPMENTS, most=4)
    assert len(pages) == 4
    assert pages[2]["next"] == f"http://{HOST}{SHIPMENTS}"
    assert pages[3] == pages[0]


def test_the_loop_keeps_the_filters_and_leaves_one_page_lists_alone() -> None:
    app = playing("pagination-loop")
    pages = walk(app, SHIPMENTS, "order_number=ORD-4711-5&cursor=cD0y", most=2)
    assert pages[0]["next"] == f"http://{HOST}{SHIPMENTS}?order_number=ORD-4711-5"
    one_page = walk(app, SHIPMENTS, "external_order_ids=order-4711-1", most=3)
    assert len(one_page) == 1


def test_next_points_to_another_host() -> None:
    first = page(playing("next-on-another-host"), LOGS)
    link = urlsplit(first["next"])
    assert (link.scheme, link.netloc, link.path) == ("https", OTHER_HOST, LOGS)
    assert first["previous"] is None


@pytest.mark.parametrize(
    ("name", "query", "faithful_count"),
    [
        ("date-filter-ignored", "start_date=2022-11-05&end_date=2022-11-05", 1),
        ("id-filter-ignored", "external_order_ids=order-4711-5", 1),
    ],
)
def test_an_ignored_filter_answers_the_whole_list(name: str, query: str, faithful_count: int) -> None:
    faithful = walk(DoubleApp(), SHIPMENTS, query)
    assert sum(len(each["results"]) for each in faithful) == faithful_count
    ignored = walk(playing(name), SHIPMENTS, query)
    assert sum(len(each["results"]) for each in ignored) == 5


def test_filters_the_fault_does_not_name_are_still_honoured() -> None:
    app = playing("id-filter-ignored")
    [only] = walk(app, SHIPMENTS, "external_shipment_ids=shipment-4711-2")
    assert [item["external_shipment_id"] for item in only["results"]] == ["shipment-4711-2"]
    assert ask(app, SHIPMENTS, "sender_address=x").status == 400


def test_empty_lists_have_no_links() -> None:
    app = playing("empty-lists")
    assert page(app, SHIPMENTS) == {"next": None, "previous": None, "results": []}
    assert page(app, LOGS)["results"] == []
    # The integrations themselves stay as they are.
    assert page(app, "/api/v2/integrations/4711")["id"] == 4711


def test_one_page_lists_hold_every_item() -> None:
    app = playing("one-page-lists")
    whole = page(app, LOGS)
    faithful = walk(DoubleApp(), LOGS)
    assert whole["next"] is None
    assert whole["previous"] is None
    assert whole["results"] == [item for each in faithful for item in each["results"]]


def test_list_entries_leave_other_answers_faithful() -> None:
    for entry in LIST_FAULTS + LIST_VARIATIONS:
        app = playing(entry.name)
        assert ask(app, SHIPMENTS, method="OPTIONS").status == 200
        assert ask(app, "/api/v2/integrations/999999/shipments").status == 404


# What each list entry must do, for the catalogue-wide check in test_double_faults.py.


def _loops(app: DoubleApp) -> None:
    pages = walk(app, SHIPMENTS, most=4)
    assert pages[3] == pages[0]


def _leaves_the_host(app: DoubleApp) -> None:
    assert urlsplit(page(app, LOGS)["next"]).netloc == OTHER_HOST


def _ignores(query: str) -> Callable[[DoubleApp], None]:
    def check(app: DoubleApp) -> None:
        assert sum(len(each["results"]) for each in walk(app, SHIPMENTS, query)) == 5

    return check


def _empty(app: DoubleApp) -> None:
    assert page(app, SHIPMENTS) == {"next": None, "previous": None, "results": []}


def _one_page(app: DoubleApp) -> None:
    whole = page(app, SHIPMENTS)
    assert (whole["next"], whole["previous"], len(whole["results"])) == (None, None, 5)


LIST_FAULT_EXPECTATIONS: dict[str, Callable[[DoubleApp], None]] = {
    "pagination-loop": _loops,
    "next-on-another-host": _leaves_the_host,
    "date-filter-ignored": _ignores("start_date=2022-11-05&end_date=2022-11-05"),
    "id-filter-ignored": _ignores("external_order_ids=order-4711-5"),
}
LIST_VARIATION_EXPECTATIONS: dict[str, Callable[[DoubleApp], None]] = {
    "empty-lists": _empty,
    "one-page-lists": _one_page,
}
