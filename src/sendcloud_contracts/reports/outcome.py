"""How a run ended, decided once: every report, the history and the exit code are written from it.

A run ends in exactly one way. It finished and judged the contract (pass, fail); it stopped before
judging (a setup mistake, exit 4, or infrastructure, exit 75); it was interrupted (Ctrl-C, SIGTERM:
exit 2); or it crashed (an internal error: exit 3). While it runs, its folder says RUNNING. Only a
run that finished knows anything about the contract, so only such a run is compared with others and
kept in the history. Writers read `Outcome`; none of them works an ending out from an exit code.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Any

from sendcloud_contracts import exitcodes
from sendcloud_contracts.wording import one_line

# pytest's code for a run in which no test was selected: the selection was the mistake.
NOTHING_SELECTED = "no contract test was selected (check -k, -m and --deselect); nothing was judged"


class Ending(enum.StrEnum):
    RUNNING = "running"
    PASS = "pass"
    FAIL = "fail"
    STOPPED = "stopped"
    INTERRUPTED = "interrupted"
    CRASHED = "crashed"


# What a run that did not finish says after its word, whatever kind of run it was.
UNFINISHED = {
    Ending.RUNNING: "no verdict yet (if no run is under way, it was killed before its end)",
    Ending.STOPPED: "the run ended early",
    Ending.INTERRUPTED: "the run was interrupted",
    Ending.CRASHED: "the run crashed: a fault of the suite or its tools, not of the API",
}


@dataclass(frozen=True)
class Outcome:
    ending: Ending
    # None while the run is under way.
    exit_code: int | None
    # One line: why a run did not finish (what stopped it, which signal, the crash).
    reason: str | None = None

    @classmethod
    def running(cls) -> Outcome:
        return cls(Ending.RUNNING, None)

    @classmethod
    def passed(cls) -> Outcome:
        return cls(Ending.PASS, exitcodes.HOLDS)

    @classmethod
    def failed(cls) -> Outcome:
        return cls(Ending.FAIL, exitcodes.BROKEN)

    @classmethod
    def stopped(cls, reason: str, exit_code: int = exitcodes.BAD_INPUT) -> Outcome:
        if exit_code not in (exitcodes.BAD_INPUT, exitcodes.INFRASTRUCTURE):
            raise ValueError(f"a stopped run exits 4 or 75, not {exit_code}")
        return cls(Ending.STOPPED, exit_code, one_line(reason))

    @classmethod
    def interrupted(cls, reason: str) -> Outcome:
        return cls(Ending.INTERRUPTED, exitcodes.INTERRUPTED, one_line(reason))

    @classmethod
    def crashed(cls, reason: str) -> Outcome:
        return cls(Ending.CRASHED, exitcodes.CRASHED, one_line(reason))

    @property
    def judged(self) -> bool:
        """Whether the run finished and judged the contract: the only runs a history keeps."""
        return self.ending in (Ending.PASS, Ending.FAIL)

    @property
    def word(self) -> str:
        """PASS, FAIL, STOPPED, INTERRUPTED, CRASHED or RUNNING."""
        return self.ending.upper()

    def unfinished(self, subject: str = "the contract") -> str:
        """`STOPPED (exit 4): the run ended early; nothing is known about the contract`."""
        if self.judged:
            raise ValueError("a finished run has a verdict of its own")
        code = "" if self.exit_code is None else f" (exit {self.exit_code})"
        return f"{self.word}{code}: {UNFINISHED[self.ending]}; nothing is known about {subject}"

    def as_json(self) -> dict[str, Any]:
        """The part of every `run.json` that says how the run ended; `stopped` is why it did not finish."""
        return {"verdict": str(self.ending), "exit_status": self.exit_code, "stopped": self.reason}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Outcome:
        """A `run.json`'s outcome; a file that says nothing readable reads as a run still under way."""
        try:
            ending = Ending(str(data.get("verdict")))
        except ValueError:
            return cls.running()
        code = data.get("exit_status")
        reason = data.get("stopped")
        return cls(
            ending, code if isinstance(code, int) else None, reason if isinstance(reason, str) else None
        )


def decide(
    exit_status: int,
    *,
    interrupted: str | None = None,
    crash: str | None = None,
    stop: tuple[str, int] | None = None,
    refused: str | None = None,
) -> Outcome:
    """The one place a run's ending is worked out, from what it saw happen and pytest's exit status.

    `interrupted` says which signal ended it and when, `crash` the internal error, `stop` why it
    stopped before judging (its message and 4 or 75), `refused` what of its input pytest refused.
    An interruption outranks whatever it cut short: what the run found up to then is not a verdict.
    """
    if interrupted is not None or exit_status == exitcodes.INTERRUPTED:
        return Outcome.interrupted(interrupted or "interrupted")
    if crash is not None or exit_status == exitcodes.CRASHED:
        return Outcome.crashed(crash or "an internal error; see the log")
    if stop is not None:
        return Outcome.stopped(*stop)
    if exit_status == exitcodes.BAD_INPUT:
        return Outcome.stopped(refused or "pytest refused its input; see the log")
    if exit_status == exitcodes.NO_TESTS:
        return Outcome.stopped(NOTHING_SELECTED)
    if exit_status == exitcodes.HOLDS:
        return Outcome.passed()
    if exit_status == exitcodes.BROKEN:
        return Outcome.failed()
    return Outcome.crashed(f"pytest ended with exit status {exit_status}, which no ending of the suite has")


# Several runs taken as one (a replay per API version, a pre-release per account): the ending a team
# must act on first. A broken contract outranks a setup mistake, which outranks infrastructure; a run
# that crashed or was interrupted knows nothing, so it outranks only the runs that passed.
PRECEDENCE = (
    exitcodes.BROKEN,
    exitcodes.BAD_INPUT,
    exitcodes.INFRASTRUCTURE,
    exitcodes.CRASHED,
    exitcodes.INTERRUPTED,
)


def worst(outcomes: list[Outcome]) -> Outcome:
    """The ending of several runs as one; a run still under way, or none at all, is no pass."""
    for code in PRECEDENCE:
        found = next((outcome for outcome in outcomes if outcome.exit_code == code), None)
        if found is not None:
            return found
    if not outcomes:
        return Outcome.stopped("no run was made")
    running = next((outcome for outcome in outcomes if outcome.ending is Ending.RUNNING), None)
    return running or Outcome.passed()
