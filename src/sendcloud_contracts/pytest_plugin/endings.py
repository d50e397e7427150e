"""What a run sees of its own end: the signal that interrupted it and when, or the error it crashed on.

pytest turns Ctrl-C into its "interrupted" exit (2) but lets SIGTERM, which CI sends at a time-out,
kill the process before any report is written. Both are caught alike (`interruption.py`): the first
interrupts the run as `KeyboardInterrupt`, which Hypothesis and schemathesis let through, and a
repeat is ignored. The facts are kept here; `reports.outcome.decide` makes them an ending.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from sendcloud_contracts.interruption import Interruption
from sendcloud_contracts.wording import one_line

if TYPE_CHECKING:
    from collections.abc import Generator


class RunEnding:
    """Registered for every contract run; its signal handlers live from `install` to `restore`."""

    def __init__(self) -> None:
        self.interruption = Interruption(stops=True)
        self.crash: str | None = None
        # What raised while pytest tore the fixtures down at the session's end, if anything did.
        self.at_the_end: str | None = None
        self._where = "before the first test"

    @property
    def signal(self) -> str | None:
        return self.interruption.signal

    @property
    def interrupted(self) -> str | None:
        """`interrupted by SIGINT during contracts/test_x.py::test_y`, or None."""
        if self.signal is None:
            return None
        then = f"; tearing down then raised {self.at_the_end}" if self.at_the_end else ""
        return f"interrupted by {self.signal} {self._where}{then}"

    def install(self) -> None:
        self.interruption.install()

    def restore(self) -> None:
        self.interruption.restore()

    def finishing(self) -> None:
        """From here on the run writes its reports: a signal can no longer cut them in half."""
        self.interruption.ignore_from_now()

    def pytest_runtest_logstart(self, nodeid: str) -> None:
        self._where = f"during {nodeid}"

    @pytest.hookimpl(wrapper=True)
    def pytest_runtestloop(self) -> Generator[None, object, object]:
        try:
            result = yield
        finally:
            # pytest takes KeyboardInterrupt up to the end of its test loop only: raised while the
            # session finishes, it would kill the run (exit -2) after the reports said interrupted.
            self.interruption.note_from_now()
        # Not in the `finally`: an interruption passing through keeps the test it interrupted.
        self._where = "after the last test"
        return result

    @pytest.hookimpl(wrapper=True, tryfirst=True)
    def pytest_sessionfinish(self) -> Generator[None, object, object]:
        # Also for a run that never reached its test loop (stopped or crashed while collecting).
        self.interruption.note_from_now()
        return (yield)

    def pytest_keyboard_interrupt(self, excinfo: pytest.ExceptionInfo[BaseException]) -> None:
        # pytest calls this for `pytest.exit` too, which is how a run stops (exit 4, 75), not a signal.
        # Otherwise: Ctrl-C before the handlers were installed, or KeyboardInterrupt raised by code.
        if isinstance(excinfo.value, KeyboardInterrupt) and self.interruption.signal is None:
            self.interruption.signal = "SIGINT"

    def raised_at_the_end(self, error: BaseException) -> None:
        """An error out of the fixtures pytest tore down at the session's end: said with an
        interruption, which it followed, else the run's crash."""
        self.at_the_end = _first_line(error)
        if self.signal is None and self.crash is None:
            self.crash = f"while tearing down: {self.at_the_end}"

    def pytest_internalerror(self, excinfo: pytest.ExceptionInfo[BaseException]) -> None:
        if self.crash is None:
            self.crash = _first_line(excinfo.value)


def _first_line(error: BaseException) -> str:
    lines = str(error).strip().splitlines()
    name = type(error).__name__
    return f"{name}: {one_line(lines[0])}" if lines else name
