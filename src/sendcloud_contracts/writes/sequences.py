"""A write run's writes: the checks made once, then the sequences of the state machine.

The sequences stop when the run's writes are spent (`guard.BudgetSpent`): a failure found by then
stands as it was last shrunk; none found is a note, not a verdict of its own.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from hypothesis import HealthCheck, Phase, settings
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
        phases=(Phase.explicit, Phase.generate, Phase.shrink),
        report_multiple_bugs=False,
    )
    try:
        run_state_machine_as_test(machine(session), settings=options)
    except BudgetSpent:
        run = session.api.run
        if run is not None and run.failures:
            # Found, and shrunk as far as the writes allowed: the failure stands as it was last seen.
            session.notes.append("Shrinking a failing sequence stopped when the run's writes were spent")
            raise ContractFailure(operation="write sequences", findings=run.failures[-1:]) from None
        session.notes.append("The write sequences stopped when the run's writes were spent; none failed")
