"""The checks a run made, per operation and rule: passed, failed, accepted, or nothing to judge."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sendcloud_contracts.rules.exchanges import exchange
from sendcloud_contracts.rules.model import Violation
from sendcloud_contracts.rules.tally import CheckTally
from sendcloud_contracts.spec import load_spec

from ..conftest import COMPLETE_SPEC

if TYPE_CHECKING:
    from sendcloud_contracts.rules.model import Exchange

SPEC = load_spec(COMPLETE_SPEC)
ITEM, SHIPMENTS = "GET /integrations/{id}", "GET /integrations/{id}/shipments"


def answer(status: int, path: str = "/integrations/{id}", **parameters: str) -> Exchange:
    return exchange(
        method="GET",
        url="https://panel.sendcloud.sc/api/v2/integrations/4711",
        status=status,
        content_type="application/json",
        body=b"{}",
        operation_path=path,
        path_parameters=parameters,
    )


def test_a_rule_with_nothing_to_judge_is_not_counted() -> None:
    tally = CheckTally(SPEC)
    tally.judged(answer(200, id="4711"), [], [])
    assert tally.cell(ITEM, "response_schema") == {"passed": 1}
    assert tally.cell(ITEM, "requested_integration") == {"passed": 1}
    # No error answer: the envelope had nothing to judge; the item is no paginated list.
    assert not tally.cell(ITEM, "error_envelope")
    assert not tally.cell(ITEM, "pagination")
    tally.judged(answer(404, id="4711"), [], [])
    tally.judged(answer(429, id="4711"), [], [])
    assert tally.cell(ITEM, "error_envelope") == {"passed": 1}
    assert tally.cell(ITEM, "requested_integration") == {"passed": 1}
    tally.judged(answer(200, "/integrations/{id}/shipments", id="5"), [], [])
    assert tally.cell(SHIPMENTS, "pagination") == {"passed": 1}


def test_failed_accepted_and_found_rules_are_told_apart() -> None:
    tally = CheckTally(SPEC)
    broken = Violation("response_schema", "system", "(absent)", "required")
    accepted = Violation("timestamp", "last_fetch", '"2020-01-01"', "RFC 3339")
    walked = Violation("pagination", "page 2 next", '"x"', "a page not read yet")
    every = [broken, accepted, walked]
    tally.judged(answer(200, id="4711"), every, [broken, walked], checked=["response_schema", "timestamp"])
    assert tally.cell(ITEM, "response_schema") == {"failed": 1}
    assert tally.cell(ITEM, "timestamp") == {"warning": 1}
    # A rule that found something counts, even where it was not named as checked.
    assert tally.cell(ITEM, "pagination") == {"failed": 1}
    assert tally.score(ITEM) == (1, 3)
    assert tally.score() == (1, 3)
    assert tally.rules() == ["response_schema", "timestamp", "pagination"]
