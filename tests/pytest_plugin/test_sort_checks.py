"""A sort order asked of a list is a check of its own: counted when it passes, as when it fails."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import pytest
from requests.auth import HTTPBasicAuth

from sendcloud_contracts.pytest_plugin import sorting
from sendcloud_contracts.reports.matrix import build_matrix
from sendcloud_contracts.rules.contract_run import ContractRun
from sendcloud_contracts.rules.coverage import ContractCoverage
from sendcloud_contracts.rules.deviations import DeviationLedger
from sendcloud_contracts.rules.exchanges import exchange
from sendcloud_contracts.rules.failures import ContractFailure
from sendcloud_contracts.spec import load_spec

from ..conftest import V3_SPEC

if TYPE_CHECKING:
    from sendcloud_contracts.rules.model import Exchange

SPEC = load_spec(V3_SPEC)
BASE_URL = "https://panel.sendcloud.sc/api/v3"
LIST = "GET /integrations"
EARLY, LATE = "2024-01-01T00:00:00+00:00", "2024-02-01T00:00:00+00:00"


def run_answering(monkeypatch: pytest.MonkeyPatch, *values: str) -> ContractRun:
    """A run whose list answers every order with items holding `values`, in that order, in each field."""

    def fetch(_run: ContractRun, url: str, operation: str, _auth: object) -> tuple[Exchange, str]:
        items = [{"created_at": value, "type": value} for value in values]
        answer = exchange(
            method="GET",
            url=url,
            status=200,
            content_type="application/json",
            body=json.dumps({"data": items}),
            operation_path=operation,
            path_parameters={},
        )
        return answer, f"curl {url}"

    monkeypatch.setattr(sorting, "fetch", fetch)
    # The single-answer rules have their own tests; here only the order is judged.
    monkeypatch.setattr(sorting, "violations", lambda _answer, _spec: iter(()))
    run = ContractRun(
        spec=SPEC, deviations=DeviationLedger([]), coverage=ContractCoverage(SPEC), auth_mode="basic"
    )
    # What the document's own examples get wrong is no concern of these tests.
    run.hygiene.clear()
    return run


def order(key: str, *, descending: bool = False) -> sorting.SortOrder:
    (found,) = [
        each for each in sorting.sort_orders(SPEC) if each.key.key == key and each.descending == descending
    ]
    return found


def check(run: ContractRun, asked: sorting.SortOrder) -> None:
    sorting.check(run, BASE_URL, HTTPBasicAuth("public", "secret"), asked)


def sorting_cell(run: ContractRun) -> str:
    """The list's cell in the report's sorting column."""
    matrix = build_matrix(run.tally, run.hygiene, SPEC, BASE_URL)
    (row,) = [row for row in matrix.rows if row.operation == LIST]
    return row.cells[matrix.rules.index("sorting")].text


def test_an_order_kept_is_a_passed_check_and_the_matrix_has_its_column(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    run = run_answering(monkeypatch, EARLY, LATE)
    check(run, order("created_at"))
    assert run.tally.cell(LIST, "sorting") == {"passed": 1}
    assert sorting_cell(run) == "✓ 1"


def test_an_order_broken_is_a_failed_check(monkeypatch: pytest.MonkeyPatch) -> None:
    run = run_answering(monkeypatch, EARLY, LATE)
    with pytest.raises(ContractFailure):
        check(run, order("created_at", descending=True))
    assert run.tally.cell(LIST, "sorting") == {"failed": 1}


def test_an_inferred_key_out_of_order_is_a_warning_in_the_sorting_column(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    run = run_answering(monkeypatch, LATE, EARLY)
    check(run, order("integration_type"))
    assert "sorting" not in {rule for _operation, rule in run.tally.counts}
    (warning,) = run.hygiene
    assert (warning.kind, warning.request) == (
        "unconfirmed",
        "GET /api/v3/integrations?sort=integration_type",
    )
    assert sorting_cell(run) == "! 1"
