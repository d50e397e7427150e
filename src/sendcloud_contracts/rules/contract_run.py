"""The run the checks report into: what it was given, and what it has found so far.

One run is active at a time (`activate`): schemathesis calls a check with a response and a case
only, so the checks find the run they judge for here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import requests

from sendcloud_contracts.rules.failures import Finding, KeyVariables
from sendcloud_contracts.rules.hygiene_findings import HygieneFinding, document_findings
from sendcloud_contracts.rules.tally import CheckTally

if TYPE_CHECKING:
    from collections.abc import Callable

    from sendcloud_contracts.rules.coverage import ContractCoverage
    from sendcloud_contracts.rules.deviations import DeviationLedger
    from sendcloud_contracts.rules.model import Exchange
    from sendcloud_contracts.spec import Spec


@dataclass(frozen=True)
class PreflightAnswer:
    """A known id's answer before the tests, judged by that id's test."""

    exchange: Exchange
    # The request as sent, to print a reproduction if its answer breaks the contract.
    request: requests.PreparedRequest


@dataclass
class ContractRun:
    spec: Spec
    deviations: DeviationLedger
    coverage: ContractCoverage
    auth_mode: str
    # The suite's session: its adapter sets timeouts, the rate limit and 429 retries.
    session: requests.Session = field(default_factory=requests.Session)
    # Operations whose authentication was probed in the current test (one cassette each).
    probed: set[str] = field(default_factory=set)
    # Every failure, for the run's summary.
    failures: list[Finding] = field(default_factory=list)
    # Whether an `Authorization` value is the suite's own (a reproduction names it by variable).
    is_own: Callable[[str | None], bool] = field(default=lambda _authorization: False)
    # The variables a reproduction names for the keys.
    key_variables: KeyVariables = field(default_factory=KeyVariables)
    # How to send the response last checked again: the request of any failure schemathesis reports.
    last_reproduction: str = ""
    # Hygiene findings (`hygiene.py`): warnings, failures only with `strict_hygiene`.
    hygiene: list[HygieneFinding] = field(default_factory=list)
    # What a reader should know that is neither a failure nor a warning (a comparison skipped, or
    # what it found in agreement), one line each.
    notes: list[str] = field(default_factory=list)
    strict_hygiene: bool = False
    # Known ids that answered the preflight; a 404 for one of them later is a broken contract.
    known_found: tuple[int, ...] = ()
    # The preflight's answer per known id, judged by that id's test.
    preflight_answers: dict[int, PreflightAnswer] = field(default_factory=dict)
    # Checks made per operation and rule, and how each ended (the report's matrix).
    tally: CheckTally = field(init=False)

    def __post_init__(self) -> None:
        self.tally = CheckTally(self.spec)
        self.hygiene.extend(document_findings(self.spec))


_ACTIVE: list[ContractRun] = []


def activate(run: ContractRun) -> None:
    _ACTIVE[:] = [run]


def deactivate() -> None:
    _ACTIVE.clear()


def active_run() -> ContractRun | None:
    return _ACTIVE[0] if _ACTIVE else None
