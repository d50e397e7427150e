"""A list sorts as asked: each documented sort key, ascending and descending."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sendcloud_contracts.pytest_plugin.sorting import check

if TYPE_CHECKING:
    import schemathesis
    from requests.auth import AuthBase

    from sendcloud_contracts.http.settings import Target
    from sendcloud_contracts.pytest_plugin.sorting import SortOrder
    from sendcloud_contracts.rules.contract_run import ContractRun


def test_sort_is_honoured(
    sort_order: SortOrder,
    contract_schema: schemathesis.BaseSchema,
    contract_target: Target,
    contract_auth: AuthBase,
    contract_run: ContractRun,
) -> None:
    """Each item at or after the one before it by the key's field (before it, descending).

    `contract_schema` is asked for so that the preflight has vetted the known ids first.
    """
    check(contract_run, contract_target.base_url, contract_auth, sort_order)
