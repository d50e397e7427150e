"""The write contract's pytest fixture: a `WriteSession` opened before the test, closed after it.

Registered by the suite's plugin for every run; only `contracts/test_writes.py` asks for it, and only
a run given `--writes` selects that test. Opening reads before it writes; closing restores the account
and reads it back, however the test ended (a failure, Ctrl-C): pytest tears fixtures down at the
end of an interrupted session too. What could not be restored is a failure of the run, and the
journal beside the reports holds what `python -m sendcloud_contracts.writes.restore` needs.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import pytest
from requests.auth import HTTPBasicAuth

from sendcloud_contracts.http.settings import Mode
from sendcloud_contracts.http.write_permit import ReadsOnly
from sendcloud_contracts.pytest_plugin.suite import SUITE_STATE
from sendcloud_contracts.rules import writes as rules
from sendcloud_contracts.writes import account
from sendcloud_contracts.writes.guard import RESTORE_RESERVE, WriteGuard, WritePace
from sendcloud_contracts.writes.journal import Journal
from sendcloud_contracts.writes.plan import WritePlan
from sendcloud_contracts.writes.requests_api import WriteApi
from sendcloud_contracts.writes.session import WriteSession, first_read

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

    import requests
    from requests.auth import AuthBase

    from sendcloud_contracts.http.session import Network
    from sendcloud_contracts.http.settings import Target
    from sendcloud_contracts.rules.contract_run import ContractRun
    from sendcloud_contracts.spec import Spec

# What a recording's run calls itself in what it creates: the same on every recording.
RECORDED_RUN = "recorded"
# How far above the account's ids the id a run deletes lies.
ABSENT_OFFSET = 1_000_000


@pytest.fixture
def write_session(
    pytestconfig: pytest.Config,
    contract_spec: Spec,
    contract_target: Target,
    contract_session: requests.Session,
    contract_auth: AuthBase,
    contract_network: Network,
    contract_run: ContractRun,
    contract_report_dir: Path,
) -> Iterator[WriteSession]:
    state = pytestconfig.stash[SUITE_STATE]
    api = WriteApi(
        contract_session,
        contract_auth,
        contract_target.base_url,
        contract_spec,
        state.write_integration_id,
        run=contract_run,
    )
    first_read(api)
    live = state.mode is Mode.LIVE
    plan = WritePlan(
        contract_spec.dialect,
        urlsplit(contract_target.base_url).path.rstrip("/"),
        api.integration_id,
        absent_id(api),
        f"{int(time.time()) % 16**6:06x}" if live else RECORDED_RUN,
    )
    snapshot = account.read(api)
    journal = Journal.start(
        contract_report_dir,
        {
            "api": contract_spec.dialect.name,
            "base_url": contract_target.base_url,
            "document": str(state.spec_path),
            "integration_id": plan.integration_id,
            "absent_id": plan.absent_id,
            "run_id": plan.run_id,
            "created_prefix": plan.created_prefix,
            "snapshot": snapshot.as_json(),
        },
    )
    replaying = state.mode is Mode.REPLAY
    pace = (
        WritePace(sleep=lambda _seconds: None, per_second=10**9, per_minute=10**9)
        if replaying
        else WritePace()
    )
    guard = contract_network.permit = WriteGuard(plan, journal, pace)
    wrong = HTTPBasicAuth(contract_target.credentials.public_key, "sc-contracts-wrong-secret")
    session = WriteSession(api, plan, snapshot, journal, wrong)
    guard.reserve = lambda: RESTORE_RESERVE + len(session.leftover())
    try:
        yield session
    finally:
        try:
            found = session.close(guard)
            contract_run.notes.extend(session.notes)
            read_back = api.get(contract_spec.dialect.writes.item_path)
            api.hold(read_back, contract_spec.dialect.writes.item_path, found, rules.LEFT_AS_FOUND)
        finally:
            contract_network.permit = ReadsOnly()


def absent_id(api: WriteApi) -> int:
    """An id the account does not have, well above its own, asked to be sure: the one id a run deletes."""
    ids = [int(item["id"]) for item in api.listed()[1] if isinstance(item.get("id"), int)]
    candidate = max([api.integration_id, *ids]) + ABSENT_OFFSET
    while api.session.get(api.url(api.dialect.writes.item_path, candidate), auth=api.auth).status_code != 404:
        candidate += 1
    return candidate
