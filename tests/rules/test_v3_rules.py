"""API v3 judged by its own conventions: each rule fails on an answer that breaks it and passes on
valid but unusual ones (nulls, absent optional fields, extra fields, other offsets)."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

import pytest
import yaml

from sendcloud_contracts.rules.consistency import list_and_items
from sendcloud_contracts.rules.contract import error_envelope, violations, wrapped
from sendcloud_contracts.rules.model import Exchange, Violation
from sendcloud_contracts.rules.pagination import owner_identity, page_links
from sendcloud_contracts.spec import load_spec

from ..conftest import ROOT

if TYPE_CHECKING:
    from pathlib import Path

pytestmark = pytest.mark.rules

V3 = load_spec(ROOT / "spec" / "sendcloud-v3-integrations-openapi.yml")
HOST = "127.0.0.1:8080"
BASE = "/api/v3"
INTEGRATION: dict[str, Any] = {
    "id": 4711,
    "shop_name": "Kaffeerösterei Müller",
    "shop_url": "https://shop.kaffee-mueller.de",
    "type": "api",
    "started_failing_at": None,
    "last_fetched_at": None,
    "created_at": "2020-06-01T08:00:00+02:00",
    "updated_at": "2020-06-03T13:27:58.636020+02:00",
    "service_point_enabled": False,
    "service_point_carriers": [],
    "webhook_active": False,
    "webhook_url": None,
    "feedback_type": "none",
}
LOG: dict[str, Any] = {
    "id": 9,
    "integration_id": 4711,
    "base_url": "https://shop.kaffee-mueller.de",
    "created_at": "2023-03-01T02:02:00+01:00",
}


def answer(
    body: Any,
    *,
    status: int = 200,
    path: str = "/integrations/4711",
    operation: str = "/integrations/{id}",
    query: str = "",
    headers: dict[str, str] | None = None,
) -> Exchange:
    raw = body if isinstance(body, bytes) else json.dumps(body).encode()
    parameters = {"id": path.split("/")[2]} if "{id}" in operation else {}
    url = f"http://{HOST}{BASE}{path}" + (f"?{query}" if query else "")
    return Exchange(
        "GET",
        BASE + path,
        status,
        "application/json",
        raw,
        operation,
        parameters,
        HOST,
        url,
        headers=headers or {},
    )


def found(exchange: Exchange) -> set[tuple[str, str]]:
    return {(violation.rule, violation.field) for violation in violations(exchange, V3)}


# The wrapper


@pytest.mark.parametrize(
    "body",
    [
        {"data": INTEGRATION},
        # Optional fields left out, fields the document does not name, nulls where allowed.
        {"data": {"id": 4711, "shop_name": "Shop", "loyalty_tier": "gold", "webhook_url": None}},
        {"data": INTEGRATION, "meta": {"request_id": "abc"}},
    ],
)
def test_an_integration_in_its_wrapper_passes(body: Any) -> None:
    assert found(answer(body)) == set()


def test_an_integration_outside_the_wrapper_fails() -> None:
    (violation,) = wrapped(answer(INTEGRATION), V3)
    assert (violation.rule, violation.field, violation.received[:8]) == ("wrapper", "data", '{"id": 4')
    assert violation.documented == 'an object holding the answer in "data", as API v3 wraps every answer'
    assert violation.fix == 'A client reads the answer from "data" and finds nothing'
    assert ("wrapper", "data") in found(
        answer([INTEGRATION], path="/integrations", operation="/integrations")
    )


def test_the_wrapper_is_asked_only_where_the_document_puts_the_answer_in_it(tmp_path: Path) -> None:
    # A status the document does not describe has no schema to hold a wrapper.
    assert list(wrapped(answer({"oops": 1}, status=500), V3)) == []
    document = yaml.safe_load((ROOT / "spec" / "sendcloud-v3-integrations-openapi.yml").read_text())
    document["paths"]["/integrations/{id}"]["get"]["responses"]["200"]["content"]["application/json"] = {
        "schema": {"type": "object"}
    }
    path = tmp_path / "v3.yaml"
    path.write_text(yaml.safe_dump(document))
    assert list(wrapped(answer(INTEGRATION), load_spec(path))) == []


def test_the_wrapper_is_asked_only_of_success_answers_that_document_it() -> None:
    assert list(wrapped(answer({"errors": [{"status": "404"}]}, status=404), V3)) == []
    assert list(wrapped(answer(b"not json"), V3)) == []


# The JSON:API error body


def not_found(*errors: Any, status: int = 404) -> Exchange:
    return answer({"errors": list(errors)}, status=status, path="/integrations/999")


GOOD_ERROR = {"status": "404", "code": "not_found", "title": "Not Found", "detail": "No such integration."}


@pytest.mark.parametrize(
    "body",
    [
        {"errors": [GOOD_ERROR]},
        {"errors": [GOOD_ERROR, {**GOOD_ERROR, "source": {"parameter": "id"}, "id": "e1"}]},
        # The document types `errors` as an array or an object.
        {"errors": GOOD_ERROR},
        {"errors": [{"status": "404", "code": "not_found", "detail": "x", "meta": {"trace": 1}}]},
    ],
)
def test_json_api_errors_pass(body: Any) -> None:
    assert list(error_envelope(answer(body, status=404, path="/integrations/999"), V3)) == []


@pytest.mark.parametrize(
    ("error", "field", "received"),
    [
        ({**GOOD_ERROR, "status": 404}, "errors.0.status", "404"),
        ({**GOOD_ERROR, "status": "400"}, "errors.0.status", '"400"'),
        ({key: value for key, value in GOOD_ERROR.items() if key != "detail"}, "errors.0.detail", "(absent)"),
        ({key: value for key, value in GOOD_ERROR.items() if key != "code"}, "errors.0.code", "(absent)"),
        ({**GOOD_ERROR, "detail": ["x"]}, "errors.0.detail", '["x"]'),
        ("Not found", "errors.0", '"Not found"'),
    ],
)
def test_a_json_api_error_that_misstates_itself_fails(error: Any, field: str, received: str) -> None:
    assert [(v.field, v.received) for v in error_envelope(not_found(error), V3)] == [(field, received)]


def test_a_status_not_given_as_the_http_status_text_says_what_was_expected() -> None:
    (violation,) = error_envelope(not_found({**GOOD_ERROR, "status": 404}), V3)
    assert (violation.rule, violation.documented) == ("error_envelope", '"404", the HTTP status as a string')
    (violation,) = error_envelope(not_found("Not found"), V3)
    assert violation.rule == "error_envelope"
    assert violation.documented.startswith('an error object, {"errors": [{"status"')


@pytest.mark.parametrize(
    "body",
    [
        {"error": {"code": 404, "request": "api/v3/integrations/999", "message": "Not found."}},
        {"errors": []},
        {"detail": "Not found."},
    ],
)
def test_an_error_that_is_not_json_api_fails_naming_the_shape(body: Any) -> None:
    (violation,) = error_envelope(answer(body, status=404, path="/integrations/999"), V3)
    assert (violation.rule, violation.field) == ("error_envelope", "errors")
    assert violation.documented.startswith('{"errors": [{"status": "<HTTP status>"')


# Identity: the integration asked for


def test_another_integration_than_the_one_asked_for_fails() -> None:
    assert ("requested_integration", "data.id") in found(answer({"data": {**INTEGRATION, "id": 5}}))
    assert ("requested_integration", "data.id") not in found(answer({"data": INTEGRATION}))
    # Only a 200 answers an integration; the other statuses' bodies are the other rules' to judge.
    not_an_answer = answer({"data": {**INTEGRATION, "id": 5}}, status=404)
    assert ("requested_integration", "data.id") not in found(not_an_answer)


def logs(
    *items: Any, path: str = "/integrations/4711/logs", headers: dict[str, str] | None = None
) -> Exchange:
    return answer({"data": list(items)}, path=path, operation="/integrations/{id}/logs", headers=headers)


def test_logs_of_another_integration_in_an_integrations_logs_fail() -> None:
    assert list(owner_identity(logs(LOG, {**LOG, "integration_id": None}), V3)) == []
    (violation,) = owner_identity(logs(LOG, {**LOG, "id": 10, "integration_id": 5}), V3)
    assert (violation.field, violation.received) == ("data.1.integration_id", "5")
    assert violation.documented == "4711, the id in the request path"


def mapping(integration_id: Any, asked: str = "integration_id=4711") -> Exchange:
    body = {"data": {"integration_id": integration_id, "mapping": []}}
    return answer(
        body, path="/shop-order-statuses/mapping", operation="/shop-order-statuses/mapping", query=asked
    )


def test_a_mapping_of_another_integration_than_asked_for_fails() -> None:
    assert list(owner_identity(mapping(4711), V3)) == []
    (violation,) = owner_identity(mapping(5), V3)
    assert (violation.rule, violation.field, violation.received) == (
        "requested_integration",
        "data.integration_id",
        "5",
    )
    assert violation.documented == "4711, the id asked for with integration_id"
    assert violation.fix == "The answer belongs to another integration than the one asked for"
    # An id that is no integer asks for no integration; twice, for none in particular.
    assert list(owner_identity(mapping(5, "integration_id=abc"), V3)) == []
    assert list(owner_identity(mapping(5, "integration_id=1&integration_id=2"), V3)) == []


# Pages announced in a Link header


def linked(target: str, path: str = "/integrations/logs") -> Exchange:
    return answer(
        {"data": [LOG]},
        path=path,
        operation="/integrations/logs",
        headers={"link": f'<{target}>; rel="next"'},
    )


@pytest.mark.parametrize(
    "target",
    [
        f"http://{HOST}{BASE}/integrations/logs?page_size=2&cursor=2023-03-01T02%3A02%3A00%2B01%3A00",
        # RFC 8288 resolves a reference against the URL asked.
        f"{BASE}/integrations/logs?cursor=x",
        "logs?cursor=x",
        "?cursor=x",
    ],
)
def test_a_next_link_to_the_same_list_passes(target: str) -> None:
    assert list(page_links(linked(target), V3)) == []


@pytest.mark.parametrize(
    ("target", "documented"),
    [
        (
            "https://api.sendcloud.example/api/v3/integrations/logs?cursor=x",
            f"a link on the host asked, {HOST}",
        ),
        (f"http://{HOST}{BASE}/integrations?cursor=x", f"a link to the same list, {BASE}/integrations/logs"),
        ("mailto:ops@example.com", "an absolute URL of the same list"),
    ],
)
def test_a_next_link_off_the_list_fails(target: str, documented: str) -> None:
    (violation,) = page_links(linked(target), V3)
    assert (violation.rule, violation.field) == ("pagination", 'Link rel="next"')
    assert violation.documented.startswith(documented)


def test_a_last_page_without_a_link_passes() -> None:
    assert found(logs(LOG)) == set()
    assert found(logs()) == set()


# Timestamps at any depth, other offsets and microseconds included


def test_timestamps_in_the_wrapper_and_in_list_items_are_held_to_rfc3339() -> None:
    broken = {**INTEGRATION, "updated_at": "2020-06-03T13:27:58"}
    assert ("timestamp", "data.updated_at") in found(answer({"data": broken}))
    assert ("timestamp", "data.0.created_at") in found(logs({**LOG, "created_at": "2023-03-01 02:02"}))
    odd = {
        **INTEGRATION,
        "created_at": "2020-06-01T06:00:00.000001Z",
        "updated_at": "2020-06-03t13:27:58-11:30",
    }
    assert found(answer({"data": odd})) == set()


# The list against each integration


def test_the_list_and_an_integration_compare_inside_their_wrappers() -> None:
    listing = answer(
        {"data": [{**INTEGRATION, "type": "csv"}]}, path="/integrations", operation="/integrations"
    )
    items = {4711: answer({"data": INTEGRATION})}
    (violation,) = list_and_items(listing, items, V3, complete=True)
    assert (violation.rule, violation.field, violation.received) == ("consistency", "data.0.type", '"csv"')
    # The timestamps Sendcloud moves on its own are not compared.
    moved = {**INTEGRATION, "updated_at": "2024-01-01T00:00:00Z", "last_fetched_at": "2024-01-01T00:00:00Z"}
    listing = answer({"data": [moved]}, path="/integrations", operation="/integrations")
    assert list(list_and_items(listing, items, V3, complete=True)) == []
    missing = answer({"data": []}, path="/integrations", operation="/integrations")
    assert [v.field for v in list_and_items(missing, items, V3, complete=True)] == [
        f"GET {BASE}/integrations"
    ]


def test_the_unusual_but_valid_answers_of_v3_pass_every_rule() -> None:
    statuses = {
        "data": [
            {
                "external_id": "1",
                "status": "Open",
                "deleted_at": None,
                "translations": [{"status": "Open", "language": "en-gb"}],
            }
        ]
    }
    assert (
        found(
            answer(
                statuses,
                path="/shop-order-statuses",
                operation="/shop-order-statuses",
                query="integration_id=4711",
            )
        )
        == set()
    )
    assert found(answer({"data": []}, path="/shop-order-statuses", operation="/shop-order-statuses")) == set()
    assert found(mapping(4711)) == set()


def test_violations_read_as_one_line_each() -> None:
    assert str(Violation("wrapper", "data", "{}", "x")) == "[wrapper] data: Received: {} / Documented: x"
