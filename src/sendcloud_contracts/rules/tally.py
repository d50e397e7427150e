"""How many checks a run made, per operation and rule, and how each ended: the report's matrix.

A check is one rule judging one answer (or one walk of a list, or one comparison). It passed, it
failed, or it ended in a warning: a hygiene finding, or a violation `deviations.toml` accepts. A
rule that has nothing to judge in an answer (the error envelope on a 200) is not counted there, so
a cell nobody exercised reads "not exercised" rather than "passed".
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

    from sendcloud_contracts.rules.model import Exchange, Violation
    from sendcloud_contracts.spec import Spec

PASSED, FAILED, WARNING = "passed", "failed", "warning"
# The rules `contract.violations` holds every single answer to, in the order the reports show them.
SINGLE_ANSWER_RULES = (
    "response_schema",
    "wrapper",
    "timestamp",
    "error_envelope",
    "requested_integration",
    "pagination",
)
THROTTLED = 429


@dataclass
class CheckTally:
    spec: Spec
    counts: dict[tuple[str, str], Counter[str]] = field(default_factory=lambda: defaultdict(Counter))

    def count(self, operation: str, rule: str, outcome: str) -> None:
        self.counts[operation, rule][outcome] += 1

    def judged(
        self,
        exchange: Exchange,
        found: Sequence[Violation],
        unaccepted: Sequence[Violation],
        checked: Iterable[str] = SINGLE_ANSWER_RULES,
    ) -> None:
        """One check per rule in `checked` that applies to `exchange`, and per rule that found something."""
        operation = operation_of(exchange)
        failed = {violation.rule for violation in unaccepted}
        accepted = {violation.rule for violation in found} - failed
        rules = [rule for rule in checked if self.applies(rule, exchange)]
        for rule in dict.fromkeys([*rules, *(violation.rule for violation in found)]):
            self.count(operation, rule, FAILED if rule in failed else WARNING if rule in accepted else PASSED)

    def applies(self, rule: str, exchange: Exchange) -> bool:
        """Whether `rule` has anything to judge in this answer."""
        if rule == "error_envelope":
            return exchange.status >= 400 and exchange.status != THROTTLED
        if rule == "wrapper":
            return self.spec.dialect.wrapper is not None and 200 <= exchange.status < 300
        if rule == "requested_integration":
            return "id" in exchange.path_parameters and exchange.status == 200
        if rule == "known_integration":
            return "id" in exchange.path_parameters
        if rule == "pagination":
            return self.spec.is_paginated(exchange.operation_path, exchange.method)
        return True

    def operations(self) -> list[str]:
        return sorted({operation for operation, _rule in self.counts})

    def rules(self) -> list[str]:
        seen = {rule for _operation, rule in self.counts}
        first = [rule for rule in SINGLE_ANSWER_RULES if rule in seen]
        return first + sorted(seen - set(first))

    def cell(self, operation: str, rule: str) -> Counter[str]:
        return self.counts.get((operation, rule), Counter())

    def score(self, operation: str | None = None) -> tuple[int, int]:
        """(checks that did not fail, checks run), for one operation or the whole run."""
        cells = [counter for (name, _rule), counter in self.counts.items() if operation in (None, name)]
        run = sum(sum(counter.values()) for counter in cells)
        return run - sum(counter[FAILED] for counter in cells), run


def operation_of(exchange: Exchange) -> str:
    return f"{exchange.method.upper()} {exchange.operation_path}"
