"""Each API version's conventions as the rules read them: chosen from the document, asked the same way."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import pytest
import yaml

from sendcloud_contracts.dialects import DIALECTS, dialect_for, v2, v3
from sendcloud_contracts.dialects.model import LinkHeader
from sendcloud_contracts.errors import SpecError
from sendcloud_contracts.spec import load_spec

from ..conftest import ROOT

if TYPE_CHECKING:
    from pathlib import Path

pytestmark = pytest.mark.rules

V2 = load_spec(ROOT / "spec" / "sendcloud-v2-integrations-openapi.yml")
V3 = load_spec(ROOT / "spec" / "sendcloud-v3-integrations-openapi.yml")
SEED = load_spec(ROOT / "spec" / "integrations.yaml")


def test_each_vendored_document_chooses_its_version_by_its_server() -> None:
    assert (V2.dialect, SEED.dialect, V3.dialect) == (v2.DIALECT, v2.DIALECT, v3.DIALECT)
    assert dialect_for("http://127.0.0.1:8080/api/v3/") is v3.DIALECT
    assert dialect_for("https://panel.sendcloud.sc/api/v2") is v2.DIALECT
    assert dialect_for("https://panel.sendcloud.sc/api/v4") is None
    assert [dialect.name for dialect in DIALECTS] == ["v2", "v3"]


def test_a_document_of_no_known_version_stops_with_one_line(tmp_path: Path) -> None:
    document = yaml.safe_load(SEED.path.read_text())
    document["servers"] = [{"url": "https://panel.sendcloud.sc/api/v4"}]
    path = tmp_path / "v4.yaml"
    path.write_text(yaml.safe_dump(document))
    with pytest.raises(
        SpecError, match=r"names no API version this suite knows \(a server URL ending in /api/v2"
    ):
        load_spec(path)


def test_which_lists_page_comes_from_each_documents_own_mark() -> None:
    assert [path for path in V2.document["paths"] if V2.is_paginated(path, "GET")] == [
        "/integrations/{id}/shipments",
        "/integrations/logs",
        "/integrations/{id}/logs",
    ]
    # v3 marks nothing: its lists of logs document a `Link` header on their answer.
    assert [path for path in V3.document["paths"] if V3.is_paginated(path, "GET")] == [
        "/integrations/logs",
        "/integrations/{id}/logs",
    ]


@pytest.mark.parametrize(
    ("payload", "errors"),
    [
        ({"error": {"code": 404}}, [("error", {"code": 404})]),
        ({"error": [{"code": 404}]}, None),
        ({"errors": [{"status": "404"}]}, None),
        ("Not found", None),
    ],
)
def test_v2_errors_are_one_object_under_error(payload: object, errors: object) -> None:
    assert v2.ERROR_ENVELOPE.errors(payload) == errors


@pytest.mark.parametrize(
    ("payload", "errors"),
    [
        (
            {"errors": [{"status": "404"}, {"status": "404"}]},
            [("errors.0", {"status": "404"}), ("errors.1", {"status": "404"})],
        ),
        # The document types `errors` as an array or an object.
        ({"errors": {"status": "404"}}, [("errors", {"status": "404"})]),
        ({"errors": []}, None),
        ({"error": {"code": 404}}, None),
        ([{"status": "404"}], None),
    ],
)
def test_v3_errors_are_json_api_errors(payload: object, errors: object) -> None:
    assert v3.JSON_API_ERRORS.errors(payload) == errors


LINKS = LinkHeader(items_member="data", page_size_parameter="page_size")
NEXT = 'Link rel="next"'


@pytest.mark.parametrize(
    ("header", "found"),
    [
        (
            '<https://h/api/v3/integrations/logs?cursor=x>; rel="next"',
            {NEXT: "https://h/api/v3/integrations/logs?cursor=x"},
        ),
        (
            '<https://h/a?p=1>; rel="prev", <https://h/a?p=3>; rel="next"; title="more"',
            {NEXT: "https://h/a?p=3"},
        ),
        ('<https://h/a?p=9>; rel="next last"', {NEXT: "https://h/a?p=9"}),
        ("<https://h/a?p=9>; rel=next", {NEXT: "https://h/a?p=9"}),
        ('<https://h/a?p=1>; rel="prev"', {}),
        ("", {}),
    ],
)
def test_the_next_page_is_the_link_whose_relation_is_next(header: str, found: dict[str, str]) -> None:
    assert LINKS.page_links({"data": []}, {"link": header}) == found
    assert LINKS.page_links({"data": []}, {"Link": header}) == found


def test_without_a_link_header_a_page_links_nowhere() -> None:
    assert LINKS.page_links({"data": []}, {}) == {}
    assert v2.DIALECT.paging.page_links({"next": None, "previous": "x"}, {"link": '<a>; rel="next"'}) == {
        "next": None,
        "previous": "x",
    }
    assert v2.DIALECT.paging.page_links([], {}) == {}


def test_a_payload_is_what_the_wrapper_holds() -> None:
    assert v3.DIALECT.payload({"data": {"id": 1}}) == {"id": 1}
    assert v3.DIALECT.payload({"id": 1}) is None
    assert v3.DIALECT.payload([1]) is None
    assert v2.DIALECT.payload({"id": 1}) == {"id": 1}
    assert (v2.DIALECT.field("id"), v3.DIALECT.field("id")) == ("id", "data.id")


def test_urls_of_the_resource() -> None:
    resource = v3.DIALECT.resource
    assert resource.item_url("http://h/api/v3/", 7) == "http://h/api/v3/integrations/7"
    assert resource.list_url("http://h/api/v3") == "http://h/api/v3/integrations"


def test_the_v3_sort_keys_are_the_ones_its_document_names() -> None:
    sort = next(p for p in V3.document["paths"]["/integrations"]["get"]["parameters"] if p["name"] == "sort")
    documented = re.findall(r"`([a-z_]+)`", sort["description"].split("\n")[1])
    assert [key.key for key in v3.DIALECT.sorting.keys] == documented
    # Every field paired with a key is one the integration has; the pairings the document does not
    # state itself are marked as inferred.
    fields = {
        field.name for field in V3.payload_fields(V3.response_schema("/integrations/{id}", "GET", 200) or {})
    }
    assert {key.field for key in v3.DIALECT.sorting.keys} <= fields
    assert {key.key for key in v3.DIALECT.sorting.keys if not key.inferred} == {"created_at", "updated_at"}


def test_v2_names_no_sort_key() -> None:
    assert v2.DIALECT.sorting.keys == ()
