"""API v3 of the reference double: the same account as v2, through v3's conventions."""

from __future__ import annotations

import json
import sys
from datetime import datetime
from typing import TYPE_CHECKING, Any

import pytest
import requests

from sendcloud_contracts.double import DoubleApp, Reply, Request
from sendcloud_contracts.double.__main__ import main, target_environment
from sendcloud_contracts.double.base import DEFAULT_PUBLIC_KEY, DEFAULT_SECRET_KEY
from sendcloud_contracts.double.catalogue.variant import valid_basic_credentials
from sendcloud_contracts.double.data import SEEDED_INTEGRATIONS
from sendcloud_contracts.exitcodes import BAD_INPUT
from sendcloud_contracts.spec import load_spec

from ..conftest import ROOT

if TYPE_CHECKING:
    from sendcloud_contracts.double import DoubleServer

V3 = load_spec(ROOT / "spec" / "sendcloud-v3-integrations-openapi.yml")
KEYS = (DEFAULT_PUBLIC_KEY, DEFAULT_SECRET_KEY)
HOST = "127.0.0.1:8188"
SEEDED_IDS = sorted(integration["id"] for integration in SEEDED_INTEGRATIONS)
# v3's names of v2's fields, written out here, apart from the double's own table.
RENAMED = {
    "type": "system",
    "started_failing_at": "failing_since",
    "last_fetched_at": "last_fetch",
    "updated_at": "last_updated_at",
}
UNCHANGED = (
    "id",
    "shop_name",
    "shop_url",
    "service_point_enabled",
    "service_point_carriers",
    "webhook_active",
    "webhook_url",
)


def ask(
    app: DoubleApp, path: str, query: str = "", *, method: str = "GET", authorization: str | None = ""
) -> Reply:
    """A request to API v3 (`path` below `/api/v3`), with the right credentials unless told otherwise."""
    headers = {"Host": HOST}
    if authorization is not None:
        headers["Authorization"] = authorization or valid_basic_credentials(app)
    return app.handle(Request(method, f"/api/v3{path}", query, headers))


def data(app: DoubleApp, path: str, query: str = "") -> Any:
    reply = ask(app, path, query)
    assert (reply.status, reply.headers["Content-Type"]) == (200, "application/json"), reply.body
    return json.loads(reply.body)["data"]


def errors(reply: Reply) -> list[dict[str, Any]]:
    assert reply.headers["Content-Type"] == "application/json"
    payload = json.loads(reply.body)
    assert list(payload) == ["errors"]
    listed: list[dict[str, Any]] = payload["errors"]
    assert [error["status"] for error in listed] == [str(reply.status)]
    return listed


def schema_problems(template: str, status: int, body: Any) -> list[str]:
    schema = V3.response_schema(template, "GET", status)
    assert schema is not None, (template, status)
    return [
        f"{error.instance_path}: {error.message}" for error in V3.schema_validator(schema).iter_errors(body)
    ]


def v2(path: str) -> Any:
    app = DoubleApp()
    reply = app.handle(Request("GET", f"/api/v2{path}", "", {"Authorization": valid_basic_credentials(app)}))
    assert reply.status == 200
    return json.loads(reply.body)


def instant(stamp: str) -> datetime:
    return datetime.fromisoformat(stamp)


@pytest.mark.parametrize("seeded_id", SEEDED_IDS)
def test_each_integration_is_v2s_under_v3s_names(seeded_id: int) -> None:
    old, new = v2(f"/integrations/{seeded_id}"), data(DoubleApp(), f"/integrations/{seeded_id}")
    assert list(new) == [
        *(["id", "shop_name"] + ["shop_url"] * (old["shop_url"] is not None)),
        *("type", "started_failing_at", "last_fetched_at", "created_at", "updated_at"),
        *(
            "service_point_enabled",
            "service_point_carriers",
            "webhook_active",
            "webhook_url",
            "feedback_type",
        ),
    ]
    for name in UNCHANGED:
        assert new.get(name) == old[name], name
    for name, v2_name in RENAMED.items():
        # The same text, so the same instant: v3 writes each timestamp exactly as v2 does.
        assert new[name] == old[v2_name], name
    assert new["feedback_type"] in ("eager", "delayed", "none")
    assert instant(new["created_at"]) < instant(new["updated_at"])


def test_v3_leaves_out_a_shop_url_v2_writes_null() -> None:
    assert v2("/integrations/5")["shop_url"] is None
    assert "shop_url" not in data(DoubleApp(), "/integrations/5")


def test_the_integrations_have_different_feedback_types_and_creation_dates() -> None:
    listed = data(DoubleApp(), "/integrations")
    assert {item["feedback_type"] for item in listed} == {"eager", "delayed", "none"}
    assert len({instant(item["created_at"]) for item in listed}) == len(SEEDED_IDS)
    assert len({instant(item["created_at"]).utcoffset() for item in listed}) > 1


def test_the_list_and_each_integration_agree() -> None:
    app = DoubleApp()
    listed = data(app, "/integrations")
    assert sorted(item["id"] for item in listed) == SEEDED_IDS
    for item in listed:
        assert data(app, f"/integrations/{item['id']}") == item


@pytest.mark.parametrize(
    ("path", "template"),
    [
        ("/integrations", "/integrations"),
        ("/integrations/logs?page_size=2", "/integrations/logs"),
        ("/integrations/logs", "/integrations/logs"),
        ("/shop-order-statuses?integration_id=4711&show_deleted=true", "/shop-order-statuses"),
        ("/shop-order-statuses?integration_id=90210&language=nl-nl", "/shop-order-statuses"),
        *[(f"/integrations/{each}", "/integrations/{id}") for each in SEEDED_IDS],
        *[(f"/integrations/{each}/logs", "/integrations/{id}/logs") for each in SEEDED_IDS],
        *[
            (f"/shop-order-statuses/mapping?integration_id={each}", "/shop-order-statuses/mapping")
            for each in SEEDED_IDS
        ],
    ],
)
def test_every_answer_keeps_its_documented_schema(path: str, template: str) -> None:
    route, _, query = path.partition("?")
    reply = ask(DoubleApp(), route, query)
    assert reply.status == 200
    assert schema_problems(template, 200, json.loads(reply.body)) == []


@pytest.mark.parametrize(
    ("path", "template", "status"),
    [
        ("/integrations/6", "/integrations/{id}", 404),
        ("/integrations/abc/logs", "/integrations/{id}/logs", 404),
        ("/shop-order-statuses", "/shop-order-statuses", 400),
        ("/shop-order-statuses?integration_id=x", "/shop-order-statuses", 400),
        ("/shop-order-statuses/mapping?integration_id=6", "/shop-order-statuses/mapping", 400),
    ],
)
def test_every_documented_error_keeps_its_schema(path: str, template: str, status: int) -> None:
    route, _, query = path.partition("?")
    reply = ask(DoubleApp(), route, query)
    assert reply.status == status
    errors(reply)
    assert schema_problems(template, status, json.loads(reply.body)) == []


@pytest.mark.parametrize("raw_id", ["6", "0", "-1", "1.5", "abc", "%C3%A9", "99999999999999999999"])
def test_an_id_that_names_no_integration_is_404_in_json_api(raw_id: str) -> None:
    reply = ask(DoubleApp(), f"/integrations/{raw_id}")
    assert reply.status == 404
    assert errors(reply) == [
        {
            "status": "404",
            "code": "not_found",
            "title": "Not Found",
            "detail": "The Integration could not be found with the search criteria given",
        }
    ]


@pytest.mark.parametrize(
    ("authorization", "example"),
    [
        (None, "AuthenticationRequired"),
        ("Basic eDp5", "InvalidCredentials"),
        ("Bearer nope", "InvalidCredentials"),
    ],
)
def test_missing_or_wrong_credentials_answer_the_documents_401(
    authorization: str | None, example: str
) -> None:
    reply = ask(DoubleApp(), "/integrations/123", authorization=authorization)
    assert (reply.status, reply.headers["WWW-Authenticate"]) == (401, "Bearer")
    documented = V3.document["components"]["responses"]["Unauthorized"]["content"]["application/json"]
    assert json.loads(reply.body) == documented["examples"][example]["value"]


def test_one_token_is_good_for_both_versions(double: DoubleServer) -> None:
    token = requests.post(
        double.token_url, data={"grant_type": "client_credentials", "scope": "api"}, auth=KEYS, timeout=5
    ).json()["access_token"]
    bearer = {"Authorization": f"Bearer {token}"}
    for base in (double.base_url, f"{double.origin}/api/v3"):
        assert requests.get(f"{base}/integrations/4711", headers=bearer, timeout=5).status_code == 200


def test_over_http_head_is_get_without_a_body(double: DoubleServer) -> None:
    url = f"{double.origin}/api/v3/integrations/logs?page_size=2"
    got, head = (requests.request(method, url, auth=KEYS, timeout=5) for method in ("GET", "HEAD"))
    assert (got.status_code, head.status_code, head.content) == (200, 200, b"")
    assert head.headers["Link"] == got.headers["Link"]
    assert head.headers["Link"].startswith(f"<{double.origin}/api/v3/integrations/logs?page_size=2&cursor=")
    assert head.headers["Content-Length"] == str(len(got.content))


@pytest.mark.parametrize("method", ["POST", "PUT", "TRACE", "QUERY"])
def test_methods_one_integration_does_not_serve_are_405_with_allow(method: str) -> None:
    reply = ask(DoubleApp(), "/integrations/123", method=method)
    assert (reply.status, reply.headers["Allow"]) == (405, "GET, PATCH, DELETE, HEAD, OPTIONS")
    [error] = errors(reply)
    assert (error["code"], error["detail"]) == ("invalid", f'Method "{method}" not allowed.')


@pytest.mark.parametrize("method", ["PATCH", "DELETE", "PUT", "TRACE"])
@pytest.mark.parametrize(
    "path", ["/integrations/123/logs", "/shop-order-statuses", "/shop-order-statuses/mapping"]
)
def test_methods_the_double_does_not_serve_are_405_with_allow(method: str, path: str) -> None:
    reply = ask(DoubleApp(), path, method=method)
    assert (reply.status, reply.headers["Allow"]) == (405, "GET, POST, HEAD, OPTIONS")
    [error] = errors(reply)
    assert (error["code"], error["detail"]) == ("invalid", f'Method "{method}" not allowed.')


@pytest.mark.parametrize("path", ["/integrations", "/integrations/logs"])
def test_the_lists_serve_reads_only(path: str) -> None:
    reply = ask(DoubleApp(), path, method="POST")
    assert (reply.status, reply.headers["Allow"]) == (405, "GET, HEAD, OPTIONS")


def test_options_describes_the_view_as_django_rest_framework_does() -> None:
    reply = ask(DoubleApp(), "/shop-order-statuses/mapping", method="OPTIONS")
    assert (reply.status, reply.headers["Allow"]) == (200, "GET, POST, HEAD, OPTIONS")
    assert set(json.loads(reply.body)) == {"name", "description", "renders", "parses"}


def test_unknown_paths_are_404_in_json_api_and_other_prefixes_keep_the_html_page() -> None:
    app = DoubleApp()
    for path in ("/parcels", "/integrations/123/shipments", "/shop-order-statuses/4711"):
        reply = ask(app, path)
        assert reply.status == 404
        assert errors(reply)[0]["code"] == "not_found"
    elsewhere = app.handle(Request("GET", "/api/v4/integrations", "", {}))
    assert (elsewhere.status, elsewhere.headers["Content-Type"]) == (404, "text/html; charset=utf-8")


def test_the_environment_names_the_version_asked(double: DoubleServer) -> None:
    assert target_environment(double)["SENDCLOUD_BASE_URL"] == double.base_url
    v3 = target_environment(double, "v3")
    assert v3["SENDCLOUD_BASE_URL"] == f"{double.origin}/api/v3"
    assert v3["SENDCLOUD_INTEGRATION_IDS"] == ",".join(map(str, SEEDED_IDS))
    with pytest.raises(ValueError, match="unknown API version 'v4'; expected one of: v2, v3"):
        target_environment(double, "v4")


def test_the_command_line_points_the_command_at_v3() -> None:
    probe = (
        "import os, requests;"
        "base = os.environ['SENDCLOUD_BASE_URL'];"
        "reply = requests.get(base + '/integrations/4711', timeout=5,"
        " auth=(os.environ['SENDCLOUD_PUBLIC_KEY'], os.environ['SENDCLOUD_SECRET_KEY']));"
        "raise SystemExit(0 if base.endswith('/api/v3') and reply.json()['data']['type'] == 'api' else 3)"
    )
    assert main(["--port", "0", "--api", "v3", "--", sys.executable, "-c", probe]) == 0


def test_the_command_line_refuses_an_unknown_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--api", "v4"])
    assert exit_info.value.code == BAD_INPUT
    assert "argument --api: invalid choice: 'v4'" in capsys.readouterr().err
