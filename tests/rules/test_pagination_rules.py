"""Pagination rules: links stay on the list asked for, items belong to the integration asked for."""

from __future__ import annotations

import json
from typing import Any

import pytest

from sendcloud_contracts.rules.model import Exchange, Violation
from sendcloud_contracts.rules.pagination import owner_identity, page_links
from sendcloud_contracts.spec import load_spec

from ..conftest import ROOT

pytestmark = pytest.mark.rules

COMPLETE = load_spec(ROOT / "spec" / "sendcloud-v2-integrations-openapi.yml")
HOST = "panel.sendcloud.sc"
PATH = "/api/v2/integrations/7/shipments"
SAME = f"https://{HOST}{PATH}?cursor=cD0y"


def page(
    body: Any, *, status: int = 200, path: str = PATH, host: str = HOST, operation: str = ""
) -> Exchange:
    template = operation or "/integrations/{id}/shipments"
    return Exchange(
        "GET", path, status, "application/json", json.dumps(body).encode(), template, {"id": "7"}, host
    )


def links(**values: Any) -> list[tuple[str, str, str]]:
    found = page_links(page({**values, "results": []}), COMPLETE)
    return [(violation.rule, violation.field, violation.received) for violation in found]


@pytest.mark.parametrize(
    "values",
    [
        {"next": SAME, "previous": SAME},
        {"next": None, "previous": None},
        {},
        {"next": SAME + "&start_date=2022-11-01"},
        {"next": f"https://{HOST}{PATH}/?cursor=x"},
        {"next": 7},
    ],
    ids=["both", "null", "absent", "filters-kept", "trailing-slash", "wrong-type-is-the-schemas"],
)
def test_valid_or_absent_links_pass(values: dict[str, Any]) -> None:
    assert links(**values) == []


@pytest.mark.parametrize(
    ("value", "why"),
    [
        ("/api/v2/integrations/7/shipments?cursor=cD0y", "absolute"),
        ("cD0y", "absolute"),
        ("ftp://panel.sendcloud.sc/api/v2/integrations/7/shipments", "absolute"),
        ("https://evil.example/api/v2/integrations/7/shipments?cursor=cD0y", "host"),
        ("https://panel.sendcloud.sc:8443/api/v2/integrations/7/shipments", "host"),
        ("https://panel.sendcloud.sc/api/v2/integrations/8/shipments?cursor=cD0y", "same list"),
        ("https://panel.sendcloud.sc/api/v2/integrations/logs?cursor=cD0y", "same list"),
    ],
)
@pytest.mark.parametrize("link", ["next", "previous"])
def test_a_link_off_the_list_fails(link: str, value: str, why: str) -> None:
    (violation,) = page_links(page({link: value, "results": []}), COMPLETE)
    assert (violation.rule, violation.field) == ("pagination", link)
    assert json.loads(violation.received) == value
    assert why in violation.documented


def test_links_are_judged_on_paginated_200s_only() -> None:
    body = {"next": "relative", "results": []}
    assert list(page_links(page(body, status=404), COMPLETE)) == []
    assert list(page_links(page(body, operation="/integrations"), COMPLETE)) == []
    assert list(page_links(page([body]), COMPLETE)) == []


def test_without_a_known_host_only_the_path_is_compared() -> None:
    body = {"next": "https://anywhere.example" + PATH, "results": []}
    assert list(page_links(page(body, host=""), COMPLETE)) == []


def items(*integrations: Any, asked_path: str = PATH) -> list[tuple[str, str]]:
    results = [{"integration": value} for value in integrations]
    exchange = page({"results": results}, path=asked_path)
    return [(violation.rule, violation.field) for violation in owner_identity(exchange, COMPLETE)]


def test_items_of_the_integration_asked_for_pass() -> None:
    assert items(7, 7, None, "7", True) == []


def test_an_item_of_another_integration_fails() -> None:
    assert items(7, 8, 0) == [
        ("requested_integration", "results.1.integration"),
        ("requested_integration", "results.2.integration"),
    ]


def test_a_log_names_its_integration_by_integration_id() -> None:
    exchange = page(
        {"results": [{"integration_id": 9}, "not an object"]}, operation="/integrations/{id}/logs"
    )
    (violation,) = owner_identity(exchange, COMPLETE)
    assert (violation.field, violation.received, violation.documented) == (
        "results.0.integration_id",
        "9",
        "7, the id in the request path",
    )


def test_identity_needs_a_numeric_id_and_a_list_of_results() -> None:
    odd = Exchange(
        "GET",
        PATH,
        200,
        "application/json",
        b'{"results": [{"integration": 8}]}',
        "/integrations/{id}/shipments",
        {"id": "abc"},
        HOST,
    )
    assert list(owner_identity(odd, COMPLETE)) == []
    assert list(owner_identity(page({"results": None}), COMPLETE)) == []
    assert list(owner_identity(page({"results": [{"integration": 8}]}, status=404), COMPLETE)) == []


def test_a_relative_link_is_shown_with_the_list_it_should_name() -> None:
    [violation] = page_links(page({"next": "cD0y", "results": []}), COMPLETE)
    assert violation.documented == f"an absolute URL of the same list, {HOST}{PATH}?cursor=..."
    [hostless] = page_links(page({"next": "cD0y", "results": []}, host=""), COMPLETE)
    assert hostless.documented == f"an absolute URL of the same list, {PATH}?cursor=..."


def test_a_plain_http_link_on_the_same_list_passes() -> None:
    assert links(next=f"http://{HOST}{PATH}?cursor=cD0y") == []


def test_a_link_to_another_host_says_where_a_client_would_go() -> None:
    [violation] = page_links(page({"next": f"https://evil.example{PATH}", "results": []}), COMPLETE)
    assert violation == Violation(
        "pagination",
        "next",
        f'"https://evil.example{PATH}"',
        f"a link on the host asked, {HOST}",
        "A client following it would leave the API it was given",
    )


@pytest.mark.parametrize("asked_path", [PATH, PATH + "/"], ids=["plain", "asked-with-slash"])
def test_a_trailing_slash_on_either_side_names_the_same_list(asked_path: str) -> None:
    for link in (f"https://{HOST}{PATH}/?cursor=x", f"https://{HOST}{PATH}?cursor=x"):
        assert list(page_links(page({"next": link, "results": []}, path=asked_path), COMPLETE)) == []


def test_a_link_to_a_list_that_only_starts_like_it_is_another_list() -> None:
    [violation] = page_links(page({"next": f"https://{HOST}{PATH}X?cursor=x", "results": []}), COMPLETE)
    assert violation.documented == f"a link to the same list, {PATH}"


def test_every_item_of_another_integration_is_named_with_the_fix() -> None:
    body = {"results": [{"integration": 8}, {"integration": 7}, {"integration_id": 9}]}
    assert list(owner_identity(page(body), COMPLETE)) == [
        Violation(
            "requested_integration",
            "results.0.integration",
            "8",
            "7, the id in the request path",
            "The list holds items of another integration than the one asked for",
        ),
        Violation(
            "requested_integration",
            "results.2.integration_id",
            "9",
            "7, the id in the request path",
            "The list holds items of another integration than the one asked for",
        ),
    ]


def test_an_item_naming_its_integration_twice_is_judged_on_both() -> None:
    found = owner_identity(page({"results": [{"integration": 8, "integration_id": 9}]}), COMPLETE)
    assert [violation.field for violation in found] == ["results.0.integration", "results.0.integration_id"]


def test_a_link_that_drops_a_character_of_the_list_asked_is_another_list() -> None:
    asked = PATH + "X"
    [violation] = page_links(page({"next": f"https://{HOST}{PATH}?c=1", "results": []}, path=asked), COMPLETE)
    assert violation.documented == f"a link to the same list, {asked}"


def test_items_that_are_not_objects_are_skipped_not_the_end_of_the_list() -> None:
    found = owner_identity(page({"results": ["oops", {"integration": 8}]}), COMPLETE)
    assert [violation.field for violation in found] == ["results.1.integration"]


def test_a_link_after_a_null_one_is_judged_too() -> None:
    body: dict[str, Any] = {"next": None, "previous": "https://api.sendcloud.example" + PATH, "results": []}
    assert [violation.field for violation in page_links(page(body), COMPLETE)] == ["previous"]


def test_v2_links_are_absolute_urls_even_where_the_url_asked_is_known() -> None:
    asked = Exchange(
        "GET",
        PATH,
        200,
        "application/json",
        json.dumps({"next": "?cursor=cD0y", "results": []}).encode(),
        "/integrations/{id}/shipments",
        {"id": "7"},
        "",
        f"https://{HOST}{PATH}",
    )
    (violation,) = page_links(asked, COMPLETE)
    assert violation.documented == f"an absolute URL of the same list, {PATH}?cursor=..."
