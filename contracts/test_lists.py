"""The paginated lists as a whole: following `next` ends, no item comes twice, filters are honoured."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from sendcloud_contracts.pytest_plugin.list_walker import Walker, bound_note
from sendcloud_contracts.pytest_plugin.page_walk import note

if TYPE_CHECKING:
    import requests
    import schemathesis
    from requests.auth import AuthBase

    from sendcloud_contracts.http.settings import Target
    from sendcloud_contracts.pytest_plugin.page_walk import PaginatedList
    from sendcloud_contracts.rules.contract_run import ContractRun


@pytest.fixture
def walker(
    contract_schema: schemathesis.BaseSchema,
    contract_target: Target,
    contract_session: requests.Session,
    contract_auth: AuthBase,
    contract_run: ContractRun,
) -> Walker:
    """Reads lists as a client does, with the run's session and credentials.

    `contract_schema` is asked for so that the preflight has vetted the known ids first.
    """
    return Walker(contract_run, contract_session, contract_auth, contract_target.base_url)


def test_following_next_ends(
    paginated_list: PaginatedList, walker: Walker, contract_target: Target, pytestconfig: pytest.Config
) -> None:
    """From the first page, `next` as given leads to the end within the bound, each item once."""
    walk = walker.walk(paginated_list, paginated_list.url(contract_target.base_url))
    stopped = bound_note(paginated_list, walk)
    if stopped is not None:
        note(pytestconfig, stopped)
    walker.judge(walk, paginated_list, "following next from")


def test_filters_are_honoured(
    filtered_list: PaginatedList, walker: Walker, pytestconfig: pytest.Config
) -> None:
    """Dates and ids taken from the unfiltered first page; every filtered item matches its filter."""
    walk, checked = walker.filtered(filtered_list)
    if not checked:
        note(
            pytestconfig,
            f"{filtered_list.label}: no filter checked, the first page had no item to take values from",
        )
    walker.judge(walk, filtered_list, "filtering")
