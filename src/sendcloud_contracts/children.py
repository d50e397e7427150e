"""Commands that run the suite in child processes: a signal passed on, the children waited for.

`tox -e contracts`, pre-release, drift and the double's `-- COMMAND` each start `pytest contracts`
as a child. Interrupted, such a command must not kill its children before they write the reports
that say so: it passes the signal on once, waits for them, starts no new one, and then reports its
own interruption.
"""

from __future__ import annotations

import contextlib
import subprocess
import threading
from typing import TYPE_CHECKING, Any

from sendcloud_contracts.interruption import Interruption

if TYPE_CHECKING:
    from collections.abc import Iterator, Sequence

# How long a child that overran its time may take to write its reports after SIGTERM.
GRACE_SECONDS = 15.0


class Interrupted(Exception):
    """The command was interrupted before it could start a child; `signal` says by what."""

    def __init__(self, signal: str) -> None:
        super().__init__(f"interrupted by {signal}")
        self.signal = signal


class Children:
    """The command's running children, and the interruption that stops it starting new ones."""

    def __init__(self) -> None:
        self.interruption = Interruption(stops=False)
        self.interruption.listeners.append(self._pass_on)
        self._running: set[subprocess.Popen[Any]] = set()
        self._passed_on: set[int] = set()
        self._lock = threading.Lock()

    @property
    def interrupted(self) -> str | None:
        """`SIGINT` or `SIGTERM` once the command was interrupted."""
        return self.interruption.signal

    @contextlib.contextmanager
    def handling_signals(self) -> Iterator[Children]:
        with self.interruption:
            yield self

    def run(self, command: Sequence[str], *, timeout: float | None = None, **options: Any) -> int:
        """The child's exit code; `subprocess.TimeoutExpired` after SIGTERM when it overran `timeout`."""
        with self._lock:
            if self.interrupted is not None:
                raise Interrupted(self.interrupted)
            process = subprocess.Popen(command, **options)
            self._running.add(process)
        try:
            try:
                return process.wait(timeout)
            except subprocess.TimeoutExpired:
                # SIGTERM first: the suite then says in its reports that it was cut short.
                process.terminate()
                try:
                    process.wait(GRACE_SECONDS)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()
                raise
        finally:
            with self._lock:
                self._running.discard(process)

    def _pass_on(self, number: int) -> None:
        if number in self._passed_on:
            return
        self._passed_on.add(number)
        for process in list(self._running):
            with contextlib.suppress(ProcessLookupError):
                process.send_signal(number)
