"""The first SIGINT or SIGTERM a command receives, kept as the reason it did not finish.

Ctrl-C and a CI job's time-out (SIGTERM) mean the same to every entry point: stop, say so in every
report, exit 2. A terminal's Ctrl-C reaches every process of its group, and a wrapper passes a
signal on to its children, so a process may see one interruption twice: only the first counts.
"""

from __future__ import annotations

import signal
import threading
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Callable
    from types import FrameType

CAUGHT = (signal.SIGINT, signal.SIGTERM)


class Interruption:
    """Handlers for SIGINT and SIGTERM between `install` and `restore` (main thread only).

    `stops` makes the first signal raise `KeyboardInterrupt` where the process is (a test run);
    without it the process goes on (a command waiting for its children), and `listeners` act.
    """

    def __init__(self, *, stops: bool) -> None:
        self.stops = stops
        self.signal: str | None = None
        self.listeners: list[Callable[[int], None]] = []
        self._previous: dict[int, Any] = {}

    def install(self) -> Interruption:
        if threading.current_thread() is threading.main_thread():
            for caught in CAUGHT:
                self._previous[caught] = signal.signal(caught, self._on_signal)
        return self

    def restore(self) -> None:
        for caught, handler in self._previous.items():
            signal.signal(caught, handler)
        self._previous.clear()

    def note_from_now(self) -> None:
        """A signal from now on is kept as the reason, not raised: what runs next cannot take it."""
        self.stops = False

    def ignore_from_now(self) -> None:
        """The process writes what it found: no signal may cut that in half any more."""
        for caught in self._previous:
            signal.signal(caught, signal.SIG_IGN)

    def _on_signal(self, number: int, frame: FrameType | None) -> None:
        first = self.signal is None
        if first:
            self.signal = signal.Signals(number).name
        for listener in self.listeners:
            listener(number)
        if first and self.stops:
            raise KeyboardInterrupt

    def __enter__(self) -> Interruption:
        return self.install()

    def __exit__(self, *exc_info: object) -> None:
        self.restore()
