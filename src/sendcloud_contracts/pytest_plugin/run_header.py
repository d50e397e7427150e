"""The run header: where a run goes, how it generates, and what it leaves out and why.

Composed here rather than in `suite.py` because each part comes from the feature that decides it
(the walks, sorting, the comparisons), and those features read the run's `SuiteState`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sendcloud_contracts.defaults import MOST_WRITES
from sendcloud_contracts.pytest_plugin import agreement, consistency, page_walk, sorting
from sendcloud_contracts.pytest_plugin.schemathesis_setup import unsent_header

if TYPE_CHECKING:
    from sendcloud_contracts.pytest_plugin.suite import SuiteState


def writes_header(state: SuiteState) -> list[str]:
    """What a write run may change, and how it leaves the account."""
    return [
        f"sendcloud-contracts: writes to integration {state.write_integration_id} only "
        f"(SENDCLOUD_WRITE_INTEGRATION_ID), at most {MOST_WRITES} writes, paced under the API's limit; "
        "the account is restored and read back at the end, every write journaled before it is sent"
    ]


def run_header(state: SuiteState, *, contract_run: bool) -> list[str]:
    """Where the run goes; for the contract suite also how it generates and what it never sends."""
    where = f"spec {state.spec_path}, cassettes {state.cassette_dir}"
    first = f"sendcloud-contracts: {state.mode} mode, {where}"
    # Only a contract run reads the spec; a bad one is reported once, at collection.
    if not contract_run or not state.resolve():
        return [first]
    target = state.target
    ids = ", ".join(str(item) for item in target.integration_ids)
    # Where the requests go, before any is sent: a live run against the wrong account is stopped here.
    aimed = f"sendcloud-contracts: target {target.base_url} ({target.auth}), integration ids {ids}"
    if state.writes:
        return [first, aimed, *writes_header(state)]
    return [
        first,
        aimed,
        *state.generation.header(),
        *unsent_header(state.spec),
        "sendcloud-contracts: the write contract (contracts/test_writes.py) runs only with --writes",
        *page_walk.header(state.spec, state.max_pages),
        *sorting.header(state.spec),
        *consistency.header(state.spec),
        *agreement.header(state.spec, state.target),
    ]
