"""The run header: where a run goes, how it generates, and what it leaves out and why.

Composed here rather than in `suite.py` because each part comes from the feature that decides it
(the walks, sorting, the comparisons), and those features read the run's `SuiteState`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sendcloud_contracts.pytest_plugin import agreement, consistency, page_walk, sorting
from sendcloud_contracts.pytest_plugin.schemathesis_setup import unsent_header

if TYPE_CHECKING:
    from sendcloud_contracts.pytest_plugin.suite import SuiteState


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
    return [
        first,
        aimed,
        *state.generation.header(),
        *unsent_header(state.spec),
        *page_walk.header(state.spec, state.max_pages),
        *sorting.header(state.spec),
        *consistency.header(state.spec),
        *agreement.header(state.spec, state.target),
    ]
