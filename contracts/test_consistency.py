"""Consistency between operations: the list holds each known integration as GET /integrations/{id} does."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sendcloud_contracts.pytest_plugin.consistency import compare

if TYPE_CHECKING:
    from requests.auth import AuthBase

    from sendcloud_contracts.http.settings import Target
    from sendcloud_contracts.rules.contract_run import ContractRun


def test_list_agrees_with_each_integration(
    contract_target: Target,
    contract_auth: AuthBase,
    contract_run: ContractRun,
    contract_preflight: tuple[int, ...],
) -> None:
    """The list once, against the preflight's answer for each known id, on the fields both carry.

    The timestamps Sendcloud moves on its own (`last_fetch`, `failing_since`, `last_updated_at`)
    are not compared; a known id missing from the list fails, as the list is not paginated.
    """
    compare(contract_run, contract_target, contract_auth)
