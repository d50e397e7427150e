"""Operations, parameters, bodies, statuses, headers and authentication, old against new."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from sendcloud_contracts.docdiff.changes import Operation

from .builders import api, changes, found, rules, with_parameters

pytestmark = pytest.mark.rules

OK = {"200": {"description": "OK"}}


def op(**keywords: Any) -> dict[str, Any]:
    return {"responses": copy.deepcopy(OK), **keywords}


def query(name: str, required: bool = False, **schema: Any) -> dict[str, Any]:
    return {"in": "query", "name": name, "required": required, "schema": schema or {"type": "string"}}


# Operations.


def test_an_operation_removed_with_its_path_or_from_a_path_that_stays() -> None:
    old = api({"/a": {"get": op(), "post": op()}, "/b": {"get": op(deprecated=True)}})
    new = api({"/a": {"get": op()}})
    assert found(old, new) == [
        ("api-path-removed-with-deprecation", "operation", "deprecated", "(absent)"),
        ("api-removed-without-deprecation", "operation", "documented", "(absent)"),
    ]
    assert [item.operation.label for item in changes(old, new)] == ["GET /b", "POST /a"]
    assert rules(api({"/a": {"get": op(), "put": op(deprecated=True)}}), api({"/a": {"get": op()}})) == [
        "api-removed-with-deprecation"
    ]
    assert rules(api({"/b": {"get": op()}}), api()) == ["api-path-removed-without-deprecation"]


def test_an_operation_added_deprecated_or_reactivated_breaks_nobody() -> None:
    assert found(api(), api({"/a": {"get": op()}})) == [("endpoint-added", "operation", "(absent)", "GET /a")]
    assert rules(api({"/a": {"get": op()}}), api({"/a": {"get": op(deprecated=True)}})) == [
        "endpoint-deprecated"
    ]
    assert found(api({"/a": {"get": op(deprecated=True)}}), api({"/a": {"get": op()}})) == [
        ("endpoint-reactivated", "operation", "deprecated", "not deprecated")
    ]


def test_an_operation_is_the_same_whatever_its_path_parameters_are_called() -> None:
    old = api(
        {
            "/a/{id}": {
                "get": op(
                    parameters=[{"in": "path", "name": "id", "required": True, "schema": {"type": "integer"}}]
                )
            }
        }
    )
    new = api(
        {
            "/a/{key}": {
                "get": op(
                    parameters=[
                        {"in": "path", "name": "key", "required": True, "schema": {"type": "integer"}}
                    ]
                )
            }
        }
    )
    assert changes(old, new) == []
    assert Operation("get", "/a/{id}").key == Operation("get", "/a/{key}").key == "GET /a/{}"


def test_a_path_item_behind_a_reference_and_methods_that_are_not_methods() -> None:
    old = api({"/a": {"$ref": "#/x-paths/a"}}, **{"x-paths": {"a": {"get": op()}}})
    new = api(
        {
            "/a": {"get": op(), "summary": "words", "parameters": [], "x-note": {"get": 1}},
            "/odd": "not a path item",
        }
    )
    assert changes(old, new) == []


def test_operation_words_are_documentation() -> None:
    assert found(api({"/a": {"get": op(summary="One")}}), api({"/a": {"get": op(summary="Two")}})) == [
        ("documentation-changed", "operation", 'summary: "One"', 'summary: "Two"')
    ]


# Authentication.

BASIC: dict[str, list[str]] = {"Basic": []}
OAUTH = {"OAuth": ["api"]}


def test_a_way_to_authenticate_removed_breaks_its_clients_and_one_added_does_not() -> None:
    old = api({"/a": {"get": op(security=[BASIC, OAUTH])}})
    new = api({"/a": {"get": op(security=[OAUTH])}})
    assert found(old, new) == [("api-security-removed", "security", "Basic", "(absent)")]
    assert found(new, old) == [("api-security-added", "security", "(absent)", "Basic")]


def test_authentication_required_where_none_was_and_schemes_used_together() -> None:
    assert found(
        api({"/a": {"get": op()}}), api({"/a": {"get": op(security=[{"Basic": [], "Key": []}])}})
    ) == [
        ("api-security-removed", "security", "no authentication", "(absent)"),
        ("api-security-added", "security", "(absent)", "Basic + Key"),
    ]


def test_the_documents_security_applies_unless_the_operation_says_its_own() -> None:
    assert (
        changes(api({"/a": {"get": op()}}, security=[BASIC]), api({"/a": {"get": op(security=[BASIC])}}))
        == []
    )
    assert rules(
        api({"/a": {"get": op(security=[])}}, security=[BASIC]), api({"/a": {"get": op()}}, security=[BASIC])
    ) == [
        "api-security-removed",
        "api-security-added",
    ]
    assert changes(api({"/a": {"get": op()}}, security=[]), api({"/a": {"get": op()}})) == []


def scheme(**keywords: Any) -> dict[str, Any]:
    return {
        "components": {"securitySchemes": {"OAuth": {"type": "oauth2", **keywords}, "Gone": {"type": "http"}}}
    }


def test_a_security_scheme_a_client_configures_differently_breaks_it() -> None:
    flows = {"clientCredentials": {"tokenUrl": "https://a/token", "scopes": {"api": "all"}}}
    moved = {"clientCredentials": {"tokenUrl": "https://b/token", "scopes": {"api": "all"}}}
    (change,) = changes(
        api(**scheme(flows=flows)),
        api(**{"components": {"securitySchemes": {"OAuth": {"type": "oauth2", "flows": moved}}}}),
    )
    assert change.rule == "api-security-component-changed"
    assert change.location == "security scheme OAuth"
    assert change.operation.label == "(document)"
    assert "https://a/token" in change.old
    assert "https://b/token" in change.new
    reworded = {"clientCredentials": {"tokenUrl": "https://a/token", "scopes": {"api": "everything"}}}
    assert changes(api(**scheme(flows=flows)), api(**scheme(flows=reworded, description="words"))) == []
    assert rules(api(**scheme(scheme="Bearer")), api(**scheme(scheme="bearer"))) == []
    assert rules(api(**scheme(name="X-Key")), api(**scheme(name="X-Api-Key"))) == [
        "api-security-component-changed"
    ]


def test_servers_moved_are_said_and_break_nobody() -> None:
    assert found(api(servers=[{"url": "https://a/v2"}]), api(servers=[{"url": "https://a/v3"}, "odd"])) == [
        ("servers-changed", "servers", "https://a/v2", "https://a/v3")
    ]
    assert found(api(servers=[{"url": "https://a"}]), api()) == [
        ("servers-changed", "servers", "https://a", "(absent)")
    ]
    (gone,) = changes(api(servers=[{"url": "https://a"}]), api())
    assert (gone.pointer_old, gone.pointer_new) == ("#/servers", None)
    (came,) = changes(api(servers=[]), api(servers=[{"url": "https://a"}]))
    assert (came.pointer_old, came.pointer_new) == ("#/servers", "#/servers")
    assert (
        changes(api(servers=[{"url": "https://a", "description": "x"}]), api(servers=[{"url": "https://a"}]))
        == []
    )


# Parameters.


def test_a_parameter_removed_or_newly_required_breaks_a_sender() -> None:
    assert found(with_parameters(query("ordering")), with_parameters()) == [
        ("request-parameter-removed", "query parameter ordering", "optional", "(absent)")
    ]
    assert found(with_parameters(), with_parameters(query("shop", required=True), query("page"))) == [
        ("new-required-request-parameter", "query parameter shop", "(absent)", "required"),
        ("new-optional-request-parameter", "query parameter page", "(absent)", "optional"),
    ]
    assert found(with_parameters(query("a")), with_parameters(query("a", required=True))) == [
        ("request-parameter-became-required", "query parameter a", "optional", "required")
    ]
    assert found(with_parameters(query("a", required=True)), with_parameters(query("a"))) == [
        ("request-parameter-became-optional", "query parameter a", "required", "optional")
    ]


def test_a_parameters_schema_and_words_are_compared() -> None:
    old = with_parameters({**query("a", type="integer"), "description": "x"})
    new = with_parameters({**query("a", type="string"), "description": "y"})
    assert found(old, new) == [
        ("request-parameter-type-changed", "query parameter a", "integer", "string"),
        ("documentation-changed", "query parameter a", 'description: "x"', 'description: "y"'),
    ]
    # As something sent: every integer a client sends is a number.
    assert found(with_parameters(query("a", type="integer")), with_parameters(query("a", type="number"))) == [
        ("request-parameter-type-generalized", "query parameter a", "integer", "number")
    ]


def test_parameters_are_matched_by_place_and_name_headers_by_name_in_any_case() -> None:
    header = {"in": "header", "name": "X-Shop", "schema": {"type": "string"}}
    assert changes(with_parameters(header), with_parameters({**header, "name": "x-shop"})) == []
    assert rules(with_parameters(query("a")), with_parameters({**query("a"), "in": "header"})) == [
        "request-parameter-removed",
        "new-optional-request-parameter",
    ]


def test_the_operations_parameter_replaces_the_path_items_of_the_same_name() -> None:
    old = api(
        {
            "/a": {
                "parameters": [query("a", type="integer")],
                "get": op(parameters=[query("a", type="string")]),
            }
        }
    )
    new = api(
        {"/a": {"get": op(parameters=[{"$ref": "#/components/parameters/A"}])}},
        components={"parameters": {"A": query("a", type="string")}},
    )
    assert changes(old, new) == []


def test_a_parameter_described_by_content_or_by_nothing() -> None:
    content = {"in": "query", "name": "f", "content": {"application/json": {"schema": {"type": "object"}}}}
    assert rules(
        with_parameters(content),
        with_parameters({**content, "content": {"application/json": {"schema": {"type": "array"}}}}),
    ) == ["request-parameter-type-changed"]
    assert (
        changes(
            with_parameters({"in": "query", "name": "g"}),
            with_parameters({"in": "query", "name": "g", "content": {}}),
        )
        == []
    )
    assert changes(with_parameters({"in": "query"}), with_parameters("odd")) == []  # type: ignore[arg-type]


# Request bodies.


def body(required: bool | None = None, media: str = "application/json", **schema: Any) -> dict[str, Any]:
    request: dict[str, Any] = {"content": {media: {"schema": schema or {"type": "object"}}}}
    if required is not None:
        request["required"] = required
    return request


def posting(request: dict[str, Any] | None = None, **extra: Any) -> Any:
    operation = op(**({"requestBody": request} if request is not None else {}))
    return api({"/a": {"post": operation}}, **extra)


def test_a_request_body_removed_or_newly_required_breaks_a_sender() -> None:
    assert found(posting(body()), posting()) == [
        ("request-body-removed", "request body", "optional", "(absent)")
    ]
    assert found(posting(), posting(body(required=True))) == [
        ("request-body-added-required", "request body", "(absent)", "required")
    ]
    assert found(posting(), posting(body())) == [
        ("request-body-added-optional", "request body", "(absent)", "optional")
    ]
    assert found(posting(body(required=False)), posting(body(required=True))) == [
        ("request-body-became-required", "request body", "optional", "required")
    ]
    assert found(posting(body(required=True)), posting(body())) == [
        ("request-body-became-optional", "request body", "required", "optional")
    ]
    assert changes(posting(), posting()) == []


def test_a_request_body_behind_a_reference_is_followed() -> None:
    shared = {"components": {"requestBodies": {"B": body(type="string")}}}
    assert (
        changes(posting({"$ref": "#/components/requestBodies/B"}, **shared), posting(body(type="string")))
        == []
    )
    assert changes(posting("odd"), posting()) == []  # type: ignore[arg-type]


def test_a_media_type_a_client_sends_removed_breaks_it() -> None:
    assert found(posting(body()), posting(body(media="application/xml"))) == [
        ("request-body-media-type-removed", "request body", "application/json", "(absent)"),
        ("request-body-media-type-added", "request body", "(absent)", "application/xml"),
    ]
    assert changes(posting(body()), posting(body(media="Application/JSON; charset=utf-8"))) == []


def test_the_request_schema_is_compared_as_something_sent() -> None:
    assert found(posting(body(type="number")), posting(body(type="integer"))) == [
        ("request-body-type-changed", "request body application/json", "number", "integer")
    ]


# Responses.


def answering(responses: dict[Any, Any], **extra: Any) -> Any:
    return api({"/a": {"get": {"responses": responses}}}, **extra)


def content(media: str = "application/json", **schema: Any) -> dict[str, Any]:
    return {"content": {media: {"schema": schema or {"type": "object"}}}}


def test_a_success_status_removed_breaks_a_client_and_an_error_status_does_not() -> None:
    old = answering(
        {"200": {"description": "OK"}, "404": {"description": "no"}, "default": {"description": "?"}}
    )
    assert found(old, answering({})) == [
        ("response-success-status-removed", "response 200", "200", "(absent)"),
        ("response-non-success-status-removed", "response 404", "404", "(absent)"),
        ("response-non-success-status-removed", "response default", "default", "(absent)"),
    ]
    assert found(answering({}), old) == [
        ("response-success-status-added", "response 200", "(absent)", "200"),
        ("response-non-success-status-added", "response 404", "(absent)", "404"),
        ("response-non-success-status-added", "response default", "(absent)", "default"),
    ]


def test_statuses_are_read_whatever_their_spelling() -> None:
    assert changes(answering({"2xx": {"description": "OK"}}), answering({"2XX": {"description": "OK"}})) == []
    assert changes(answering({200: {"description": "OK"}}), answering({"200": {"description": "OK"}})) == []
    shared = {"components": {"responses": {"R": {"description": "OK"}}}}
    assert (
        changes(
            answering({"200": {"$ref": "#/components/responses/R"}}, **shared),
            answering({"200": {"description": "OK"}}),
        )
        == []
    )
    assert changes(answering({"200": "odd"}), answering({})) == []


def test_a_response_media_type_removed_breaks_a_reader() -> None:
    assert found(answering({"200": content()}), answering({"200": content("application/vnd.api+json")})) == [
        ("response-media-type-removed", "response 200", "application/json", "(absent)"),
        ("response-media-type-added", "response 200", "(absent)", "application/vnd.api+json"),
    ]


def test_every_response_body_is_compared_as_something_read_errors_included() -> None:
    old = answering({"404": content(type="object", properties={"message": {"type": "string"}})})
    new = answering({"404": content(type="object")})
    assert found(old, new) == [
        (
            "response-property-removed",
            "response 404 application/json: message",
            "string, optional",
            "(absent)",
        )
    ]


def test_response_and_example_words_are_documentation() -> None:
    old = answering(
        {"200": {"description": "OK", "content": {"application/json": {"schema": {}, "example": 1}}}}
    )
    new = answering(
        {"200": {"description": "Fine", "content": {"application/json": {"schema": {}, "example": 2}}}}
    )
    assert found(old, new) == [
        ("documentation-changed", "response 200", 'description: "OK"', 'description: "Fine"'),
        ("documentation-changed", "response 200 application/json", "example: 1", "example: 2"),
    ]


def header(required: bool | None = None, **schema: Any) -> dict[str, Any]:
    described: dict[str, Any] = {"schema": schema or {"type": "string"}}
    if required is not None:
        described["required"] = required
    return described


def with_headers(**headers: Any) -> Any:
    return answering({"200": {"description": "OK", "headers": headers}})


def test_a_response_header_removed_breaks_a_reader_required_or_not() -> None:
    assert found(with_headers(Link=header()), with_headers()) == [
        ("response-header-removed", "response 200 header Link", "optional", "(absent)")
    ]
    assert found(with_headers(), with_headers(Link=header(required=True))) == [
        ("response-header-added", "response 200 header Link", "(absent)", "required")
    ]


def test_a_response_header_no_longer_required_breaks_a_reader() -> None:
    assert found(with_headers(Link=header(required=True)), with_headers(link=header(required=False))) == [
        ("response-header-became-optional", "response 200 header link", "required", "optional")
    ]
    assert found(with_headers(Link=header()), with_headers(Link=header(required=True))) == [
        ("response-header-became-required", "response 200 header Link", "optional", "required")
    ]


def test_a_response_headers_schema_is_compared_as_something_read() -> None:
    assert found(with_headers(Count=header(type="integer")), with_headers(Count=header(type="number"))) == [
        ("response-header-type-changed", "response 200 header Count", "integer", "number")
    ]
    # Down to the properties of an object it carries, as a client reads them.
    shop: dict[str, Any] = {
        "type": "object",
        "properties": {"id": {"type": "string"}, "key": {"writeOnly": True}},
    }
    assert found(with_headers(Shop=header(**shop)), with_headers(Shop=header(type="object"))) == [
        ("response-property-removed", "response 200 header Shop: id", "string, optional", "(absent)")
    ]


def test_content_type_is_the_media_types_business_not_a_header() -> None:
    assert changes(with_headers(**{"Content-Type": header()}), with_headers()) == []
    shared = {"components": {"headers": {"L": header()}}}
    assert (
        changes(
            answering(
                {"200": {"description": "OK", "headers": {"Link": {"$ref": "#/components/headers/L"}}}},
                **shared,
            ),
            with_headers(Link=header()),
        )
        == []
    )
    assert changes(with_headers(Link="odd"), with_headers()) == []


def test_a_removed_operation_names_where_the_old_document_wrote_it() -> None:
    (change,) = changes(api({"/a": {"get": op()}, "/b": {"get": op()}}), api({"/b": {"get": op()}}))
    assert (change.pointer_old, change.pointer_new) == ("#/paths/~1a/get", None)
    (added,) = changes(api(), api({"/a": {"get": op()}}))
    assert (added.pointer_old, added.pointer_new) == (None, "#/paths/~1a/get")


def test_what_was_required_says_so_when_it_goes() -> None:
    assert found(posting(body(required=True)), posting()) == [
        ("request-body-removed", "request body", "required", "(absent)")
    ]
    assert found(with_parameters(query("a", required=True)), with_parameters()) == [
        ("request-parameter-removed", "query parameter a", "required", "(absent)")
    ]
    assert found(with_headers(Link=header(required=True)), with_headers()) == [
        ("response-header-removed", "response 200 header Link", "required", "(absent)")
    ]


def test_each_header_is_compared_after_one_that_went() -> None:
    old = with_headers(Gone=header(), Count=header(type="integer"), Kept=header())
    new = with_headers(Count=header(type="string"), Kept=header(), Came=header())
    assert [(rule, location) for rule, location, _, _ in found(old, new)] == [
        ("response-header-type-changed", "response 200 header Count"),
        ("response-header-removed", "response 200 header Gone"),
        ("response-header-added", "response 200 header Came"),
    ]


def test_ways_to_authenticate_are_reported_in_the_order_of_their_names() -> None:
    old = api({"/a": {"get": op(security=[{"Zed": []}, {"Alpha": [], "Beta": []}, OAUTH])}})
    new = api({"/a": {"get": op(security=[OAUTH, {"Key": []}, {"Card": []}])}})
    assert [(rule, before, after) for rule, _, before, after in found(old, new)] == [
        ("api-security-removed", "Alpha + Beta", "(absent)"),
        ("api-security-removed", "Zed", "(absent)"),
        ("api-security-added", "(absent)", "Card"),
        ("api-security-added", "(absent)", "Key"),
    ]


def test_a_path_is_the_same_path_whatever_its_parameters_are_called() -> None:
    old = api({"/a/{id}": {"get": op(), "delete": op()}})
    new = api({"/a/{key}": {"get": op()}})
    assert rules(old, new) == ["api-removed-without-deprecation"]


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ({"type": "http", "scheme": "basic"}, {"type": "apiKey", "scheme": "basic"}),
        ({"type": "http", "scheme": "basic"}, {"type": "http", "scheme": "bearer"}),
        ({"type": "apiKey", "in": "header", "name": "Key"}, {"type": "apiKey", "in": "query", "name": "Key"}),
        ({"type": "apiKey", "in": "query", "name": "Key"}, {"type": "apiKey", "in": "query", "name": "key"}),
        (
            {"type": "openIdConnect", "openIdConnectUrl": "https://a"},
            {"type": "openIdConnect", "openIdConnectUrl": "https://b"},
        ),
        (
            {"type": "oauth2", "flows": {"implicit": {"authorizationUrl": "https://a", "scopes": {}}}},
            {"type": "oauth2", "flows": {"implicit": {"authorizationUrl": "https://b", "scopes": {}}}},
        ),
        (
            {"type": "oauth2", "flows": {"implicit": {"authorizationUrl": "https://a"}}},
            {"type": "oauth2", "flows": {"authorizationCode": {"authorizationUrl": "https://a"}}},
        ),
    ],
)
def test_every_setting_a_client_configures_counts(old: dict[str, Any], new: dict[str, Any]) -> None:
    before = api(components={"securitySchemes": {"Odd": "not a scheme", "S": old}})
    after = api(components={"securitySchemes": {"S": new, "Odd": 3}})
    assert [(item.rule, item.location) for item in changes(before, after)] == [
        ("api-security-component-changed", "security scheme S")
    ]


def test_a_schemes_settings_are_shown_as_a_client_configures_them() -> None:
    before = api(
        components={"securitySchemes": {"S": {"type": "http", "scheme": "Basic", "description": "x"}}}
    )
    after = api(components={"securitySchemes": {"S": {"type": "http", "scheme": "Bearer"}}})
    (change,) = changes(before, after)
    assert (change.old, change.new) == (
        '{"scheme": "basic", "type": "http"}',
        '{"scheme": "bearer", "type": "http"}',
    )
    assert (change.pointer_old, change.pointer_new) == (
        "#/components/securitySchemes/S",
        "#/components/securitySchemes/S",
    )


def test_media_types_after_a_new_one_are_compared() -> None:
    old = answering({"200": {"content": {"application/json": {"schema": {"type": "integer"}}}}})
    new = answering(
        {"200": {"content": {"text/csv": {}, "application/json": {"schema": {"type": "string"}}}}}
    )
    assert [rule for rule, *_ in found(old, new)] == [
        "response-body-type-changed",
        "response-media-type-added",
    ]


def test_every_server_is_listed_and_one_without_an_address_is_none() -> None:
    two = api(servers=[{"url": "https://a"}, {"url": "https://b"}])
    three = api(servers=[{"url": "https://a"}, {"url": "https://b"}, {"url": "https://c"}])
    assert found(two, three) == [
        ("servers-changed", "servers", "https://a, https://b", "https://a, https://b, https://c")
    ]
    nowhere = api(servers=[{"description": "the sandbox, address on request"}])
    assert found(nowhere, api(servers=[{"url": "https://a"}])) == [
        ("servers-changed", "servers", "(absent)", "https://a")
    ]
