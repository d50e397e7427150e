"""Every catalogue entry makes the double do what its description claims, and nothing else."""

from __future__ import annotations

import base64
import gzip
import json
import math
import sys
import threading
import time
from datetime import datetime
from typing import TYPE_CHECKING, Any

import pytest
import requests
import yaml

from sendcloud_contracts import schemas
from sendcloud_contracts.double import DoubleApp, DoubleServer, Reply, Request
from sendcloud_contracts.double.__main__ import main
from sendcloud_contracts.double.catalogue.faults import (
    CATALOGUE,
    FAULTS,
    VALID_VARIATIONS,
    Kind,
    playing,
    variant,
)
from sendcloud_contracts.double.catalogue.variations import (
    NULLABLE_FIELDS,
    REQUIRED_FIELDS,
    THROTTLED_REQUESTS,
)
from sendcloud_contracts.double.data import SEEDED_INTEGRATIONS
from sendcloud_contracts.exitcodes import BAD_INPUT

from ..conftest import ROOT
from .test_auth_faults import AUTH_FAULT_EXPECTATIONS
from .test_list_faults import LIST_FAULT_EXPECTATIONS, LIST_VARIATION_EXPECTATIONS
from .test_listing_faults import LISTING_EXPECTATIONS
from .test_v3_agreement import V3_AGREEMENT_EXPECTATIONS
from .test_v3_faults import V3_FAULT_EXPECTATIONS
from .test_v3_variations import V3_VARIATION_EXPECTATIONS
from .test_write_faults import WRITE_FAULT_EXPECTATIONS
from .test_write_variations import WRITE_VARIATION_EXPECTATIONS

if TYPE_CHECKING:
    from collections.abc import Callable

SEEDED_IDS = tuple(integration["id"] for integration in SEEDED_INTEGRATIONS)
UNKNOWN_ID = 6
GOOD_AUTH = "Basic " + base64.b64encode(b"double-public-key:double-secret-key").decode()
WRONG_AUTH = "Basic " + base64.b64encode(b"double-public-key:wrong").decode()
# A hanging double must let go of its clients at once when it stops, not after a client timeout.
PROMPT_STOP_SECONDS = 2.0

_SPEC = yaml.safe_load((ROOT / "spec" / "integrations.yaml").read_text())
INTEGRATION_SCHEMA = schemas.validator(_SPEC["components"]["schemas"]["Integration"])


def get(app: DoubleApp, raw_id: object, authorization: str | None = GOOD_AUTH, method: str = "GET") -> Reply:
    headers = {} if authorization is None else {"Authorization": authorization}
    return app.handle(Request(method, f"/api/v2/integrations/{raw_id}", "", headers))


def body(reply: Reply) -> Any:
    return json.loads(reply.body)


def integrations(app: DoubleApp) -> list[dict[str, Any]]:
    replies = [get(app, integration_id) for integration_id in SEEDED_IDS]
    assert [reply.status for reply in replies] == [200] * len(SEEDED_IDS)
    return [body(reply) for reply in replies]


def every_integration(check: Callable[[dict[str, Any]], bool]) -> Callable[[DoubleApp], None]:
    def expectation(app: DoubleApp) -> None:
        for integration in integrations(app):
            assert check(integration), integration

    return expectation


def field_is(field: str, value: object) -> Callable[[DoubleApp], None]:
    return every_integration(
        lambda integration: integration[field] == value and type(integration[field]) is type(value)
    )


def field_missing(field: str) -> Callable[[DoubleApp], None]:
    return every_integration(lambda integration: field not in integration and len(integration) == 10)


def not_iso_timestamp(field: str, value: str) -> Callable[[DoubleApp], None]:
    def expectation(app: DoubleApp) -> None:
        field_is(field, value)(app)
        with pytest.raises(ValueError, match=r"Invalid isoformat string|out of range"):
            datetime.fromisoformat(value)

    return expectation


def not_found(check: Callable[[Reply], bool]) -> Callable[[DoubleApp], None]:
    def expectation(app: DoubleApp) -> None:
        reply = get(app, UNKNOWN_ID)
        assert check(reply), (reply.status, reply.headers, reply.body)
        integrations(app)  # known ids stay untouched

    return expectation


def envelope_error_is(field: str, value: object) -> Callable[[DoubleApp], None]:
    return not_found(lambda reply: reply.status == 404 and body(reply)["error"].get(field) == value)


def large_ids_fail(app: DoubleApp) -> None:
    for large_id in (2**31, -(2**40), 4678878998692658463463440384):
        reply = get(app, large_id)
        assert reply.status == 500
        assert reply.headers["Content-Type"].startswith("text/html")
        assert reply.body.startswith(b"<!doctype html>")
    assert get(app, 2**31 - 1).status == 404


def unknown_ids_served(app: DoubleApp) -> None:
    assert (get(app, UNKNOWN_ID).status, body(get(app, UNKNOWN_ID))["id"]) == (200, UNKNOWN_ID)
    assert (get(app, "abc").status, body(get(app, "abc"))["id"]) == (200, "abc")


def forbidden(app: DoubleApp) -> None:
    reply = get(app, UNKNOWN_ID)
    assert reply.status == 403
    assert body(reply) == {
        "error": {"code": 403, "request": f"api/v2/integrations/{UNKNOWN_ID}", "message": "Forbidden."}
    }


def content_type(reply_of: Callable[[DoubleApp], Reply], expected: str) -> Callable[[DoubleApp], None]:
    def expectation(app: DoubleApp) -> None:
        reply = reply_of(app)
        assert reply.headers["Content-Type"] == expected
        body(reply)  # still JSON: only the label is wrong

    return expectation


def credentials_ignored(*, without_credentials: int) -> Callable[[DoubleApp], None]:
    def expectation(app: DoubleApp) -> None:
        assert get(app, 123, WRONG_AUTH).status == 200
        assert get(app, 123, "Bearer not-a-token").status == 200
        assert get(app, 123, authorization=None).status == without_credentials

    return expectation


def withheld(app: DoubleApp) -> None:
    assert get(app, 123).withheld
    assert get(app, 123, method="OPTIONS").withheld
    token = app.handle(Request("POST", "/oauth2/token/", "", {}))
    assert not token.withheld


def another_integration(app: DoubleApp) -> None:
    served = [integration["id"] for integration in integrations(app)]
    assert sorted(served) == sorted(SEEDED_IDS)
    assert all(served_id != asked for served_id, asked in zip(served, SEEDED_IDS, strict=True))


def text_at_limits(integration: dict[str, Any]) -> bool:
    shop_name, system = integration["shop_name"], integration["system"]
    multibyte = len(shop_name.encode()) > 250 and len(system.encode()) > 50
    return len(shop_name) == 250 and len(system) == 50 and multibyte


def timestamps_with_offsets(integration: dict[str, Any]) -> bool:
    stamps = [integration[name] for name in ("failing_since", "last_fetch", "last_updated_at")]
    offsets = {datetime.fromisoformat(stamp).utcoffset() for stamp in stamps}
    return None not in offsets and len(offsets) == 3


def pretty_printed(app: DoubleApp) -> None:
    reply = get(app, 4711)
    assert reply.body.startswith(b'{\n  "')
    assert body(reply) == body(
        DoubleApp().handle(Request("GET", "/api/v2/integrations/4711", "", {"Authorization": GOOD_AUTH}))
    )


def throttled(retry_after: str | None) -> Callable[[DoubleApp], None]:
    def expectation(app: DoubleApp) -> None:
        assert get(app, 123, method="OPTIONS").status == 200, "probes are not throttled"
        for _ in range(THROTTLED_REQUESTS):
            reply = get(app, 123)
            assert (reply.status, reply.body, reply.headers.get("Retry-After")) == (429, b"", retry_after)
        integrations(app)

    return expectation


def nan_in_undocumented_field(app: DoubleApp) -> None:
    for integration_id in SEEDED_IDS:
        raw = get(app, integration_id).body
        assert raw.endswith(b',"fill_rate":NaN}'), raw
        assert math.isnan(json.loads(raw)["fill_rate"]), "Python reads it; JavaScript and Go do not"


def latin1_shop_name(app: DoubleApp) -> None:
    raw = get(app, 123).body
    assert b'"shop_name":"M\xfcller Integration #1"' in raw
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")


def server_error_every_seventh(app: DoubleApp) -> None:
    statuses = [get(app, SEEDED_IDS[number % len(SEEDED_IDS)]).status for number in range(1, 22)]
    assert [number for number, status in enumerate(statuses, 1) if status == 500] == [7, 14, 21]
    assert get(app, UNKNOWN_ID).status == 404, "unknown ids do not count"
    assert body(get(app, 123, method="OPTIONS"))["name"] == "Integration"


def api_elsewhere(app: DoubleApp) -> None:
    for raw_id in (123, UNKNOWN_ID):
        reply = get(app, raw_id)
        assert (reply.status, reply.headers["Content-Type"]) == (404, "text/html; charset=utf-8")
    assert app.handle(Request("POST", "/oauth2/token/", "", {})).status == 401, "the token endpoint works"


def gzip_encoded(app: DoubleApp) -> None:
    reply = get(app, 123)
    assert reply.headers["Content-Encoding"] == "gzip"
    assert json.loads(gzip.decompress(reply.body))["id"] == 123
    assert get(app, 123).body == reply.body, "the same body compresses to the same bytes"


EXPECTATIONS: dict[str, Callable[[DoubleApp], None]] = {
    "missing-shop-name": field_missing("shop_name"),
    "missing-system": field_missing("system"),
    "missing-last-updated-at": field_missing("last_updated_at"),
    "null-shop-name": field_is("shop_name", None),
    "null-system": field_is("system", None),
    "null-last-updated-at": field_is("last_updated_at", None),
    "null-service-point-enabled": field_is("service_point_enabled", None),
    "null-service-point-carriers": field_is("service_point_carriers", None),
    "timestamp-without-offset": every_integration(
        lambda integration: datetime.fromisoformat(integration["last_updated_at"]).tzinfo is None
    ),
    "timestamp-impossible": not_iso_timestamp("last_fetch", "2020-02-30T25:61:00Z"),
    "timestamp-malformed": not_iso_timestamp("failing_since", "03/06/2020 13:27"),
    "id-as-string": every_integration(
        lambda integration: integration["id"] in {str(id_) for id_ in SEEDED_IDS}
    ),
    "carriers-as-string": every_integration(
        lambda integration: isinstance(integration["service_point_carriers"], str)
    ),
    "boolean-as-string": every_integration(
        lambda integration: integration["webhook_active"] in ("true", "false")
    ),
    "empty-shop-name": field_is("shop_name", ""),
    "shop-name-too-long": every_integration(lambda integration: len(integration["shop_name"]) == 251),
    "system-too-long": every_integration(lambda integration: len(integration["system"]) == 51),
    "id-zero": field_is("id", 0),
    "wrong-integration": another_integration,
    "not-found-detail-body": not_found(
        lambda reply: reply.status == 404 and body(reply) == {"detail": "Not found."}
    ),
    "envelope-without-message": not_found(lambda reply: body(reply)["error"].keys() == {"code", "request"}),
    "envelope-code-as-string": envelope_error_is("code", "404"),
    "envelope-code-disagrees": envelope_error_is("code", 400),
    "envelope-request-leading-slash": envelope_error_is("request", f"/api/v2/integrations/{UNKNOWN_ID}"),
    "envelope-request-wrong-path": envelope_error_is("request", f"api/v2/parcels/{UNKNOWN_ID}"),
    "html-not-found-page": not_found(
        lambda reply: (
            reply.status == 404
            and b"<h1>Not Found</h1>" in reply.body
            and reply.headers["Content-Type"] == "text/html; charset=utf-8"
        )
    ),
    "server-error-for-large-ids": large_ids_fail,
    "ok-for-unknown-ids": unknown_ids_served,
    "forbidden-for-unknown-ids": forbidden,
    "integration-as-text-html": content_type(lambda app: get(app, 123), "text/html; charset=utf-8"),
    "envelope-as-text-plain": content_type(lambda app: get(app, UNKNOWN_ID), "text/plain"),
    "auth-ignored": credentials_ignored(without_credentials=200),
    "wrong-credentials-accepted": credentials_ignored(without_credentials=401),
    **AUTH_FAULT_EXPECTATIONS,
    "never-answers": withheld,
    "nan-in-undocumented-field": nan_in_undocumented_field,
    "invalid-utf8-shop-name": latin1_shop_name,
    "intermittent-server-error": server_error_every_seventh,
    "wrong-base-path": api_elsewhere,
    **LIST_FAULT_EXPECTATIONS,
    "all-nullable-null": every_integration(
        lambda integration: all(integration[name] is None for name in NULLABLE_FIELDS)
    ),
    "required-fields-only": every_integration(lambda integration: tuple(integration) == REQUIRED_FIELDS),
    "unknown-extra-fields": every_integration(
        lambda integration: {"integration_type", "feature_flags"} <= set(integration)
    ),
    "timestamps-with-offsets": every_integration(timestamps_with_offsets),
    "multibyte-text-at-limits": every_integration(text_at_limits),
    "json-with-charset": content_type(lambda app: get(app, 123), "application/json; charset=utf-8"),
    "pretty-printed-json": pretty_printed,
    "throttled-without-retry-after": throttled(None),
    "throttled-with-retry-after": throttled("1"),
    "throttled-with-unreadable-retry-after": throttled("1.5"),
    "gzip-encoded": gzip_encoded,
    **LIST_VARIATION_EXPECTATIONS,
    **LISTING_EXPECTATIONS,
    **V3_FAULT_EXPECTATIONS,
    **V3_VARIATION_EXPECTATIONS,
    **V3_AGREEMENT_EXPECTATIONS,
    **WRITE_FAULT_EXPECTATIONS,
    **WRITE_VARIATION_EXPECTATIONS,
}


def test_the_catalogue_holds_enough_faults_and_valid_variations() -> None:
    assert len(FAULTS) >= 25
    assert len(VALID_VARIATIONS) >= 8
    assert {entry.kind for entry in FAULTS} == {Kind.FAULT}
    assert {entry.kind for entry in VALID_VARIATIONS} == {Kind.VALID}
    assert len({entry.name for entry in CATALOGUE}) == len(CATALOGUE)


def test_every_entry_has_an_expectation_here() -> None:
    assert list(EXPECTATIONS) == [entry.name for entry in CATALOGUE]


@pytest.mark.parametrize("name", [entry.name for entry in CATALOGUE])
def test_entry_does_what_it_claims(name: str) -> None:
    assert variant(name).description
    EXPECTATIONS[name](playing(name))


@pytest.mark.parametrize("name", [entry.name for entry in FAULTS])
def test_every_fault_says_how_a_failure_must_name_it(name: str) -> None:
    assert all(fragment.strip() for fragment in variant(name).caught_by)


def test_every_entry_names_the_exit_code_a_suite_must_end_with() -> None:
    codes = {entry.name: entry.expected_exit_code for entry in CATALOGUE}
    assert codes["never-answers"] == 75
    assert codes["wrong-base-path"] == 4
    assert codes["missing-shop-name"] == codes["intermittent-server-error"] == 1
    assert {codes[entry.name] for entry in CATALOGUE if entry.kind is Kind.VALID} == {0}


@pytest.mark.parametrize(
    "name", [entry.name for entry in VALID_VARIATIONS if not entry.name.startswith("throttled")]
)
def test_valid_variation_keeps_the_documented_schema(name: str) -> None:
    app = playing(name)
    for integration in integrations(app):
        errors = [error.message for error in INTEGRATION_SCHEMA.iter_errors(integration)]
        assert errors == []
    reply = get(app, UNKNOWN_ID)
    assert (reply.status, body(reply)["error"]["code"]) == (404, 404)


def test_throttling_counts_per_double() -> None:
    first, second = (
        playing("throttled-with-retry-after"),
        playing("throttled-with-retry-after"),
    )
    for _ in range(THROTTLED_REQUESTS):
        get(first, 123)
    assert get(first, 123).status == 200
    assert get(second, 123).status == 429


def test_an_unknown_variant_names_the_known_ones() -> None:
    with pytest.raises(
        ValueError, match=r"unknown fault or variation 'nope'; expected one of: missing-shop-name"
    ):
        playing("nope")


def test_a_plain_double_plays_no_variant() -> None:
    app = DoubleApp()
    assert app.behaviour is None
    assert get(app, 123).status == 200


def test_throttling_over_http_sends_retry_after() -> None:
    with DoubleServer(playing("throttled-with-retry-after")) as double:
        url = f"{double.base_url}/integrations/123"
        statuses = [requests.get(url, headers={"Authorization": GOOD_AUTH}, timeout=5) for _ in range(3)]
    assert [(reply.status_code, reply.headers.get("Retry-After")) for reply in statuses] == [
        (429, "1"),
        (429, "1"),
        (200, None),
    ]


def test_a_hanging_double_never_answers() -> None:
    with DoubleServer(playing("never-answers")) as double, pytest.raises(requests.ReadTimeout):
        requests.get(f"{double.base_url}/integrations/123", headers={"Authorization": GOOD_AUTH}, timeout=0.3)


def test_a_hanging_double_stops_promptly_and_lets_its_clients_go() -> None:
    double = DoubleServer(playing("never-answers")).start()
    outcome: list[BaseException] = []

    def client() -> None:
        try:
            requests.get(
                f"{double.base_url}/integrations/123", headers={"Authorization": GOOD_AUTH}, timeout=30
            )
        except requests.RequestException as error:
            outcome.append(error)

    waiting = threading.Thread(target=client)
    waiting.start()
    deadline = time.monotonic() + 5
    while not double.requests and time.monotonic() < deadline:
        time.sleep(0.01)
    assert double.requests, "the client never reached the double"

    started = time.monotonic()
    double.stop()
    waiting.join(PROMPT_STOP_SECONDS)
    assert time.monotonic() - started < PROMPT_STOP_SECONDS
    assert not waiting.is_alive(), "the client still waits on a stopped double"
    assert [type(error) for error in outcome] == [requests.ConnectionError]


def test_cli_lists_every_fault_and_variation(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--list-faults"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split()[:2] for line in lines] == [[str(entry.kind), entry.name] for entry in CATALOGUE]


def test_cli_rejects_an_unknown_fault(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--fault", "nope"])
    assert exit_info.value.code == BAD_INPUT
    assert "argument --fault: invalid choice: 'nope'" in capsys.readouterr().err


def test_cli_serves_the_fault_to_the_command_it_runs() -> None:
    probe = (
        "import os, requests;"
        "reply = requests.get(os.environ['SENDCLOUD_BASE_URL'] + '/integrations/123', timeout=5,"
        " auth=(os.environ['SENDCLOUD_PUBLIC_KEY'], os.environ['SENDCLOUD_SECRET_KEY']));"
        "raise SystemExit(0 if 'system' not in reply.json() else 3)"
    )
    assert main(["--port", "0", "--fault", "missing-system", "--", sys.executable, "-c", probe]) == 0
    assert main(["--port", "0", "--", sys.executable, "-c", probe]) == 3
