"""The guard at the transport: a read run sends no write, a write run only those of its list, each
journaled before it leaves, paced under the API's limit, never more than the run's budget."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import pytest
import requests

from sendcloud_contracts.dialects import v2, v3
from sendcloud_contracts.exitcodes import BAD_INPUT, StopRun
from sendcloud_contracts.http.write_permit import ReadsOnly
from sendcloud_contracts.writes.guard import RESTORE_RESERVE, BudgetSpent, WriteGuard, WritePace
from sendcloud_contracts.writes.journal import Journal, read_journal
from sendcloud_contracts.writes.plan import WritePlan

if TYPE_CHECKING:
    from pathlib import Path

BASE = "https://panel.sendcloud.sc/api/v2"
TOKEN = "https://account.sendcloud.com/oauth2/token/"
PLAN = WritePlan(v2.DIALECT, "/api/v2", 123, 1000123, "abc")
V3_PLAN = WritePlan(v3.DIALECT, "/api/v3", 123, 1000123, "abc")


def prepared(method: str, url: str, body: object = None) -> requests.PreparedRequest:
    data = None if body is None else json.dumps(body)
    return requests.Request(method, url, data=data).prepare()


@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH", "DELETE"])
def test_a_read_run_sends_no_write_whatever_built_it(method: str) -> None:
    with pytest.raises(StopRun) as stopped:
        ReadsOnly().admit(prepared(method, f"{BASE}/integrations/123"), TOKEN)
    assert stopped.value.returncode == BAD_INPUT
    assert (
        f"refused to send {method} /api/v2/integrations/123: a read run sends no writes"
        in stopped.value.message
    )


def test_a_read_run_reads_and_asks_for_its_token() -> None:
    for method in ("GET", "HEAD", "OPTIONS", "TRACE"):
        ReadsOnly().admit(prepared(method, f"{BASE}/integrations/123"), TOKEN)
    ReadsOnly().admit(prepared("POST", TOKEN), TOKEN)
    with pytest.raises(StopRun):
        ReadsOnly().admit(prepared("POST", TOKEN), None)


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("PUT", "/api/v2/integrations/123"),
        ("PATCH", "/api/v2/integrations/123/"),
        ("DELETE", "/api/v2/integrations/1000123"),
        ("POST", "/api/v2/integrations/123/shipments"),
        ("POST", "/api/v2/integrations/123/shipments/delete"),
        ("POST", "/api/v2/integrations/123/logs"),
    ],
)
def test_each_write_of_the_list_goes_to_the_named_integration(method: str, path: str) -> None:
    assert PLAN.refusal(method, path, b"{}") is None


@pytest.mark.parametrize(
    ("method", "path", "why"),
    [
        ("PUT", "/api/v2/integrations/4711", "targets integration 4711, and this run may change 123 only"),
        ("DELETE", "/api/v2/integrations/123", "may change 123 (and delete only 1000123, an id the account"),
        ("POST", "/api/v2/integrations/4711/shipments", "targets integration 4711"),
        ("POST", "/api/v2/integrations", "is no write of the run's list"),
        ("PATCH", "/api/v3/integrations/123", "is outside the API (/api/v2)"),
        ("POST", "/api/v2/integrations/123/logs/7", "is no write of the run's list"),
    ],
)
def test_a_write_off_the_list_is_refused_saying_why(method: str, path: str, why: str) -> None:
    refusal = PLAN.refusal(method, path, b"{}")
    assert refusal is not None
    assert why in refusal


def test_a_target_named_in_the_body_is_read() -> None:
    path = "/api/v3/shop-order-statuses"
    assert V3_PLAN.refusal("POST", path, json.dumps({"integration_id": 123}).encode()) is None
    for body in (b'{"integration_id": 4711}', b'{"integration_id": true}', b"[]", b"not json", None):
        refusal = V3_PLAN.refusal("POST", path, body)
        assert refusal is not None
        assert "this run may change 123 only" in refusal
    assert V3_PLAN.refusal("PUT", "/api/v3/integrations/123", b"{}") is not None, "v3 has no PUT"


def test_what_a_run_creates_carries_its_id() -> None:
    assert PLAN.created_id(3) == "sc-contracts-abc-3"
    assert PLAN.created_id(3).startswith(PLAN.created_prefix)


def guard(tmp_path: Path, budget: int = 150) -> WriteGuard:
    journal = Journal.start(tmp_path, {"snapshot": {"settings": {}}})
    return WriteGuard(PLAN, journal, WritePace(per_second=10**6, per_minute=10**6), budget)


def test_a_write_is_journaled_before_it_leaves_and_a_refused_one_never(tmp_path: Path) -> None:
    checked = guard(tmp_path)
    checked.admit(prepared("PATCH", f"{BASE}/integrations/123", {"webhook_active": True}), TOKEN)
    with pytest.raises(StopRun) as stopped:
        checked.admit(prepared("PATCH", f"{BASE}/integrations/4711", {"webhook_active": True}), TOKEN)
    assert "refused a write before it was sent" in stopped.value.message
    checked.admit(prepared("GET", f"{BASE}/integrations/4711"), TOKEN)
    recorded = read_journal(tmp_path / "journal.jsonl")
    assert recorded is not None
    assert not recorded.restored
    assert [(write["method"], write["path"]) for write in recorded.writes] == [
        ("PATCH", "/api/v2/integrations/123")
    ]
    assert recorded.writes[0]["body"] == '{"webhook_active": true}'
    assert checked.sent == 1


def test_the_sequences_stop_before_the_restores_reserve_and_the_run_at_its_budget(tmp_path: Path) -> None:
    checked = guard(tmp_path, budget=RESTORE_RESERVE + 2)
    write = prepared("PATCH", f"{BASE}/integrations/123", {})
    checked.admit(write, TOKEN)
    checked.admit(write, TOKEN)
    with pytest.raises(BudgetSpent):
        checked.admit(write, TOKEN)
    checked.restoring = True
    for _ in range(RESTORE_RESERVE):
        checked.admit(write, TOKEN)
    with pytest.raises(StopRun) as stopped:
        checked.admit(write, TOKEN)
    assert "writes are spent" in stopped.value.message
    assert "writes-restore" in stopped.value.message
    assert WriteGuard(PLAN, checked.journal, checked.pace, budget=500).budget == 150


def test_the_pace_keeps_under_a_second_and_a_minute() -> None:
    now = [0.0]
    slept: list[float] = []

    def sleep(seconds: float) -> None:
        slept.append(seconds)
        now[0] += seconds

    pace = WritePace(per_second=2, per_minute=3, clock=lambda: now[0], sleep=sleep)
    for _ in range(4):
        pace.wait()
    # Two at once, the third a second later, the fourth a minute after the first.
    assert slept[0] == pytest.approx(1.0)
    assert now[0] == pytest.approx(60.0)


def test_a_journal_cut_off_by_a_kill_reads_up_to_its_last_whole_line(tmp_path: Path) -> None:
    journal = Journal.start(tmp_path, {"integration_id": 123, "snapshot": {"settings": {}}})
    journal.write("PATCH", "/api/v2/integrations/123", b"{}")
    with journal.path.open("a") as handle:
        handle.write('{"kind": "write", "number": 2, "meth')
    recorded = read_journal(journal.path)
    assert recorded is not None
    assert len(recorded.writes) == 1
    journal.restored(["still different"])
    assert not read_journal(journal.path).restored  # type: ignore[union-attr]
    journal.restored([])
    assert read_journal(journal.path).restored  # type: ignore[union-attr]
    assert read_journal(tmp_path / "absent.jsonl") is None
