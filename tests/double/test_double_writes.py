"""API v2's writes of integrations and logs, and what both versions read after them."""

from __future__ import annotations

import ast
from datetime import UTC, datetime

import pytest

from sendcloud_contracts.double.clock import ManualClock

from .asking import V2, body_of, fresh, schema_problems, send, v2_message

INTEGRATION = "/api/v2/integrations/4711"
EVERY_FIELD = {
    "shop_url": "https://shop.example.com",
    "service_point_enabled": True,
    "service_point_carriers": ["dhl", "ups"],
    "webhook_active": True,
    "webhook_url": "https://shop.example.com/hook",
}
# The document's own 400 example, word for word.
SETTINGS_NOT_NULL = (
    "{'settings': ['webhook_active: This field may not be null.', "
    "'webhook_url: This field may not be null.']}"
)


def test_put_writes_every_field_and_answers_the_integration_as_get_does() -> None:
    app = fresh()
    reply = send(app, "PUT", INTEGRATION, EVERY_FIELD)
    assert (reply.status, reply.headers["Allow"]) == (200, "GET, PUT, HEAD, OPTIONS")
    written = body_of(reply)
    assert written == body_of(send(app, "GET", INTEGRATION))
    assert {name: written[name] for name in EVERY_FIELD} == EVERY_FIELD
    assert (written["shop_name"], written["system"]) == ("Kaffeerösterei Müller", "api")
    assert schema_problems(V2, "/integrations/{id}", "PUT", 200, written) == []


def test_a_write_moves_last_updated_at_to_now_in_amsterdams_offset_even_without_a_change() -> None:
    app = fresh()
    assert isinstance(app.clock, ManualClock)
    app.clock.instant = datetime(2026, 7, 1, 8, 0, 0, 250000, tzinfo=UTC)
    assert (
        body_of(send(app, "PATCH", INTEGRATION, {}))["last_updated_at"] == "2026-07-01T10:00:00.250000+02:00"
    )
    app.clock.instant = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)
    assert body_of(send(app, "PATCH", INTEGRATION, {}))["last_updated_at"] == "2026-12-01T09:00:00+01:00"


def test_patch_changes_only_what_it_sends() -> None:
    app = fresh()
    before = body_of(send(app, "GET", INTEGRATION))
    after = body_of(
        send(app, "PATCH", INTEGRATION, {"service_point_enabled": True, "service_point_carriers": ["dpd"]})
    )
    changed = {name for name in before if before[name] != after[name]}
    assert changed == {"service_point_enabled", "service_point_carriers", "last_updated_at"}


def test_shop_name_is_taken_though_the_schema_marks_it_read_only_and_put_does_not_require_it() -> None:
    app = fresh()
    assert body_of(send(app, "PUT", INTEGRATION, EVERY_FIELD))["shop_name"] == "Kaffeerösterei Müller"
    assert body_of(send(app, "PATCH", INTEGRATION, {"shop_name": "Rösterei"}))["shop_name"] == "Rösterei"
    message = v2_message(send(app, "PATCH", INTEGRATION, {"shop_name": "x" * 251}), 400)
    assert ast.literal_eval(message) == {"shop_name": ["Ensure this field has no more than 250 characters."]}


def test_members_the_document_does_not_name_are_ignored() -> None:
    app = fresh()
    after = body_of(send(app, "PATCH", INTEGRATION, {"system": "odoo", "id": 1, "last_updated_at": "2000"}))
    assert (after["id"], after["system"]) == (4711, "api")


@pytest.mark.parametrize(
    ("method", "body", "message"),
    [
        ("PUT", {"shop_url": "https://a.example"}, None),
        ("PATCH", {"webhook_active": None, "webhook_url": None}, SETTINGS_NOT_NULL),
        ("PATCH", {"shop_url": "no url"}, "{'shop_url': ['Enter a valid URL.']}"),
        ("PATCH", {"service_point_carriers": "ups"}, None),
        ("PATCH", {"webhook_active": True}, None),
        ("PATCH", {"service_point_enabled": "maybe"}, None),
        (
            "PATCH",
            ["shop_name"],
            "{'non_field_errors': ['Invalid data. Expected a dictionary, but got list.']}",
        ),
    ],
    ids=["put-incomplete", "null", "url", "carriers", "webhook-without-url", "boolean", "list"],
)
def test_an_invalid_body_answers_400_with_a_printed_dict_and_changes_nothing(
    method: str, body: object, message: str | None
) -> None:
    app = fresh()
    before = app.state()
    said = v2_message(send(app, method, INTEGRATION, body), 400)
    assert isinstance(ast.literal_eval(said), dict)
    if message is not None:
        assert said == message
    assert app.state() == before


def test_settings_problems_name_their_field_under_settings() -> None:
    said = v2_message(send(fresh(), "PUT", INTEGRATION, {"shop_url": "https://a.example"}), 400)
    assert ast.literal_eval(said) == {
        "settings": [
            f"{name}: This field is required."
            for name in ("service_point_enabled", "service_point_carriers", "webhook_active", "webhook_url")
        ]
    }
    said = v2_message(send(fresh(), "PATCH", INTEGRATION, {"webhook_active": True}), 400)
    assert said == "{'settings': ['webhook_url: Webhook URL required when enable webhook is set to true']}"


def test_a_body_that_is_no_json_is_a_parse_error() -> None:
    app = fresh()
    before = app.state()
    said = v2_message(send(app, "PATCH", INTEGRATION, b"{"), 400)
    assert said.startswith("JSON parse error - Expecting property name")
    assert app.state() == before


def test_delete_answers_204_and_the_integration_is_gone_for_both_versions() -> None:
    app = fresh()
    reply = send(app, "DELETE", INTEGRATION)
    assert (reply.status, reply.body, "Content-Type" in reply.headers) == (204, b"", False)
    for path in (INTEGRATION, "/api/v3/integrations/4711", f"{INTEGRATION}/logs", f"{INTEGRATION}/shipments"):
        assert send(app, "GET", path).status == 404
    assert 4711 not in [each["id"] for each in body_of(send(app, "GET", "/api/v2/integrations"))]
    assert "4711" not in app.state()["integrations"]
    assert v2_message(send(app, "DELETE", INTEGRATION), 404) == "No Integration matches the given query."


@pytest.mark.parametrize("method", ["PUT", "PATCH", "DELETE"])
def test_an_unknown_integration_is_404_before_its_body_is_read(method: str) -> None:
    reply = send(fresh(), method, "/api/v2/integrations/1", ["not", "a", "body"])
    assert v2_message(reply, 404) == "No Integration matches the given query."


def test_a_v2_write_is_what_v3_reads_and_the_other_way_round() -> None:
    app = fresh()
    send(app, "PATCH", INTEGRATION, {"shop_name": "Über v2"})
    v3 = body_of(send(app, "GET", "/api/v3/integrations/4711"))["data"]
    assert v3["shop_name"] == "Über v2"
    assert v3["updated_at"] == body_of(send(app, "GET", INTEGRATION))["last_updated_at"]
    assert send(app, "PATCH", "/api/v3/integrations/4711", {"shop_name": "Über v3"}).status == 204
    assert body_of(send(app, "GET", INTEGRATION))["shop_name"] == "Über v3"


LOG = {"base_url": "https://shop.example.com", "exception": "Timeout", "response_code": 504}


def test_a_created_log_answers_201_and_is_listed_first_by_both_versions() -> None:
    app = fresh()
    reply = send(
        app, "POST", f"{INTEGRATION}/logs", {**LOG, "integration_id": 5, "user_id": 7, "protected": True}
    )
    assert (reply.status, reply.headers["Allow"]) == (201, "GET, POST, HEAD, OPTIONS")
    created = body_of(reply)
    assert schema_problems(V2, "/integrations/{id}/logs", "POST", 201, created) == []
    assert (created["protected"], created["method"], created["full_url"]) == (False, "", None)
    assert created["created_at"] == "2026-03-02T10:30:00+01:00"
    assert body_of(send(app, "GET", f"{INTEGRATION}/logs"))["results"][0] == created
    assert body_of(send(app, "GET", "/api/v2/integrations/logs"))["results"][0] == created
    assert body_of(send(app, "GET", "/api/v3/integrations/4711/logs"))["data"][0]["id"] == created["id"]
    assert app.state()["integrations"]["4711"]["log_count"] == 4


def test_a_log_given_its_own_date_keeps_it_in_amsterdams_offset() -> None:
    created = body_of(
        send(fresh(), "POST", f"{INTEGRATION}/logs", {**LOG, "created_at": "2023-07-01T00:00:00Z"})
    )
    assert created["created_at"] == "2023-07-01T02:00:00+02:00"


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"exception": "x"}, "{'base_url': ['This field is required.']}"),
        (
            {**LOG, "response_code": -1},
            "{'response_code': ['Ensure this value is greater than or equal to 0.']}",
        ),
        ({**LOG, "created_at": "yesterday"}, None),
        (
            {**LOG, "response": "text"},
            "{'response': ['Expected a dictionary of items but got type \"str\".']}",
        ),
    ],
    ids=["no-base-url", "negative-code", "date", "response"],
)
def test_an_invalid_log_answers_400_and_keeps_nothing(body: object, message: str | None) -> None:
    app = fresh()
    before = app.state()
    said = v2_message(send(app, "POST", f"{INTEGRATION}/logs", body), 400)
    assert message is None or said == message
    assert app.state() == before


def test_service_points_that_are_on_need_a_carrier() -> None:
    app = fresh()
    said = v2_message(send(app, "PATCH", INTEGRATION, {"service_point_enabled": True}), 400)
    rule = "At least one carrier must be provided if the service point delivery is enabled."
    assert ast.literal_eval(said) == {"settings": [f"service_point_carriers: {rule}"]}


@pytest.mark.parametrize(
    ("path", "body", "status", "message"),
    [
        ("/api/v2/integrations/1/logs", LOG, 404, "No Integration matches the given query."),
        (f"{INTEGRATION}/logs", b"[", 400, None),
        (
            f"{INTEGRATION}/logs",
            [LOG],
            400,
            "{'non_field_errors': ['Invalid data. Expected a dictionary, but got list.']}",
        ),
    ],
    ids=["unknown-integration", "no-json", "list"],
)
def test_a_log_that_cannot_be_kept_is_refused(
    path: str, body: object, status: int, message: str | None
) -> None:
    app = fresh()
    before = app.state()
    said = v2_message(send(app, "POST", path, body), status)
    assert message is None or said == message
    assert app.state() == before
