"""API v3's writes: an integration, its logs, shop order statuses and their mapping."""

from __future__ import annotations

from typing import Any

import pytest

from sendcloud_contracts.double import DoubleApp

from .asking import V3, body_of, fresh, schema_problems, send, v2_message, v3_errors

INTEGRATION = "/api/v3/integrations/4711"
STATUSES = "/api/v3/shop-order-statuses"
MAPPING = "/api/v3/shop-order-statuses/mapping"
WRONG_FORMAT = {
    "status": "400",
    "code": "non_field_errors",
    "title": "Wrong format",
    "detail": "Wrong request format, expected object",
}


def integration(app: DoubleApp) -> dict[str, Any]:
    found: dict[str, Any] = body_of(send(app, "GET", INTEGRATION))["data"]
    return found


def test_patch_answers_204_without_a_body_and_changes_what_both_versions_read() -> None:
    app = fresh()
    changes = {
        "shop_name": "Rösterei",
        "webhook_url": "https://shop.example.com/hook",
        "feedback_type": "none",
    }
    reply = send(app, "PATCH", INTEGRATION, changes)
    assert (reply.status, reply.body, reply.headers) == (
        204,
        b"",
        {"Allow": "GET, PATCH, DELETE, HEAD, OPTIONS"},
    )
    after = integration(app)
    assert {name: after[name] for name in changes} == changes
    assert after["updated_at"] == "2026-03-02T10:30:00+01:00"
    v2 = body_of(send(app, "GET", "/api/v2/integrations/4711"))
    assert (v2["shop_name"], v2["last_updated_at"]) == ("Rösterei", after["updated_at"])
    assert app.state()["integrations"]["4711"]["feedback_type"] == "none"


def test_v3_may_clear_the_webhook_url_once_the_webhook_is_off() -> None:
    app = fresh()
    assert (
        send(app, "PATCH", "/api/v3/integrations/123", {"webhook_active": False, "webhook_url": None}).status
        == 204
    )
    assert integration(app)["webhook_url"] is None


@pytest.mark.parametrize(
    ("body", "found"),
    [
        (
            {"webhook_active": True},
            [("invalid", "Webhook URL required when enable webhook is set to true", "/webhook_url")],
        ),
        (
            {"feedback_type": "sometimes"},
            [("invalid_choice", '"sometimes" is not a valid choice.', "/feedback_type")],
        ),
        (
            {"shop_name": "", "service_point_carriers": [1.5, None]},
            [
                ("invalid", "This field may not be blank.", "/shop_name"),
                ("null", "This field may not be null.", "/service_point_carriers/1"),
            ],
        ),
        (
            {"service_point_carriers": "ups"},
            [("not_a_list", 'Expected a list of items but got type "str".', "/service_point_carriers")],
        ),
    ],
    ids=["webhook", "feedback-type", "blank-and-null", "not-a-list"],
)
def test_an_invalid_patch_is_400_per_problem_and_changes_nothing(
    body: dict[str, Any], found: list[tuple[str, str, str]]
) -> None:
    app = fresh()
    before = app.state()
    listed = v3_errors(send(app, "PATCH", INTEGRATION, body), 400)
    assert [(each["code"], each["detail"], each["source"]["pointer"]) for each in listed] == found
    assert all(each["title"] == "Invalid" for each in listed)
    assert schema_problems(V3, "/integrations/{id}", "PATCH", 400, {"errors": listed}) == []
    assert app.state() == before


@pytest.mark.parametrize("body", [["shop_name"], b"{"], ids=["list", "no-json"])
def test_a_patch_body_that_is_no_object_is_the_documents_wrong_format(body: object) -> None:
    [error] = v3_errors(send(fresh(), "PATCH", INTEGRATION, body), 400)
    assert (error["code"], error["title"]) == ("non_field_errors", "Wrong format")


def test_delete_answers_204_and_a_second_delete_404() -> None:
    app = fresh()
    assert send(app, "DELETE", INTEGRATION).status == 204
    assert send(app, "GET", "/api/v2/integrations/4711").status == 404
    [error] = v3_errors(send(app, "DELETE", INTEGRATION), 404)
    assert (error["code"], error["detail"]) == (
        "not_found",
        "The Integration could not be found with the search criteria given",
    )


@pytest.mark.parametrize("method", ["PATCH", "DELETE"])
def test_an_unknown_integration_is_404(method: str) -> None:
    [error] = v3_errors(send(fresh(), method, "/api/v3/integrations/1", {"shop_name": "x"}), 404)
    assert error["code"] == "not_found"


LOG = {
    "base_url": "https://shop.example.com",
    "method": "POST",
    "response": {"headers": None, "body": {"a": 1}},
}


def test_a_created_log_answers_201_wrapped_in_data_and_both_versions_list_it_first() -> None:
    app = fresh()
    reply = send(app, "POST", f"{INTEGRATION}/logs", LOG)
    assert reply.status == 201
    created = body_of(reply)
    assert list(created) == ["data"]
    assert schema_problems(V3, "/integrations/{id}/logs", "POST", 201, created) == []
    log = created["data"]
    assert (log["integration_id"], log["protected"], log["additional_data"], log["exception"]) == (
        4711,
        False,
        "",
        "",
    )
    assert body_of(send(app, "GET", f"{INTEGRATION}/logs"))["data"][0] == log
    v2_log = body_of(send(app, "GET", "/api/v2/integrations/4711/logs"))["results"][0]
    assert v2_log == {
        name: value for name, value in log.items() if name not in ("integration_id", "additional_data")
    }


@pytest.mark.parametrize(
    ("body", "found"),
    [
        (
            {**LOG, "unknown_field": 1},
            [("extra_forbidden", "Extra Forbidden", "Extra inputs are not permitted", "body/unknown_field")],
        ),
        ({"method": "GET"}, [("missing", "Missing", "Field required", "body/base_url")]),
        (
            {**LOG, "response_code": -1, "created_at": "soon"},
            [
                (
                    "greater_than_equal",
                    "Greater Than Equal",
                    "Input should be greater than or equal to 0",
                    "body/response_code",
                ),
                (
                    "datetime_parsing",
                    "Datetime Parsing",
                    "Input should be a valid datetime",
                    "body/created_at",
                ),
            ],
        ),
        (
            {**LOG, "request": {"headers": 5}},
            [("dict_type", "Dict Type", "Input should be a valid dictionary", "body/request/headers")],
        ),
        (
            [LOG],
            [
                (
                    "model_attributes_type",
                    "Model Attributes Type",
                    "Input should be a valid dictionary or object to extract fields from",
                    "body",
                )
            ],
        ),
    ],
    ids=["extra", "missing", "code-and-date", "nested", "list"],
)
def test_an_invalid_log_is_400_in_pydantics_words_and_keeps_nothing(
    body: object, found: list[tuple[str, str, str, str]]
) -> None:
    app = fresh()
    before = app.state()
    listed = v3_errors(send(app, "POST", f"{INTEGRATION}/logs", body), 400)
    assert [
        (each["code"], each["title"], each["detail"], each["source"]["pointer"]) for each in listed
    ] == found
    assert app.state() == before


def test_logs_of_an_unknown_integration_are_404() -> None:
    [error] = v3_errors(send(fresh(), "POST", "/api/v3/integrations/1/logs", LOG), 404)
    assert error["code"] == "not_found"


def statuses(app: DoubleApp, query: str = "integration_id=4711&show_deleted=true") -> list[dict[str, Any]]:
    listed: list[dict[str, Any]] = body_of(send(app, "GET", STATUSES, query=query))["data"]
    return listed


def test_posting_statuses_replaces_them_all_those_left_out_are_deleted() -> None:
    app = fresh()
    given = [
        {"external_id": "4", "translations": [{"status": "Sent", "language": "en-gb"}]},
        {"external_id": "6", "translations": [{"status": "Cancelled", "language": "en-gb"}]},
        {"external_id": "20", "translations": [{"status": "Picked", "language": "nl-nl"}]},
    ]
    reply = send(app, "POST", STATUSES, {"integration_id": 4711, "statuses": given})
    assert (reply.status, reply.body) == (200, b"null")
    shown = {each["external_id"]: each for each in statuses(app, "integration_id=4711")}
    assert list(shown) == ["4", "6", "20"]
    assert shown["4"]["translations"] == [{"status": "Sent", "language": "en-gb"}]
    every = {each["external_id"]: each["deleted_at"] for each in statuses(app)}
    assert every == {
        "2": "2026-03-02T10:30:00+01:00",
        "3": "2026-03-02T10:30:00+01:00",
        "4": None,
        "5": "2026-03-02T10:30:00+01:00",
        "17-B": "2026-03-02T10:30:00+01:00",
        "6": None,
        "20": None,
    }


def test_an_empty_list_of_statuses_deletes_them_all_and_the_mapping_turns_invalid() -> None:
    app = fresh()
    assert send(app, "POST", STATUSES, {"integration_id": 123, "statuses": []}).status == 200
    assert statuses(app, "integration_id=123") == []
    mapping = body_of(send(app, "GET", MAPPING, query="integration_id=123"))["data"]["mapping"]
    assert [entry["is_valid"] for entry in mapping] == [False, False, False, False]


def test_a_mapping_is_written_and_read_back() -> None:
    app = fresh()
    mapping: list[dict[str, str | None]] = [
        {"status_category": "READY_TO_SEND", "external_id": "2"},
        {"status_category": "IN_TRANSIT", "external_id": "4"},
        {"status_category": "DELIVERED", "external_id": None},
        {"status_category": "CANCEL", "external_id": "4"},
    ]
    reply = send(app, "POST", MAPPING, {"integration_id": 5, "mapping": list(reversed(mapping))})
    assert (reply.status, reply.body) == (200, b"null")
    read = body_of(send(app, "GET", MAPPING, query="integration_id=5"))["data"]
    assert read["mapping"] == [{**entry, "is_valid": True} for entry in mapping]
    assert app.state()["integrations"]["5"]["status_mapping"] == {
        entry["status_category"]: entry["external_id"] for entry in mapping
    }


ALL_CATEGORIES = [
    {"status_category": category, "external_id": None}
    for category in ("READY_TO_SEND", "IN_TRANSIT", "DELIVERED", "CANCEL")
]


@pytest.mark.parametrize(
    ("path", "body", "found"),
    [
        (STATUSES, {"integration_id": 4711}, [("required", "/statuses")]),
        (
            STATUSES,
            {"integration_id": 4711, "statuses": [{"external_id": "9", "translations": []}]},
            [("invalid", "/statuses/0/translations")],
        ),
        (
            STATUSES,
            {
                "integration_id": 4711,
                "statuses": [{"external_id": "9", "translations": [{"status": "x", "language": "xx"}]}],
            },
            [("invalid_choice", "/statuses/0/translations/0/language")],
        ),
        (STATUSES, {"integration_id": 1, "statuses": []}, [("invalid", "/integration_id")]),
        (MAPPING, {"integration_id": 4711, "mapping": ALL_CATEGORIES[:3]}, [("invalid", "/mapping")]),
        (MAPPING, {"integration_id": 4711, "mapping": [ALL_CATEGORIES[0]] * 4}, [("invalid", "/mapping")]),
        (
            MAPPING,
            {
                "integration_id": 4711,
                "mapping": [*ALL_CATEGORIES[:3], {"status_category": "CANCEL", "external_id": "6"}],
            },
            [("invalid", "/mapping/3/external_id")],
        ),
        (MAPPING, ["mapping"], [("non_field_errors", None)]),
    ],
    ids=[
        "no-statuses",
        "no-translations",
        "language",
        "unknown-integration",
        "three",
        "one-category",
        "deleted-status",
        "list",
    ],
)
def test_an_invalid_status_write_is_400_and_changes_nothing(
    path: str, body: object, found: list[tuple[str, str | None]]
) -> None:
    app = fresh()
    before = app.state()
    listed = v3_errors(send(app, "POST", path, body), 400)
    assert [(each["code"], each.get("source", {}).get("pointer")) for each in listed] == found
    assert app.state() == before


def test_the_documents_wrong_format_is_word_for_word() -> None:
    assert v3_errors(send(fresh(), "POST", STATUSES, [1]), 400) == [WRONG_FORMAT]


@pytest.mark.parametrize(
    ("path", "body"),
    [
        (STATUSES, {"integration_id": 4711, "statuses": []}),
        (MAPPING, {"integration_id": 4711, "mapping": ALL_CATEGORIES}),
    ],
)
def test_a_shop_system_without_statuses_refuses_status_writes_but_reads_as_before(
    path: str, body: object
) -> None:
    app = DoubleApp(order_statuses_supported=False, write_limit=None)
    before = app.state()
    [error] = v3_errors(send(app, "POST", path, body), 400)
    assert (error["code"], error["detail"]) == (
        "invalid",
        "Shop order statuses are only supported for PrestaShop V2 integrations.",
    )
    assert app.state() == before
    assert send(app, "GET", path, query="integration_id=4711").status == 200


def test_a_v2_error_stays_in_the_v2_envelope_after_v3_writes() -> None:
    app = fresh()
    send(app, "DELETE", INTEGRATION)
    assert (
        v2_message(send(app, "PATCH", "/api/v2/integrations/4711", {}), 404)
        == "No Integration matches the given query."
    )


def test_a_log_body_that_is_no_json_is_pydantics_json_invalid() -> None:
    [error] = v3_errors(send(fresh(), "POST", f"{INTEGRATION}/logs", b"{"), 400)
    assert (error["code"], error["detail"], error["source"]) == (
        "json_invalid",
        "JSON decode error",
        {"pointer": "body"},
    )


def test_a_whole_response_code_written_as_a_float_is_kept_as_a_whole_number() -> None:
    app = fresh()
    assert (
        body_of(send(app, "POST", f"{INTEGRATION}/logs", {**LOG, "response_code": 495.0}))["data"][
            "response_code"
        ]
        == 495
    )
    [error] = v3_errors(send(app, "POST", f"{INTEGRATION}/logs", {**LOG, "response_code": 4.5}), 400)
    assert error["code"] == "int_type"


def test_a_status_body_that_is_no_json_is_the_wrong_format() -> None:
    [error] = v3_errors(send(fresh(), "POST", STATUSES, b"{"), 400)
    assert (error["code"], error["title"]) == ("non_field_errors", "Wrong format")
    assert error["detail"].startswith("JSON parse error - ")
