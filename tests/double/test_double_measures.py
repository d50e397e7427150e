"""What a test of the write contract measures the double by: its rate limit, request log and state."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import UTC, datetime
from typing import TYPE_CHECKING

import pytest
import requests

from sendcloud_contracts.double import DoubleApp, DoubleServer, Reply, Request
from sendcloud_contracts.double.__main__ import main
from sendcloud_contracts.double.base import DEFAULT_PUBLIC_KEY, DEFAULT_SECRET_KEY, STATE_PATH
from sendcloud_contracts.double.clock import ManualClock, parsed, rendered
from sendcloud_contracts.double.ratelimit import REAL_WRITE_LIMIT, WriteLimit
from sendcloud_contracts.double.requestlog import RequestLog, read_request_log

from .asking import body_of, send, v2_message, v3_errors

if TYPE_CHECKING:
    from pathlib import Path

KEYS = (DEFAULT_PUBLIC_KEY, DEFAULT_SECRET_KEY)
PATCH = "/api/v2/integrations/4711"


def test_writes_are_limited_as_the_real_api_limits_them_by_default() -> None:
    assert DoubleApp().write_limit == REAL_WRITE_LIMIT == WriteLimit(per_second=15, per_minute=100)


def test_the_16th_write_of_a_second_is_429_with_an_empty_body_and_a_second_later_writes_pass() -> None:
    clock = ManualClock()
    app = DoubleApp(clock=clock)
    answered = [send(app, "PATCH", PATCH, {}).status for _ in range(15)]
    # Both versions count against the one account's limit; reads never do.
    throttled = send(app, "PATCH", "/api/v3/integrations/4711", {})
    assert (answered, throttled.status, throttled.body, throttled.headers) == ([200] * 15, 429, b"", {})
    assert send(app, "GET", PATCH).status == 200
    clock.advance(0.999)
    assert send(app, "DELETE", "/api/v2/integrations/5").status == 429
    clock.advance(0.001)
    assert send(app, "DELETE", "/api/v2/integrations/5").status == 204


def test_the_101st_write_of_a_minute_is_429_until_the_first_leaves_the_window() -> None:
    clock = ManualClock()
    app = DoubleApp(clock=clock)
    for _ in range(100):
        assert send(app, "POST", f"{PATCH}/logs", {"base_url": "https://a.example"}).status == 201
        clock.advance(0.5)
    assert send(app, "POST", f"{PATCH}/logs", {"base_url": "https://a.example"}).status == 429
    clock.advance(10.0)
    # The first write was let through 60 s ago: its place is free, and only its.
    assert send(app, "PATCH", PATCH, {}).status == 200
    assert send(app, "PATCH", PATCH, {}).status == 429


def test_a_limit_can_be_changed_or_switched_off() -> None:
    tight = DoubleApp(clock=ManualClock(), write_limit=WriteLimit(per_second=1, per_minute=2))
    assert [send(tight, "PATCH", PATCH, {}).status for _ in range(2)] == [200, 429]
    unlimited = DoubleApp(clock=ManualClock(), write_limit=None)
    assert {send(unlimited, "PATCH", PATCH, {}).status for _ in range(120)} == {200}
    with pytest.raises(ValueError, match="at least one write"):
        WriteLimit.parse("0,100")


def test_credentials_come_before_the_limit_and_refused_writes_change_nothing() -> None:
    app = DoubleApp(clock=ManualClock(), write_limit=WriteLimit(1, 1))
    before = app.state()
    said = v2_message(send(app, "PATCH", PATCH, {"shop_name": "x"}, authorization=None), 401)
    assert said == "Authentication credentials were not provided."
    [error] = v3_errors(send(app, "PATCH", "/api/v3/integrations/4711", {}, authorization="Basic eDp5"), 401)
    assert error["code"] == "authentication_failed"
    assert send(app, "POST", f"{PATCH}/shipments", [], authorization="Bearer nope").status == 401
    assert app.state() == before
    assert send(app, "PATCH", PATCH, {}).status == 200


def test_the_request_log_holds_what_was_answered_and_never_a_header() -> None:
    clock = ManualClock(seconds=100.0)
    app = DoubleApp(clock=clock, write_limit=WriteLimit(1, 100))
    send(app, "GET", "/api/v3/integrations", query="sort=-created_at")
    clock.advance(0.5)
    send(app, "PATCH", PATCH, {"shop_name": "x"})
    send(app, "PATCH", PATCH, {"shop_name": "y"})
    app.handle(Request("POST", "/oauth2/token/", "", {}))
    entries = app.request_log.entries()
    assert [(each.method, each.status, each.write, each.monotonic) for each in entries] == [
        ("GET", 200, False, 100.0),
        ("PATCH", 200, True, 100.5),
        ("PATCH", 429, True, 100.5),
        ("POST", 401, False, 100.5),
    ]
    assert (entries[0].path, entries[0].query) == ("/api/v3/integrations", "sort=-created_at")
    assert [each.status for each in app.request_log.writes()] == [200, 429]
    app.request_log.clear()
    assert app.request_log.entries() == []


def test_the_state_changes_with_writes_only() -> None:
    app = DoubleApp(clock=ManualClock(), write_limit=None)
    before = app.state()
    assert json.loads(json.dumps(before)) == before
    assert set(before["integrations"]) == {"123", "4711", "5", "90210"}
    assert set(before["integrations"]["4711"]) == {
        "integration",
        "feedback_type",
        "shipments",
        "log_count",
        "shop_order_statuses",
        "status_mapping",
    }
    for path in (
        "/api/v2/integrations/4711/shipments",
        "/api/v3/integrations/logs",
        "/api/v3/shop-order-statuses",
    ):
        send(app, "GET", path, query="integration_id=4711")
    assert app.state() == before
    send(app, "PATCH", PATCH, {})
    assert app.state() != before


def test_a_real_server_serves_writes_logs_them_as_json_lines_and_shows_its_state(tmp_path: Path) -> None:
    log = tmp_path / "requests.jsonl"
    app = DoubleApp(write_limit=WriteLimit(2, 100), request_log=RequestLog(log))
    with DoubleServer(app) as double:
        url = f"{double.base_url}/integrations/4711"
        patched = requests.patch(url, json={"shop_name": "Über HTTP"}, auth=KEYS, timeout=5)
        assert (patched.status_code, patched.json()["shop_name"]) == (200, "Über HTTP")
        statuses = [
            requests.delete(f"{double.origin}/api/v3/integrations/5", auth=KEYS, timeout=5) for _ in range(2)
        ]
        assert [(each.status_code, each.content) for each in statuses] == [(204, b""), (429, b"")]
        state = requests.get(double.origin + STATE_PATH, timeout=5)
        assert state.json() == app.state()
        assert state.json()["integrations"]["4711"]["integration"]["shop_name"] == "Über HTTP"
        assert requests.post(double.origin + STATE_PATH, timeout=5).status_code == 405
    lines = log.read_text(encoding="utf-8").splitlines()
    # The state is the double's, not the API's: never logged.
    assert [json.loads(line)["status"] for line in lines] == [200, 204, 429]
    written = log.read_text(encoding="utf-8")
    assert "Authorization" not in written
    assert "Basic" not in written
    assert read_request_log(log) == app.request_log.entries()


def test_the_command_line_switches_the_account_and_appends_the_request_log(tmp_path: Path) -> None:
    log = tmp_path / "requests.jsonl"
    probe = (
        "import os, requests; base = os.environ['SENDCLOUD_BASE_URL'];"
        " keys = (os.environ['SENDCLOUD_PUBLIC_KEY'], os.environ['SENDCLOUD_SECRET_KEY']);"
        " url = base + '/integrations/4711/shipments';"
        " print(*(requests.post(url, json=[], auth=keys, timeout=5).status_code for _ in range(3)))"
    )
    command = [sys.executable, "-m", "sendcloud_contracts.double", "--port", "0", "--request-log", str(log)]
    flags = ["--not-official-partner", "--write-limit", "2,10", "--no-order-statuses"]
    result = subprocess.run(
        [*command, *flags, "--", sys.executable, "-c", probe], capture_output=True, text=True, timeout=60
    )
    assert (result.returncode, result.stdout.split()) == (0, ["403", "403", "429"]), result.stderr
    assert [(each.method, each.status, each.write) for each in read_request_log(log)] == [
        ("POST", 403, True),
        ("POST", 403, True),
        ("POST", 429, True),
    ]


def test_the_command_line_refuses_an_unreadable_limit(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["--write-limit", "lots"])
    assert exited.value.code != 0
    assert "expected PER_SECOND,PER_MINUTE (both 1 or more), got 'lots'" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("instant", "written"),
    [
        (datetime(2026, 3, 29, 0, 59, 59, tzinfo=UTC), "2026-03-29T01:59:59+01:00"),
        (datetime(2026, 3, 29, 1, 0, tzinfo=UTC), "2026-03-29T03:00:00+02:00"),
        (datetime(2026, 10, 25, 0, 59, 59, 5, tzinfo=UTC), "2026-10-25T02:59:59.000005+02:00"),
        (datetime(2026, 10, 25, 1, 0, tzinfo=UTC), "2026-10-25T02:00:00+01:00"),
    ],
)
def test_instants_are_written_in_amsterdams_offset_across_summer_time(
    instant: datetime, written: str
) -> None:
    assert rendered(instant) == written
    assert parsed(written) == instant


def test_a_date_time_without_an_offset_is_read_as_amsterdams_local_time() -> None:
    assert parsed("2026-07-01T12:00:00") == datetime(2026, 7, 1, 10, 0, tzinfo=UTC)
    assert parsed("2026-07-01") is None


def _never_answering(request: Request, app: DoubleApp) -> Reply:
    return Reply(0, withheld=True)


def test_a_withheld_answer_is_logged_without_a_status() -> None:
    app = DoubleApp(clock=ManualClock(), behaviour=_never_answering)
    send(app, "GET", PATCH)
    assert [each.status for each in app.request_log.entries()] == [None]
    assert body_of(send(DoubleApp(), "GET", PATCH))["id"] == 4711
