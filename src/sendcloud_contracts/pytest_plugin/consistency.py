"""Consistency between operations in a run: the list asked once, compared with each known integration.

The known integrations come from the preflight's answers (asked again only where that answer was
not an integration), so the comparison costs one request. With a spec that documents no
`GET /integrations` (the one-operation seed) there is nothing to compare: the test is deselected
and the run header says why, so that the run is today's suite and says what it leaves out.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from sendcloud_contracts.pytest_plugin.selection import deselect_on_purpose
from sendcloud_contracts.rules import consistency, schemathesis_checks
from sendcloud_contracts.rules.contract import violations
from sendcloud_contracts.rules.exchanges import answered_get
from sendcloud_contracts.rules.model import Violation, show
from sendcloud_contracts.rules.tally import SINGLE_ANSWER_RULES

if TYPE_CHECKING:
    from requests.auth import AuthBase

    from sendcloud_contracts.http.settings import Target
    from sendcloud_contracts.pytest_plugin.suite import SuiteState
    from sendcloud_contracts.rules.contract_run import ContractRun
    from sendcloud_contracts.rules.model import Exchange
    from sendcloud_contracts.spec import Spec

TEST_NAME = "test_list_agrees_with_each_integration"
LEFT_OUT = (
    "sendcloud-contracts: not checked, as the spec documents no GET /integrations to compare with: "
    f"consistency of the list with GET /integrations/{{id}} ({TEST_NAME})"
)


def header(spec: Spec) -> list[str]:
    """The run header's line about the consistency check, when the spec leaves it out."""
    return [] if consistency.applies(spec) else [LEFT_OUT]


# First, before `-k`, `-m` and `--deselect`: what the suite leaves out on purpose is counted as such.
@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    left_out = [item for item in items if getattr(item, "originalname", item.name) == TEST_NAME]
    if not left_out:
        return
    reports = config.pluginmanager.get_plugin("sendcloud-contracts-reports")
    state: SuiteState | None = getattr(reports, "state", None)
    # An unresolved run stops with its one line (the plugin's hook); a complete spec keeps the test.
    if state is None or not state.resolve() or consistency.applies(state.spec):
        return
    deselect_on_purpose(config, items, left_out)


def fetch(run: ContractRun, url: str, operation: str, auth: AuthBase) -> tuple[Exchange, str]:
    """The answer to a GET through the run's session, and how to send it again."""
    response = run.session.get(url, auth=auth)
    answer = answered_get(
        url,
        response,
        operation_path=operation,
        path_parameters={"id": url.rsplit("/", 1)[1]} if "{id}" in operation else {},
    )
    return answer, schemathesis_checks.reproduce(run, response.request)


def compare(run: ContractRun, target: Target, auth: AuthBase) -> None:
    """Ask for the list once and fail with every way it disagrees with a known integration."""
    resource = run.spec.dialect.resource
    listing, reproduction = fetch(run, resource.list_url(target.base_url), resource.list_path, auth)
    items = {}
    for integration_id in target.integration_ids:
        answer = run.preflight_answers.get(integration_id)
        item = answer.exchange if answer is not None else None
        if item is None or item.status != consistency.OK or not isinstance(item.json, dict):
            # An error seen once is that id's own test's to report; ask again to have one to compare.
            url = resource.item_url(target.base_url, integration_id)
            item, _ = fetch(run, url, resource.item_path, auth)
        items[integration_id] = item
    found = list(violations(listing, run.spec))
    if consistency.listed(listing, run.spec) is None and not found:
        found.append(
            Violation(
                consistency.RULE,
                f"GET {listing.path}",
                f"{listing.status} {show(listing.body)}".strip(),
                "200 with the list of integrations, to compare each known integration with",
            )
        )
    complete = consistency.list_is_complete(run.spec)
    found += consistency.list_and_items(listing, items, run.spec, complete=complete)
    schemathesis_checks.judge(
        run,
        listing,
        found,
        f"GET {resource.list_path}",
        reproduction=reproduction,
        checked=(*SINGLE_ANSWER_RULES, consistency.RULE),
        context=f"GET {listing.path} compared with GET {resource.item_path} of each known id:",
    )
