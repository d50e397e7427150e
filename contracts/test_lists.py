"""The paginated lists as a whole: following `next` ends, no item comes twice, filters are honoured."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sendcloud_contracts.pytest_plugin.list_walker import Walker, bound_note
from sendcloud_contracts.pytest_plugin.page_walk import note

if TYPE_CHECKING:
    import pytest
    import requests
    import schemathesis
    from requests.auth import AuthBase

    from sendcloud_contracts.http.settings import Target
    from sendcloud_contracts.pytest_plugin.page_walk import PaginatedList
    from sendcloud_contracts.rules.schemathesis_checks import ContractRun


def _walker(run: ContractRun, session: requests.Session, auth: AuthBase, target: Target) -> Walker:
    return Walker(run, session, auth, target.base_url)


def test_following_next_ends(
    paginated_list: PaginatedList,
    contract_schema: schemathesis.BaseSchema,
    contract_target: Target,
    contract_session: requests.Session,
    contract_auth: AuthBase,
    contract_run: ContractRun,
    pytestconfig: pytest.Config,
) -> None:
    """From the first page, `next` as given leads to the end within the bound, each item once.

    `contract_schema` is asked for so that the preflight has vetted the known ids first.
    """
    walker = _walker(contract_run, contract_session, contract_auth, contract_target)
    walk = walker.walk(paginated_list, paginated_list.url(contract_target.base_url))
    stopped = bound_note(paginated_list, walk)
    if stopped is not None:
        note(pytestconfig, stopped)
    walker.judge(walk, paginated_list, "following next from")


def test_filters_are_honoured(
    filtered_list: PaginatedList,
    contract_schema: schemathesis.BaseSchema,
    contract_target: Target,
    contract_session: requests.Session,
    contract_auth: AuthBase,
    contract_run: ContractRun,
    pytestconfig: pytest.Config,
) -> None:
    """Dates and ids taken from the unfiltered first page; every filtered item matches its filter."""
    walker = _walker(contract_run, contract_session, contract_auth, contract_target)
    walk, checked = walker.filtered(filtered_list)
    if not checked:
        note(
            pytestconfig,
            f"{filtered_list.label}: no filter checked, the first page had no item to take values from",
        )
    walker.judge(walk, filtered_list, "filtering")
