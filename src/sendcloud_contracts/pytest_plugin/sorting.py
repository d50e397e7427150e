"""Whether a list sorts as asked: each documented sort key, ascending and with the descending prefix.

The keys come from the version's description (`dialect.sorting`), each paired with the field it
orders by. Each order is one request, judged by every rule of a single answer and by the order rule
(`rules/sorting.py`). A disagreement on a key whose field the document does not name is a warning
(`unconfirmed`), not a failure, until the document states the pairing. A document without keys
deselects the test, and the run header says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import pytest

from sendcloud_contracts.pytest_plugin.consistency import fetch
from sendcloud_contracts.pytest_plugin.selection import deselect_on_purpose
from sendcloud_contracts.rules import schemathesis_checks
from sendcloud_contracts.rules.contract import violations
from sendcloud_contracts.rules.hygiene_findings import HygieneFinding
from sendcloud_contracts.rules.sorting import RULE, order_violations
from sendcloud_contracts.rules.tally import SINGLE_ANSWER_RULES

if TYPE_CHECKING:
    from requests.auth import AuthBase

    from sendcloud_contracts.dialects.model import SortKey
    from sendcloud_contracts.pytest_plugin.suite import SuiteState
    from sendcloud_contracts.rules.contract_run import ContractRun
    from sendcloud_contracts.spec import Spec

FIXTURE = "sort_order"
TEST_MODULE = "contracts/test_sorting.py"


@dataclass(frozen=True)
class SortOrder:
    """One order to ask a list for: a key, ascending or descending."""

    key: SortKey
    descending: bool
    parameter: str
    prefix: str

    @property
    def value(self) -> str:
        return f"{self.prefix if self.descending else ''}{self.key.key}"

    @property
    def query(self) -> str:
        return f"{self.parameter}={self.value}"

    @property
    def test_id(self) -> str:
        return f"{self.key.key}-{'descending' if self.descending else 'ascending'}"


def sort_orders(spec: Spec) -> list[SortOrder]:
    """Every documented key both ways, where the document has the list and its sort parameter."""
    sorting = spec.dialect.sorting
    if spec.response_schema(sorting.operation, "GET", 200) is None:
        return []
    return [
        SortOrder(key, descending, sorting.parameter, sorting.descending_prefix)
        for key in sorting.keys
        for descending in (False, True)
    ]


def header(spec: Spec) -> list[str]:
    """The run header's line about sorting: the keys checked, or why none are."""
    sorting = spec.dialect.sorting
    orders = sort_orders(spec)
    if not orders:
        return [
            f"sendcloud-contracts: no sort key documented for GET {sorting.operation} ({sorting.parameter}): "
            f"the sorting checks of {TEST_MODULE} are deselected"
        ]
    keys = ", ".join(order.key.key for order in orders if not order.descending)
    return [
        f"sendcloud-contracts: GET {sorting.operation} is asked to sort by each documented key, ascending "
        f"and descending ({sorting.parameter}={sorting.descending_prefix}key): {keys}"
    ]


def check(run: ContractRun, base_url: str, auth: AuthBase, order: SortOrder) -> None:
    """Ask for the list in `order`; fail on every broken rule, warn on an order an inferred key breaks."""
    dialect = run.spec.dialect
    operation = dialect.sorting.operation
    listing, reproduction = fetch(run, f"{base_url.rstrip('/')}{operation}?{order.query}", operation, auth)
    found = list(violations(listing, run.spec))
    items = dialect.payload(listing.json) if listing.status == 200 else None
    checked: tuple[str, ...] = SINGLE_ANSWER_RULES
    if isinstance(items, list):
        out_of_order = list(
            order_violations(
                items, order.key, descending=order.descending, asked=order.query, prefix=dialect.field("")
            )
        )
        if order.key.inferred:
            why = f"the document names the key {order.key.key!r}, not that it orders by {order.key.field!r}"
            run.hygiene += [
                HygieneFinding(
                    violation.rule,
                    f"GET {listing.path}?{order.query}",
                    f"{violation} ({why})",
                    kind="unconfirmed",
                )
                for violation in out_of_order
            ]
        else:
            found += out_of_order
        # The order was judged: a check of its own, passed or failed, that the report counts like any
        # other; an inferred key's disagreement is the warning above instead.
        if not (order.key.inferred and out_of_order):
            checked = (*SINGLE_ANSWER_RULES, RULE)
    schemathesis_checks.judge(
        run,
        listing,
        found,
        f"GET {operation}",
        reproduction=reproduction,
        context=f"GET {listing.path}?{order.query}:",
        checked=checked,
    )


class SortOrders:
    """Registered by the suite's plugin: parametrizes the sorting checks, deselects them where none apply."""

    def __init__(self, state: SuiteState) -> None:
        self.state = state

    def _orders(self) -> list[SortOrder]:
        return sort_orders(self.state.spec) if self.state.resolve() else []

    def pytest_generate_tests(self, metafunc: pytest.Metafunc) -> None:
        if FIXTURE in metafunc.fixturenames:
            orders = self._orders()
            metafunc.parametrize(FIXTURE, orders, ids=[order.test_id for order in orders])

    @pytest.hookimpl(tryfirst=True)
    def pytest_collection_modifyitems(self, config: pytest.Config, items: list[pytest.Item]) -> None:
        # An empty parametrization is a skip per test; the header says why instead, once.
        if self._orders():
            return
        deselect_on_purpose(
            config, items, [item for item in items if FIXTURE in getattr(item, "fixturenames", ())]
        )
