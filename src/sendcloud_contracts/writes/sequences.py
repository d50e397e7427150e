"""A write run's writes: the checks made once, then the sequences of the state machine.

The sequences stop when the run's writes are spent (`guard.BudgetSpent`): a failure found by then
stands as it was last shrunk; none found is a note, not a verdict of its own. A failing sequence that
goes otherwise when Hypothesis replays it (the account moved on since) also stands as last seen.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from hypothesis import HealthCheck, Phase, settings
from hypothesis.errors import FlakyStrategyDefinition
from hypothesis.stateful import run_state_machine_as_test

from sendcloud_contracts.rules.failures import ContractFailure
from sendcloud_contracts.writes.guard import BudgetSpent
from sendcloud_contracts.writes.machine import machine
from sendcloud_contracts.writes.once import run_once

if TYPE_CHECKING:
    from sendcloud_contracts.writes.session import WriteSession

# Sequences a run tries, and steps in each: some ninety writes before any shrinking.
SEQUENCES = 6
STEPS = 10
# What Hypothesis does with them: a failing sequence is shrunk until the run's writes are spent. The
# project's self-test leaves shrinking out (`tests/conftest.py`, `quick_writes`); users' runs never do.
PHASES = (Phase.explicit, Phase.generate, Phase.shrink)


def run_writes(session: WriteSession, *, derandomize: bool = True) -> None:
    """Every write of the run; each answer and what it left held to the contract as it comes."""
    session.probe()
    run_once(session)
    options = settings(
        max_examples=SEQUENCES,
        stateful_step_count=STEPS,
        deadline=None,
        database=None,
        # The same sequences every run: a recording replays them, and a failure is sent again alike.
        derandomize=derandomize,
        suppress_health_check=list(HealthCheck),
        phases=PHASES,
        report_multiple_bugs=False,
    )
    try:
        run_state_machine_as_test(machine(session), settings=options)
    except BaseException as error:
        stopped = spent(error)
        if not stopped and not isinstance(error, FlakyStrategyDefinition):
            raise
        if session.api.last_failure is not None:
            # Found, and shrunk as far as the account allowed: the failure stands as last seen.
            session.notes.append(
                "Shrinking a failing sequence stopped when the run's writes were spent"
                if stopped
                else "A failing sequence went otherwise when replayed, as the account had moved on "
                "(each sequence starts where the last one left it): the failure stands as last seen"
            )
            raise ContractFailure(
                operation="write sequences", findings=session.api.last_failure.findings
            ) from None
        if not stopped:
            raise
        session.notes.append("The write sequences stopped when the run's writes were spent; none failed")


def spent(error: BaseException) -> bool:
    """Whether the run's writes ran out under `error`. Hypothesis, replaying a sequence to shrink it,
    may answer the guard's `BudgetSpent` with an error of its own about the sequence it could not
    finish (`FlakyStrategyDefinition`), raised while handling it."""
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        if isinstance(current, BudgetSpent):
            return True
        seen.add(id(current))
        current = current.__cause__ or current.__context__
    return False
