"""API v3's lists in the reference double: sorted integrations, pages of logs, shop order statuses."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, urlsplit

import pytest
from requests.utils import parse_header_links

from sendcloud_contracts.double import DoubleApp
from sendcloud_contracts.double.data import seeded_integrations
from sendcloud_contracts.double.instants import instant
from sendcloud_contracts.double.listing_data import LOGS_PER_INTEGRATION
from sendcloud_contracts.double.v3 import logs as v3_logs

from .test_double_v3 import HOST, SEEDED_IDS, ask, data, errors, schema_problems

if TYPE_CHECKING:
    from sendcloud_contracts.double import Reply

ALL_LOGS = "/integrations/logs"
SORT_KEYS = {
    "integration_type": "type",
    "created_at": "created_at",
    "updated_at": "updated_at",
    "last_fetch": "last_fetched_at",
    "failing_since": "started_failing_at",
}


def ids(items: list[dict[str, Any]]) -> list[int]:
    return [item["id"] for item in items]


def expected_order(field: str, descending: bool) -> list[int]:
    """The seeded integrations by `field`, nulls last ascending and first descending, computed apart."""
    listed = data(DoubleApp(), "/integrations")

    def key(item: dict[str, Any]) -> Any:
        value = item[field]
        return datetime.fromisoformat(value) if field != "type" else value

    valued = sorted((item for item in listed if item[field] is not None), key=key, reverse=descending)
    nulls = [item for item in listed if item[field] is None]
    return ids(nulls + valued if descending else valued + nulls)


@pytest.mark.parametrize("descending", [False, True])
@pytest.mark.parametrize("key", list(SORT_KEYS))
def test_the_list_sorts_by_each_documented_key(key: str, descending: bool) -> None:
    asked = "-" * descending + key
    assert ids(data(DoubleApp(), "/integrations", f"sort={asked}")) == expected_order(
        SORT_KEYS[key], descending
    )


def test_timestamps_sort_as_instants_not_as_text() -> None:
    listed = data(DoubleApp(), "/integrations", "sort=created_at")
    # 4711 was created at 15:15 UTC, written -05:00; 90210 at 09:45 UTC, written +01:00.
    assert ids(listed) == [123, 90210, 4711, 5]
    assert sorted(item["created_at"] for item in listed) != [item["created_at"] for item in listed]


def test_nulls_come_last_ascending_and_first_descending() -> None:
    ascending = data(DoubleApp(), "/integrations", "sort=failing_since")
    descending = data(DoubleApp(), "/integrations", "sort=-failing_since")
    assert [item["started_failing_at"] is None for item in ascending] == [False, False, True, True]
    assert [item["started_failing_at"] is None for item in descending] == [True, True, False, False]


@pytest.mark.parametrize("query", ["", "sort=", "sort=shop_name", "sort=-no_such_key", "ordering=-id"])
def test_without_a_known_key_the_list_is_ordered_by_last_fetch_then_created_at(query: str) -> None:
    reply = ask(DoubleApp(), "/integrations", query)
    assert "Link" not in reply.headers
    listed = json.loads(reply.body)["data"]
    # 4711 has never been fetched (null, so last); the others by their last fetch.
    assert ids(listed) == [123, 90210, 5, 4711]


def test_several_keys_sort_in_turn_and_ties_keep_the_default_order() -> None:
    integrations = seeded_integrations()
    integrations[4711]["system"] = "csv"
    app = DoubleApp(integrations=integrations)
    # 4711 and 5 tie on their type (csv): the second key orders them, or else the default order.
    assert ids(data(app, "/integrations", "sort=integration_type,-created_at")) == [123, 5, 4711, 90210]
    assert ids(data(app, "/integrations", "sort=integration_type,created_at")) == [123, 4711, 5, 90210]
    assert ids(data(app, "/integrations", "sort=integration_type")) == [123, 5, 4711, 90210]


def link_of(reply: Reply) -> str | None:
    header = reply.headers.get("Link")
    if header is None:
        return None
    [link] = parse_header_links(header)
    assert link["rel"] == "next"
    return str(link["url"])


def walk(app: DoubleApp, path: str, query: str) -> list[list[dict[str, Any]]]:
    pages: list[list[dict[str, Any]]] = []
    while True:
        reply = ask(app, path, query)
        assert reply.status == 200, reply.body
        pages.append(json.loads(reply.body)["data"])
        link = link_of(reply)
        if link is None or len(pages) > 20:
            return pages
        url = urlsplit(link)
        assert (url.scheme, url.netloc, url.path) == ("http", HOST, f"/api/v3{path}")
        query = url.query


def test_every_log_comes_once_newest_first_two_to_a_page() -> None:
    pages = walk(DoubleApp(), ALL_LOGS, "page_size=2")
    every = [log for page in pages for log in page]
    assert [len(page) for page in pages] == [2] * (len(SEEDED_IDS) * LOGS_PER_INTEGRATION // 2)
    assert len({log["id"] for log in every}) == len(every) == len(SEEDED_IDS) * LOGS_PER_INTEGRATION
    stamps = [datetime.fromisoformat(log["created_at"]) for log in every]
    assert stamps == sorted(stamps, reverse=True)
    assert len(set(stamps)) == len(stamps), "no two logs of the account share an instant"
    assert all(schema_problems("/integrations/logs", 200, {"data": page}) == [] for page in pages)


@pytest.mark.parametrize("seeded_id", SEEDED_IDS)
def test_each_integrations_logs_are_its_own_on_two_pages(seeded_id: int) -> None:
    pages = walk(DoubleApp(), f"/integrations/{seeded_id}/logs", "page_size=2")
    assert [len(page) for page in pages] == [2, 1]
    assert {log["integration_id"] for page in pages for log in page} == {seeded_id}


def test_the_link_keeps_the_other_parameters_and_percent_encodes_the_cursor() -> None:
    reply = ask(DoubleApp(), ALL_LOGS, "foo=b%20ar&page_size=2")
    first = json.loads(reply.body)["data"]
    link = link_of(reply)
    assert link is not None
    cursor = first[-1]["created_at"]
    assert link == f"http://{HOST}/api/v3{ALL_LOGS}?foo=b+ar&page_size=2&cursor={quote(cursor, safe='')}"
    assert "+01:00" not in link
    assert reply.headers["Link"] == f'<{link}>; rel="next"'


def test_a_page_holds_the_logs_older_than_the_cursor_whatever_its_offset() -> None:
    app = DoubleApp()
    every = data(app, ALL_LOGS)
    cursor = every[3]["created_at"]
    same_instant_in_utc = datetime.fromisoformat(cursor).astimezone(UTC).isoformat()
    for written in (cursor, same_instant_in_utc):
        assert data(app, ALL_LOGS, f"cursor={quote(written)}") == every[4:]


def test_a_cursor_without_offset_reads_as_utc_as_the_documents_example_writes_it() -> None:
    logs = data(DoubleApp(), ALL_LOGS, "cursor=2023-03-02T01:02:30")
    limit = datetime.fromisoformat("2023-03-02T01:02:30+00:00")
    assert all(datetime.fromisoformat(log["created_at"]) < limit for log in logs)
    assert len(logs) == 6


@pytest.mark.parametrize(
    "cursor",
    [
        "bad",
        "2023-03-01",
        "2023-02-30T00:00:00Z",
        "2023-03-01T02:02:00+25:00",
        "2023-03-01T02:02:00+01:60",
        "",
    ],
)
def test_an_unreadable_cursor_is_400_in_json_api(cursor: str) -> None:
    reply = ask(DoubleApp(), "/integrations/4711/logs", f"cursor={quote(cursor)}")
    assert reply.status == 400
    assert errors(reply) == [
        {
            "status": "400",
            "code": "invalid",
            "title": "Invalid",
            "detail": "Invalid cursor",
            "source": {"parameter": "cursor"},
        }
    ]


def test_the_last_page_and_a_page_past_the_end_announce_nothing() -> None:
    app = DoubleApp()
    assert "Link" not in ask(app, ALL_LOGS).headers
    past = ask(app, ALL_LOGS, "cursor=2000-01-01T00:00:00Z")
    assert (json.loads(past.body), "Link" in past.headers) == ({"data": []}, False)


@pytest.mark.parametrize(
    ("asked", "size"),
    [
        (None, 25),
        ("2", 2),
        ("100", 100),
        ("101", 100),
        ("100000", 100),
        ("0", 25),
        ("-3", 25),
        ("x", 25),
        ("2.5", 25),
    ],
)
def test_page_size_is_read_as_django_rest_frameworks_cursor_pagination_reads_it(
    asked: str | None, size: int
) -> None:
    query = [] if asked is None else [("page_size", asked)]
    assert v3_logs.page_size(query) == size


def test_an_unknown_integrations_logs_are_404() -> None:
    reply = ask(DoubleApp(), "/integrations/6/logs")
    assert reply.status == 404
    assert errors(reply)[0]["code"] == "not_found"


def statuses(query: str) -> list[dict[str, Any]]:
    listed: list[dict[str, Any]] = data(DoubleApp(), "/shop-order-statuses", query)
    return listed


def test_an_integration_id_is_read_as_django_rest_frameworks_integer_field_reads_it() -> None:
    assert statuses("integration_id=%20%2B4711%20") == statuses("integration_id=4711")


def test_statuses_are_named_in_english_by_default_and_the_deleted_one_left_out() -> None:
    listed = statuses("integration_id=4711")
    names = {status["external_id"]: status["status"] for status in listed}
    # 17-B has no en-gb name: the first language in alphabetical order, de-de.
    assert names == {
        "2": "Payment accepted",
        "3": "Processing in progress",
        "4": "Shipped",
        "5": "Delivered",
        "17-B": "Abholbereit",
    }
    assert {status["deleted_at"] for status in listed} == {None}
    assert all(len(status["translations"]) >= 1 for status in listed)


def test_statuses_in_another_language_fall_back_where_it_is_missing() -> None:
    names = {
        status["external_id"]: status["status"] for status in statuses("integration_id=123&language=it-it")
    }
    assert (names["4"], names["2"], names["17-B"]) == ("Spedito", "Payment accepted", "Abholbereit")


@pytest.mark.parametrize("value", ["true", "True", "1"])
def test_the_deleted_status_comes_with_show_deleted(value: str) -> None:
    deleted = [
        status for status in statuses(f"integration_id=90210&show_deleted={value}") if status["deleted_at"]
    ]
    assert [(status["external_id"], status["deleted_at"]) for status in deleted] == [
        ("6", "2023-06-30T23:59:59.999999+02:00")
    ]
    assert (
        len(statuses("integration_id=90210&show_deleted=false")) == len(statuses("integration_id=90210")) == 5
    )


@pytest.mark.parametrize(
    ("query", "code", "detail"),
    [
        ("", "non_field_errors", "Integration ID is a required GET parameter"),
        ("integration_id=", "non_field_errors", "Integration ID is a required GET parameter"),
        ("integration_id=abc", "invalid", "A valid integer is required."),
        ("integration_id=1.5", "invalid", "A valid integer is required."),
        ("integration_id=%2B-5", "invalid", "A valid integer is required."),
        ("integration_id=6", "invalid", 'Invalid pk "6" - object does not exist.'),
        ("integration_id=4711&language=xx-xx", "invalid_choice", '"xx-xx" is not a valid choice.'),
        ("integration_id=4711&show_deleted=maybe", "invalid", "Must be a valid boolean."),
    ],
)
def test_statuses_that_cannot_be_told_are_400_in_json_api(query: str, code: str, detail: str) -> None:
    reply = ask(DoubleApp(), "/shop-order-statuses", query)
    assert reply.status == 400
    [error] = errors(reply)
    assert (error["code"], error["detail"]) == (code, detail)
    assert schema_problems("/shop-order-statuses", 400, json.loads(reply.body)) == []


def test_the_missing_integration_id_is_the_documents_own_example() -> None:
    reply = ask(DoubleApp(), "/shop-order-statuses/mapping")
    assert json.loads(reply.body) == {
        "errors": [
            {
                "status": "400",
                "code": "non_field_errors",
                "title": "integration ID",
                "detail": "Integration ID is a required GET parameter",
            }
        ]
    }


@pytest.mark.parametrize("seeded_id", SEEDED_IDS)
def test_the_mapping_names_every_category_and_which_point_at_a_deleted_status(seeded_id: int) -> None:
    mapping = data(DoubleApp(), "/shop-order-statuses/mapping", f"integration_id={seeded_id}")
    assert mapping["integration_id"] == seeded_id
    categories = [entry["status_category"] for entry in mapping["mapping"]]
    assert categories == ["READY_TO_SEND", "IN_TRANSIT", "DELIVERED", "CANCEL"]
    deleted = {status["external_id"] for status in statuses("integration_id=4711&show_deleted=true")} - {
        status["external_id"] for status in statuses("integration_id=4711")
    }
    for entry in mapping["mapping"]:
        assert entry["is_valid"] is (entry["external_id"] not in deleted)


def test_the_mappings_hold_nulls_and_invalid_entries() -> None:
    entries = [
        entry
        for seeded_id in SEEDED_IDS
        for entry in data(DoubleApp(), "/shop-order-statuses/mapping", f"integration_id={seeded_id}")[
            "mapping"
        ]
    ]
    assert any(entry["external_id"] is None for entry in entries)
    assert any(not entry["is_valid"] for entry in entries)


def test_the_schema_check_here_can_fail() -> None:
    broken: dict[str, Any] = {
        "data": [{"external_id": "2", "status": "Paid", "deleted_at": None, "translations": []}]
    }
    assert schema_problems("/shop-order-statuses", 200, broken) != []
    assert schema_problems("/integrations/{id}", 200, {"data": {"id": 1, "updated_at": "yesterday"}}) != []


@pytest.mark.parametrize(
    ("first", "second", "sign"),
    [
        ("2023-03-01T02:02:00+01:00", "2023-03-01T01:02:00Z", 0),
        ("2023-03-01T02:02:00.5+01:00", "2023-03-01T01:02:00.499999Z", 1),
        # RFC 3339 allows lower case and a space; digits past the microsecond are dropped.
        ("2023-03-01t01:02:00z", "2023-03-01 01:02:00.0000009+00:00", 0),
        ("0001-01-01T00:00:00+23:59", "0001-01-01T00:00:00Z", -1),
        ("9999-12-31T23:59:59Z", "9999-12-31T23:59:59-23:59", -1),
    ],
)
def test_date_times_compare_as_instants_to_the_ends_of_the_calendar(
    first: str, second: str, sign: int
) -> None:
    one, other = instant(first), instant(second)
    assert one is not None
    assert other is not None
    assert (one > other) - (one < other) == sign
