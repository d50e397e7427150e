"""Authentication checks every part of the credentials, once per run, in a cassette of its own."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sendcloud_contracts.rules.authentication import check_credential_parts

if TYPE_CHECKING:
    import schemathesis

    from sendcloud_contracts.http.settings import Target
    from sendcloud_contracts.rules.contract_run import ContractRun


def test_each_part_of_the_credentials_is_checked(
    contract_schema: schemathesis.BaseSchema, contract_target: Target, contract_run: ContractRun
) -> None:
    """The right public key with a wrong secret, a wrong key with the right secret and the right pair
    under another scheme are each refused (401 in the envelope); with OAuth2 the token endpoint
    issues no token to any of them.

    `contract_schema` is asked for so that the preflight has vetted the known ids first.
    """
    check_credential_parts(contract_run, contract_target, contract_target.integration_ids[0])
