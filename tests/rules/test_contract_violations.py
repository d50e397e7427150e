"""Each violation exactly as reported: the field it names and the value it shows are what users read
and what accepted deviations match on, so a rule that reports one more, one less or another name
breaks both."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest

from sendcloud_contracts.dialects.v2 import ERROR_ENVELOPE
from sendcloud_contracts.rules.contract import (
    _shown_at,
    error_envelope,
    requested_integration,
    response_schema,
    violations,
)
from sendcloud_contracts.rules.model import Exchange, Violation, show
from sendcloud_contracts.rules.timestamps import timestamps
from sendcloud_contracts.spec import Spec

from .test_contract_rules import SPEC, VALID, broken, envelope, exchange

pytestmark = pytest.mark.rules

ENVELOPE_SHAPE = ERROR_ENVELOPE.shape

HTML_FIX = "An HTML page is a framework's default error page: the API's error handler did not run"
TIMESTAMP = "RFC 3339 date-time with an offset (Z or +hh:mm), e.g. 2020-06-03T13:27:58.636020+02:00"
REQUEST = '"api/v2/integrations/123", the requested path without "/"'


def envelope_rule(status: int, body: Any, content_type: str = "application/json") -> list[Violation]:
    return list(error_envelope(exchange(status, body, content_type=content_type), SPEC))


def test_a_violation_reads_received_documented_and_how_to_fix() -> None:
    violation = Violation("rule", "field", '""', "a URI", "Send null instead")
    assert str(violation) == '[rule] field: Received: "" / Documented: a URI. Send null instead'


def test_a_value_is_shown_as_json_with_its_own_characters() -> None:
    assert show("ü") == '"ü"'
    assert show(None) == "null"
    assert show({"a": [1, True]}) == '{"a": [1, true]}'


def test_bytes_are_shown_as_text_with_what_is_not_utf8_replaced() -> None:
    assert show(b"caf\xc3\xa9 \xff") == "café \ufffd"


def test_a_long_value_is_cut_to_the_limit_with_an_ellipsis() -> None:
    fits = "x" * 78  # 80 characters with its quotes
    assert show(fits) == f'"{fits}"'
    assert show(fits + "y") == '"' + "x" * 76 + "..."
    assert len(show(fits + "y")) == 80
    assert show("abcdef", limit=7) == '"abc...'
    assert show("abcde", limit=7) == '"abcde"'


def test_a_400_is_an_error_held_to_the_envelope() -> None:
    assert envelope_rule(400, {"detail": "Bad"}) == [
        Violation("error_envelope", "error", '{"detail": "Bad"}', ENVELOPE_SHAPE)
    ]


def test_a_399_is_not_an_error() -> None:
    assert envelope_rule(399, {"detail": "Odd"}) == []


def test_an_error_body_that_is_not_json_is_shown_as_received() -> None:
    assert envelope_rule(502, b"Bad gateway") == [
        Violation("error_envelope", "error", "Bad gateway", ENVELOPE_SHAPE)
    ]


def test_a_json_error_body_without_the_envelope_is_shown_as_json() -> None:
    assert envelope_rule(404, b'["Not found"]') == [
        Violation("error_envelope", "error", '["Not found"]', ENVELOPE_SHAPE)
    ]
    assert envelope_rule(404, b'{"error":"Not found"}') == [
        Violation("error_envelope", "error", '{"error": "Not found"}', ENVELOPE_SHAPE)
    ]


def test_an_empty_error_body_says_so() -> None:
    assert envelope_rule(500, b"") == [Violation("error_envelope", "error", "(empty body)", ENVELOPE_SHAPE)]


def test_an_html_error_page_says_the_error_handler_did_not_run() -> None:
    assert envelope_rule(404, b"<h1>Not Found</h1>", "text/html; charset=utf-8") == [
        Violation("error_envelope", "error", "<h1>Not Found</h1>", ENVELOPE_SHAPE, HTML_FIX)
    ]


def test_every_missing_envelope_field_is_reported() -> None:
    assert envelope_rule(404, {"error": {}}) == [
        Violation("error_envelope", "error.code", "(absent)", ENVELOPE_SHAPE),
        Violation("error_envelope", "error.request", "(absent)", ENVELOPE_SHAPE),
        Violation("error_envelope", "error.message", "(absent)", ENVELOPE_SHAPE),
    ]


@pytest.mark.parametrize(
    ("code", "shown"), [(404.0, "404.0"), ("404", '"404"'), (True, "true"), (None, "null")]
)
def test_an_error_code_that_is_not_an_integer_is_reported_once(code: Any, shown: str) -> None:
    assert envelope_rule(404, envelope(code=code)) == [
        Violation("error_envelope", "error.code", shown, "an integer, the HTTP status 404")
    ]


def test_an_error_code_other_than_the_status_is_reported() -> None:
    assert envelope_rule(404, envelope(code=400)) == [
        Violation("error_envelope", "error.code", "400", "404, the HTTP status of the response")
    ]


@pytest.mark.parametrize(
    ("request_field", "shown"),
    [
        ("/api/v2/integrations/123", '"/api/v2/integrations/123"'),
        ("api/v2/integrations/7", '"api/v2/integrations/7"'),
        (None, "null"),
    ],
)
def test_an_error_request_other_than_the_path_is_reported(request_field: Any, shown: str) -> None:
    assert envelope_rule(404, envelope(request=request_field)) == [
        Violation("error_envelope", "error.request", shown, REQUEST)
    ]


@pytest.mark.parametrize(
    ("path", "request_field", "names_it"),
    [
        ("/api/v2/integrations/ABX", "api/v2/integrations/ABX/", True),
        ("/api/v2/integrations/ABX", "api/v2/integrations/AB", False),
        ("/api/v2/integrations/AB", "api/v2/integrations/ABX", False),
    ],
)
def test_the_error_request_names_the_path_up_to_its_slashes(
    path: str, request_field: str, names_it: bool
) -> None:
    found = list(error_envelope(exchange(404, envelope(request=request_field), path=path), SPEC))
    assert (found == []) is names_it, found


def test_a_path_whose_first_segment_starts_with_x_is_named_whole() -> None:
    case = exchange(404, envelope(request="XX/XX/integrations/1"), path="/XX/XX/integrations/1")
    assert list(error_envelope(case, SPEC)) == []
    case = exchange(404, envelope(request="XX/integrations/2"), path="/XX/integrations/1")
    assert list(error_envelope(case, SPEC)) == [
        Violation(
            "error_envelope",
            "error.request",
            '"XX/integrations/2"',
            '"XX/integrations/1", the requested path without "/"',
        )
    ]


def test_an_error_message_that_is_not_a_string_is_reported() -> None:
    assert envelope_rule(404, envelope(message=["no"])) == [
        Violation("error_envelope", "error.message", '["no"]', "a string")
    ]


def test_another_integration_than_the_one_asked_for_is_reported() -> None:
    assert list(requested_integration(exchange(body=broken(id=124)), SPEC)) == [
        Violation(
            "requested_integration",
            "id",
            "124",
            "123, the id in the request path",
            "The API answered another integration than the one asked for",
        )
    ]


def test_a_bad_timestamp_is_reported_once_saying_whether_null_is_allowed() -> None:
    case = exchange(body=broken(last_updated_at="2020-06-03T13:27:58", last_fetch="yesterday"))
    assert violations(case, SPEC) == [
        Violation("timestamp", "last_fetch", '"yesterday"', TIMESTAMP + " or null"),
        Violation("timestamp", "last_updated_at", '"2020-06-03T13:27:58"', TIMESTAMP),
    ]
    assert list(timestamps(case, SPEC)) == violations(case, SPEC)


def test_a_body_that_is_not_json_is_reported_as_received() -> None:
    assert list(response_schema(exchange(body=b"\xff\xfeoops"), SPEC)) == [
        Violation(
            "response_schema",
            "(body)",
            "\ufffd\ufffdoops",
            "a JSON body (RFC 8259)",
            "Not JSON: byte 0 is not valid UTF-8 (RFC 8259 section 8.1 demands UTF-8)",
        )
    ]
    [empty] = response_schema(exchange(body=b""), SPEC)
    assert (empty.field, empty.received, empty.documented) == (
        "(body)",
        "(empty body)",
        "a JSON body (RFC 8259)",
    )


def test_every_missing_required_field_is_named_at_the_root() -> None:
    found = list(response_schema(exchange(body={"id": 123}), SPEC))
    assert [(item.field, item.received) for item in found] == [
        ("shop_name", "(absent)"),
        ("system", "(absent)"),
        ("last_updated_at", "(absent)"),
    ]
    assert all("required" in item.documented for item in found)


def test_a_missing_nested_field_is_named_by_its_dotted_path() -> None:
    found = list(response_schema(exchange(404, {"error": {"code": 404, "request": "x"}}), SPEC))
    assert [(item.field, item.received) for item in found] == [("error.message", "(absent)")]
    assert "message" in found[0].documented


def test_a_wrong_nested_value_is_named_by_its_dotted_path_and_shown() -> None:
    found = list(response_schema(exchange(404, envelope(code="404")), SPEC))
    assert [(item.field, item.received) for item in found] == [("error.code", '"404"')]
    assert "integer" in found[0].documented


def test_a_wrong_body_root_is_named_as_the_body() -> None:
    found = list(response_schema(exchange(body=[1]), SPEC))
    assert [(item.field, item.received) for item in found] == [("(body)", "[1]")]
    assert "object" in found[0].documented


def spec_with(change: Any) -> Spec:
    document = copy.deepcopy(SPEC.document)
    change(document)
    return Spec(SPEC.path, document)


def test_each_spec_is_judged_by_its_own_schema() -> None:
    def shorter_names(document: dict[str, Any]) -> None:
        document["components"]["schemas"]["Integration"]["properties"]["shop_name"]["maxLength"] = 5

    strict = spec_with(shorter_names)
    case = exchange(body=broken(shop_name="Kaffeerösterei"))
    assert [item.field for item in response_schema(case, SPEC)] == []
    assert [item.field for item in response_schema(case, strict)] == ["shop_name"]


def test_a_value_the_documents_own_example_shows_is_not_held_against_the_api() -> None:
    # The document's example answer writes "Integration #1": a schema that refuses it contradicts
    # the document itself (a warning about the example says so); the API did as the document shows.
    def shorter_names(document: dict[str, Any]) -> None:
        document["components"]["schemas"]["Integration"]["properties"]["shop_name"]["maxLength"] = 5

    strict = spec_with(shorter_names)
    shown = exchange(body=broken(shop_name="Integration #1"))
    assert [item.field for item in response_schema(shown, strict)] == []
    other = exchange(body=broken(shop_name="Integration #2"))
    assert [item.field for item in response_schema(other, strict)] == ["shop_name"]


def test_a_head_response_has_no_body_to_judge() -> None:
    def document_head(document: dict[str, Any]) -> None:
        operations = document["paths"]["/integrations/{id}"]
        operations["head"] = operations["get"]

    case = Exchange(
        "HEAD", "/api/v2/integrations/123", 200, "application/json", b"", "/integrations/{id}", {}
    )
    assert list(response_schema(case, spec_with(document_head))) == []


def test_an_exchange_without_an_id_parameter_is_not_compared() -> None:
    case = Exchange(
        "GET", "/api/v2/integrations/123", 200, "application/json", json.dumps(VALID).encode(), "/x", {}
    )
    assert list(requested_integration(case, SPEC)) == []


@pytest.mark.parametrize(
    ("example", "path", "value", "shown"),
    [
        ({"errors": [{"code": "extra_forbidden"}]}, ["errors", "0", "code"], "extra_forbidden", True),
        ({"errors": [{"code": "extra_forbidden"}]}, ["errors", "0", "code"], "missing", False),
        ({"errors": [{"code": "extra_forbidden"}]}, ["errors", "1", "code"], "extra_forbidden", False),
        ({"errors": [{"code": "x"}]}, ["errors", "first", "code"], "x", False),
        ({"errors": {"0": {"code": "x"}}}, ["errors", "0", "code"], "x", True),
        ({"status": 404}, ["status"], "404", False),
        ({"status": "404"}, ["state"], "404", False),
        ({"id": 1}, [], {"id": 1}, False),
        ([{"id": 1}], ["0", "id"], 1, True),
        ("text", ["0"], "t", False),
    ],
)
def test_a_value_counts_as_shown_only_where_the_example_holds_it(
    example: Any, path: list[str], value: Any, *, shown: bool
) -> None:
    assert _shown_at(example, path, value) is shown


def test_a_value_the_example_shows_leaves_the_other_errors_of_the_answer_reported() -> None:
    def shorter_names(document: dict[str, Any]) -> None:
        schema = document["components"]["schemas"]["Integration"]["properties"]
        schema["shop_name"]["maxLength"] = 5
        schema["shop_url"]["maxLength"] = 5

    strict = spec_with(shorter_names)
    # shop_name as the example shows it, shop_url not: the one is the document's contradiction, the
    # other the API's own, and the rule goes on past the first to find it.
    answer = exchange(body=broken(shop_name="Integration #1", shop_url="https://a-longer.example"))
    assert [item.field for item in response_schema(answer, strict)] == ["shop_url"]
