"""Two versions of the API describe the same account alike: v3 and v2, field by field."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sendcloud_contracts.pytest_plugin.agreement import compare

if TYPE_CHECKING:
    import schemathesis
    from requests.auth import AuthBase

    from sendcloud_contracts.http.settings import Target
    from sendcloud_contracts.rules.contract_run import ContractRun


def test_versions_agree(
    contract_schema: schemathesis.BaseSchema,
    contract_target: Target,
    contract_auth: AuthBase,
    contract_run: ContractRun,
) -> None:
    """Each known integration and both lists, asked of both versions back to back.

    Fields are paired by name, or under the renames the document states; timestamps as instants.
    `contract_schema` is asked for so that the preflight has vetted the known ids first.
    """
    compare(contract_run, contract_target, contract_auth)
