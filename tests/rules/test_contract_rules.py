"""Each contract rule fails on a response that breaks it and passes on valid but unusual ones."""

from __future__ import annotations

import json
from typing import Any

import pytest

from sendcloud_contracts.rules.contract import violations
from sendcloud_contracts.rules.model import Exchange, Violation, is_rfc3339
from sendcloud_contracts.spec import load_spec

from ..conftest import ROOT

pytestmark = pytest.mark.rules

SPEC = load_spec(ROOT / "spec" / "integrations.yaml")
VALID: dict[str, Any] = {
    "id": 123,
    "shop_name": "Integration #1",
    "shop_url": "https://example.com",
    "system": "api",
    "failing_since": None,
    "last_fetch": "2020-06-03T13:27:58.636020+02:00",
    "last_updated_at": "2019-08-24T14:15:22Z",
    "service_point_enabled": True,
    "service_point_carriers": ["ups"],
    "webhook_active": False,
    "webhook_url": None,
}


def exchange(
    status: int = 200,
    body: Any = VALID,
    *,
    path: str = "/api/v2/integrations/123",
    content_type: str = "application/json",
    method: str = "GET",
) -> Exchange:
    raw = body if isinstance(body, bytes) else json.dumps(body).encode()
    return Exchange(
        method, path, status, content_type, raw, "/integrations/{id}", {"id": path.rsplit("/", 1)[1]}
    )


def envelope(code: Any = 404, request: Any = "api/v2/integrations/123", message: Any = "Not found.") -> Any:
    return {"error": {"code": code, "request": request, "message": message}}


def broken(**changes: Any) -> dict[str, Any]:
    body = {**VALID, **changes}
    return {key: value for key, value in body.items() if value is not ...}


def rules(found: list[Violation]) -> set[tuple[str, str]]:
    return {(violation.rule, violation.field) for violation in found}


def both(field: str) -> set[tuple[str, str]]:
    """An envelope break the 404 schema documents too: each rule reports it once."""
    return {("response_schema", field), ("error_envelope", field)}


@pytest.mark.parametrize(
    ("case", "expected"),
    [
        (exchange(body=broken(system=...)), ("response_schema", "system")),
        (exchange(body=broken(shop_name=None)), ("response_schema", "shop_name")),
        (exchange(body=broken(last_updated_at=None)), ("response_schema", "last_updated_at")),
        (exchange(body=broken(shop_name="")), ("response_schema", "shop_name")),
        (exchange(body=broken(shop_name="x" * 251)), ("response_schema", "shop_name")),
        (exchange(body=broken(system="y" * 51)), ("response_schema", "system")),
        (exchange(body=broken(shop_url="")), ("response_schema", "shop_url")),
        (exchange(body=broken(shop_url="not a uri")), ("response_schema", "shop_url")),
        (exchange(body=broken(id="123")), ("response_schema", "id")),
        (exchange(body=broken(id=0), path="/api/v2/integrations/0"), ("response_schema", "id")),
        (exchange(body=broken(service_point_enabled="true")), ("response_schema", "service_point_enabled")),
        (exchange(body=broken(service_point_carriers="ups")), ("response_schema", "service_point_carriers")),
        (exchange(body=b"<html>oops</html>", content_type="text/html"), ("response_schema", "(body)")),
        (exchange(body=broken(last_fetch="2020-06-03T13:27:58")), ("timestamp", "last_fetch")),
        (exchange(body=broken(last_updated_at="2020-02-30T10:00:00Z")), ("timestamp", "last_updated_at")),
        (exchange(body=broken(failing_since="2020-06-03T25:61:00Z")), ("timestamp", "failing_since")),
        (exchange(body=broken(last_updated_at="03/06/2020 13:27")), ("timestamp", "last_updated_at")),
        (exchange(body=broken(last_updated_at="2020-06-03T13:27:58+2:00")), ("timestamp", "last_updated_at")),
        (exchange(body=broken(id=124)), ("requested_integration", "id")),
        (exchange(404, {"detail": "Not found."}), ("error_envelope", "error")),
        (
            exchange(404, b"<h1>Not Found</h1>", content_type="text/html"),
            {("error_envelope", "error"), ("response_schema", "(body)")},
        ),
        (exchange(500, b""), ("error_envelope", "error")),
        (
            exchange(404, {"error": {"code": 404, "request": "api/v2/integrations/123"}}),
            both("error.message"),
        ),
        (exchange(404, envelope(code="404")), both("error.code")),
        (exchange(404, envelope(code=True)), both("error.code")),
        # JSON Schema counts 404.0 as an integer; a client parsing an int does not.
        (exchange(404, envelope(code=404.0)), ("error_envelope", "error.code")),
        (exchange(404, envelope(code=400)), ("error_envelope", "error.code")),
        (exchange(404, envelope(request="api/v2/integrations/7")), ("error_envelope", "error.request")),
        (exchange(404, envelope(request=None)), both("error.request")),
        (exchange(404, envelope(message=["no"])), both("error.message")),
        (exchange(405, envelope(code=405), method="TRACE"), None),
        (exchange(405, {"detail": "nope"}, method="TRACE"), ("error_envelope", "error")),
        (exchange(401, envelope(code=401, message=None)), ("error_envelope", "error.message")),
        (exchange(400, {"detail": "Bad request."}), ("error_envelope", "error")),
        (exchange(404, envelope(request="/api/v2/integrations/123")), ("error_envelope", "error.request")),
        (exchange(body=b"\xff\xfe not UTF-8"), ("response_schema", "(body)")),
        (exchange(body=b"[" * 100_000), ("response_schema", "(body)")),
        (exchange(body=broken(last_updated_at="2020-06-03T13:27:61Z")), ("timestamp", "last_updated_at")),
    ],
)
def test_a_broken_response_is_flagged_by_exactly_the_rules_it_breaks(
    case: Exchange, expected: tuple[str, str] | set[tuple[str, str]] | None
) -> None:
    found = rules(violations(case, SPEC))
    assert found == (expected if isinstance(expected, set) else {expected} if expected else set())


@pytest.mark.parametrize(
    "case",
    [
        exchange(),
        exchange(body=broken(shop_url=None, failing_since=None, last_fetch=None, webhook_url=None)),
        exchange(body={"shop_name": "x", "system": "y", "last_updated_at": "2019-08-24T14:15:22Z"}),
        exchange(body=broken(brand_new_field={"nested": [1, None]}, another=None)),
        exchange(body=broken(last_updated_at="2020-06-03T13:27:58.636020-09:30")),
        exchange(body=broken(last_updated_at="2020-06-03t13:27:58z")),
        exchange(body=broken(last_updated_at="2016-12-31T23:59:60Z")),
        exchange(body=broken(last_updated_at="2024-02-29T00:00:00.1+14:00")),
        exchange(body=broken(shop_name="ü" * 250, system="系" * 50)),
        exchange(body=broken(shop_name="🚚" * 250)),
        exchange(body=broken(service_point_carriers=[])),
        exchange(content_type="application/json; charset=utf-8"),
        exchange(404, envelope()),
        exchange(404, envelope(request="api/v2/integrations/123/")),
        exchange(404, envelope(request="api/v2/integrations/é"), path="/api/v2/integrations/%C3%A9"),
        exchange(404, {"error": {**envelope()["error"], "details": {"id": ["bad"]}}}),
        exchange(401, envelope(code=401, message="Invalid username/password.")),
        exchange(429, b""),
        exchange(200, broken(id=5), path="/api/v2/integrations/5"),
    ],
)
def test_a_valid_but_unusual_response_passes(case: Exchange) -> None:
    assert violations(case, SPEC) == []


def test_violations_read_received_documented() -> None:
    (found,) = [
        item for item in violations(exchange(404, envelope(code=400)), SPEC) if item.field == "error.code"
    ]
    assert (
        str(found)
        == "[error_envelope] error.code: Received: 400 / Documented: 404, the HTTP status of the response"
    )


@pytest.mark.parametrize(
    ("value", "valid"),
    [
        ("2020-06-03T13:27:58Z", True),
        ("2020-06-03T13:27:58.636020+02:00", True),
        ("2020-06-03T13:27:58+24:00", False),
        ("2020-06-03T13:27:58+23:00", True),
        ("2020-06-03T13:27:58-23:59", True),
        ("2020-06-03T13:27:58+05:59", True),
        ("2020-06-03T13:27:58+00:60", False),
        ("2020-06-03T13:27:58+00:99", False),
        ("2020-06-03T13:27:58-05:60", False),
        ("2020-06-03T13:27:61Z", False),
        ("2016-12-31T23:59:60Z", True),
        ("2020-06-03T13:27:58", False),
        ("2020-06-03", False),
        ("2021-02-29T00:00:00Z", False),
        ("2020-06-03T13:27:58.Z", False),
        ("\uff12020-06-03T13:27:58Z", False),  # a full-width digit
    ],
)
def test_rfc3339(value: str, valid: bool) -> None:
    assert is_rfc3339(value) is valid


@pytest.mark.parametrize(
    ("raw", "why"),
    [
        (json.dumps(VALID)[:-1].encode() + b',"fill_rate":NaN}', "NaN is not a JSON value"),
        (json.dumps(VALID)[:-1].encode() + b',"limits":[Infinity]}', "Infinity is not a JSON value"),
        (
            json.dumps(VALID).replace("Integration #1", "M\\u00fcller").encode().replace(b"\\u00fc", b"\xfc"),
            "UTF-8",
        ),
        (b"\xef\xbb\xbf" + json.dumps(VALID).encode(), "byte order mark"),
        (json.dumps(VALID).encode() + b"\n{}", "does not parse"),
    ],
)
def test_a_body_a_javascript_or_go_client_rejects_is_not_json(raw: bytes, why: str) -> None:
    found = violations(exchange(200, raw), SPEC)
    assert rules(found) == {("response_schema", "(body)")}
    assert why in str(found[0])
    assert "Documented: a JSON body (RFC 8259)" in str(found[0])


def test_an_error_body_with_nan_is_not_the_envelope() -> None:
    raw = b'{"error":{"code":404,"request":"api/v2/integrations/123","message":"Not found.","retry":NaN}}'
    assert rules(violations(exchange(404, raw), SPEC)) == {
        ("error_envelope", "error"),
        ("response_schema", "(body)"),
    }
