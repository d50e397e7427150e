"""API v3's valid variations keep the v3 document while they depart from the faithful double's answers."""

from __future__ import annotations

import json
from datetime import datetime
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl, urlsplit

import pytest
from requests.utils import parse_header_links

from sendcloud_contracts.double import DoubleApp
from sendcloud_contracts.double.catalogue.faults import playing
from sendcloud_contracts.double.catalogue.v3_variations import (
    INTEGRATION_OPTIONAL,
    LOG_OPTIONAL,
    ONE_PAGE_OWNERS,
    V3_VARIATIONS,
)

from .test_double_v3 import SEEDED_IDS, V3, ask, data, schema_problems
from .test_v3_faults import probe, walk

if TYPE_CHECKING:
    from collections.abc import Callable

# Each answer a variation may reach, with the operation whose schema judges it.
OPERATIONS = {
    "list": "/integrations",
    "integration": "/integrations/{id}",
    "all logs": "/integrations/logs",
    "last page": "/integrations/{id}/logs",
    "statuses": "/shop-order-statuses",
    "mapping": "/shop-order-statuses/mapping",
    "not found": "/integrations/{id}",
    "unauthorized": "/integrations/{id}",
    "wrong credentials": "/integrations/{id}",
}
ERROR_SCHEMA = {"$ref": "#/components/schemas/errors"}


def timestamps(item: dict[str, Any]) -> dict[str, datetime]:
    names = ("started_failing_at", "last_fetched_at", "created_at", "updated_at", "deleted_at")
    return {name: datetime.fromisoformat(item[name]) for name in names if isinstance(item.get(name), str)}


def empty(app: DoubleApp) -> None:
    for path, query in (("/integrations/logs", "page_size=2"), ("/integrations/123/logs", "")):
        reply = ask(app, path, query)
        assert (json.loads(reply.body), "Link" in reply.headers) == ({"data": []}, False)
    assert data(app, "/shop-order-statuses", "integration_id=4711&show_deleted=true") == []
    assert len(data(app, "/integrations")) == len(SEEDED_IDS)
    assert len(data(app, "/shop-order-statuses/mapping", "integration_id=4711")["mapping"]) == 4


def one_page(app: DoubleApp) -> None:
    [whole] = walk(app, "/integrations/logs")
    assert sorted(log["integration_id"] for log in whole) == sorted(ONE_PAGE_OWNERS)
    for integration_id in SEEDED_IDS:
        [page] = walk(app, f"/integrations/{integration_id}/logs")
        assert len(page) == (integration_id in ONE_PAGE_OWNERS)
    assert [len(page) for page in walk(app, "/integrations/logs", "page_size=1")] == [1, 1], (
        "paged as any list"
    )


def never_fetched(app: DoubleApp) -> None:
    for item in data(app, "/integrations"):
        assert (item["started_failing_at"], item["last_fetched_at"], item["webhook_url"]) == (
            None,
            None,
            None,
        )
    # Without a last fetch to order by, the default order is the creation date's.
    assert [item["id"] for item in data(app, "/integrations")] == [123, 90210, 4711, 5]
    assert data(app, "/integrations/123") == data(app, "/integrations")[0]


def optional_absent(app: DoubleApp) -> None:
    for item in [data(app, "/integrations/4711"), *data(app, "/integrations")]:
        assert not set(INTEGRATION_OPTIONAL) & set(item)
        assert {"id", "shop_name", "type", "created_at", "updated_at"} <= set(item)
    for page in walk(app, "/integrations/logs"):
        assert all(set(log) == {"id", "base_url", "created_at"} for log in page)
    for status in data(app, "/shop-order-statuses", "integration_id=4711&show_deleted=true"):
        assert set(status) == {"external_id", "translations"}
    mapping = data(app, "/shop-order-statuses/mapping", "integration_id=4711")["mapping"]
    assert all(set(entry) == {"status_category", "external_id"} for entry in mapping)
    assert set(LOG_OPTIONAL) < set(data(DoubleApp(), "/integrations/logs")[0])


def undocumented(app: DoubleApp) -> None:
    for path, query in (
        ("/integrations/4711", ""),
        ("/integrations/logs", ""),
        ("/shop-order-statuses", "integration_id=5"),
    ):
        answer = json.loads(ask(app, path, query).body)
        assert answer["meta"] == {"api_version": "3.0.0"}
        items = answer["data"] if isinstance(answer["data"], list) else [answer["data"]]
        assert all(item["region"] == "eu-west-1" for item in items)


def other_offsets(app: DoubleApp) -> None:
    faithful = DoubleApp()
    for path, query in (
        ("/integrations", ""),
        ("/integrations/logs", ""),
        ("/shop-order-statuses", "integration_id=4711&show_deleted=true"),
    ):
        moved, kept = data(app, path, query), data(faithful, path, query)
        for item, original in zip(moved, kept, strict=True):
            assert timestamps(item) == timestamps(original)
            offsets = {str(stamp.utcoffset()) for stamp in timestamps(item).values()}
            assert offsets <= {"-1 day, 20:30:00", "5:45:00", "14:00:00", "-1 day, 12:00:00"}, offsets
            assert all(len(item[name].split(".")[1]) == len(".000000+00:00") - 1 for name in timestamps(item))
    assert data(app, "/integrations/90210") == next(
        item for item in data(app, "/integrations") if item["id"] == 90210
    )


def more_relations(app: DoubleApp) -> None:
    query, relations, seen = "page_size=2", [], []
    for _ in range(10):
        reply = ask(app, "/integrations/logs", query)
        seen += [log["id"] for log in json.loads(reply.body)["data"]]
        links = parse_header_links(reply.headers.get("Link", ""))
        relations.append([link["rel"] for link in links])
        following = [link for link in links if "next" in link["rel"].split()]
        if not following:
            break
        assert following[0]["type"] == "application/json"
        query = urlsplit(following[0]["url"]).query
    assert relations == [
        ["next"],
        ["prev", "next"],
        ["prev", "next"],
        ["prev", "next"],
        ["prev", "next last"],
        ["prev"],
    ]
    assert seen == [log["id"] for log in data(DoubleApp(), "/integrations/logs")]
    assert ask(app, "/integrations/6/logs").status == 404
    assert "Link" not in ask(app, "/integrations/logs").headers, "one page, no link"


def previous_leads_back(app: DoubleApp) -> None:
    first = ask(app, "/integrations/4711/logs", "page_size=2")
    [following] = parse_header_links(first.headers["Link"])
    assert following["rel"] == "next last"
    second = ask(app, "/integrations/4711/logs", urlsplit(following["url"]).query)
    [previous] = parse_header_links(second.headers["Link"])
    assert previous["rel"] == "prev"
    assert "cursor" not in dict(parse_qsl(urlsplit(previous["url"]).query))
    assert ask(app, "/integrations/4711/logs", urlsplit(previous["url"]).query).body == first.body


def every_member(app: DoubleApp) -> None:
    answer = json.loads(ask(app, "/integrations/6").body)
    assert len(answer["errors"]) == 2
    assert {"id", "links", "meta", "status", "code", "title", "detail"} <= set(answer["errors"][0])
    assert {error["status"] for error in answer["errors"]} == {"404"}


def one_object(app: DoubleApp) -> None:
    for path in ("/integrations/6", "/shop-order-statuses"):
        answer = json.loads(ask(app, path).body)
        assert isinstance(answer["errors"], dict)
        assert {"status", "code", "detail"} <= set(answer["errors"])


V3_VARIATION_EXPECTATIONS: dict[str, Callable[[DoubleApp], None]] = {
    "v3-empty-lists": empty,
    "v3-one-page-lists": one_page,
    "v3-null-timestamps": never_fetched,
    "v3-optional-fields-absent": optional_absent,
    "v3-undocumented-fields": undocumented,
    "v3-timestamps-in-other-offsets": other_offsets,
    "v3-link-with-more-relations": more_relations,
    "v3-errors-with-every-member": every_member,
    "v3-errors-as-one-object": one_object,
}


def test_every_variation_has_an_expectation() -> None:
    assert list(V3_VARIATION_EXPECTATIONS) == [entry.name for entry in V3_VARIATIONS]


def test_previous_leads_back_to_the_first_page() -> None:
    previous_leads_back(playing("v3-link-with-more-relations"))


@pytest.mark.parametrize("name", [entry.name for entry in V3_VARIATIONS])
def test_a_valid_variation_keeps_every_v3_schema(name: str) -> None:
    app = playing(name)
    for each, operation in OPERATIONS.items():
        status, _, raw = probe(app, each)
        answer = json.loads(raw)
        if status < 400:
            assert "data" in answer, each
            assert schema_problems(operation, status, answer) == [], each
        else:
            # Every error, documented for the operation or not (401), as the document writes errors.
            problems = [error.message for error in V3.schema_validator(ERROR_SCHEMA).iter_errors(answer)]
            assert problems == [], each
