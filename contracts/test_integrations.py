"""The contract of GET /integrations/{id}, tested against a live or a recorded API."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
import schemathesis

from sendcloud_contracts.pytest_plugin.preflight import judge_answer

if TYPE_CHECKING:
    from requests.auth import AuthBase

    from sendcloud_contracts.rules.contract_run import ContractRun
    from sendcloud_contracts.rules.deviations import DeviationLedger

schema = schemathesis.pytest.from_fixture("contract_schema")


@schema.parametrize()
def test_every_documented_operation(case: schemathesis.Case) -> None:
    """Generated ids, valid and invalid (most valid ones known to exist), against every check."""
    case.call_and_validate()


def test_existing_integration(
    integration_id: int,
    contract_schema: schemathesis.BaseSchema,
    contract_auth: AuthBase,
    contract_run: ContractRun,
) -> None:
    """Each known id, in a test of its own, held to every check (authentication probes included).

    The preflight already stopped the run if the id answered 404 at the start (a setup mistake);
    a 404 now is the `known_integration` rule's: the API lost the integration mid-run.
    """
    operation = contract_schema["/integrations/{id}"]["GET"]
    operation.Case(path_parameters={"id": integration_id}).call_and_validate(auth=contract_auth)
    # The preflight's answer for this id, held to the same rules: an error seen only there counts.
    judge_answer(contract_run, integration_id)


def test_accepted_deviations_are_current(contract_deviations: DeviationLedger) -> None:
    """An accepted deviation past its end date is a failure until it is fixed or renewed."""
    expired = contract_deviations.expired()
    if expired:
        pytest.fail(
            "accepted deviations have expired:\n"
            + "\n".join(f"  {entry}" for entry in expired)
            + "\nIf the API still deviates, extend `until` with a reason; if it was fixed, remove the entry."
        )
