"""What a run's requests met on the wire: how many were sent, how many were throttled, time waited."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

from sendcloud_contracts.wording import plural


@dataclass
class Traffic:
    """Shared by every session of one run; urllib3 copies its `Retry` per attempt, so counts live here."""

    # False in replay: nothing is sent, and a recorded 429 is answered at once without a wait.
    waits: bool = True
    requests: int = 0
    throttled: int = 0
    waited_seconds: float = 0.0
    # 429s whose `Retry-After` no client can parse: backed off from like those without one.
    unreadable_retry_after: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)

    def sent(self) -> None:
        with self._lock:
            self.requests += 1

    def answered_429(self) -> None:
        with self._lock:
            self.throttled += 1

    def unreadable_retry_after_seen(self) -> None:
        with self._lock:
            self.unreadable_retry_after += 1

    def waited(self, seconds: float) -> None:
        if self.waits:
            with self._lock:
                self.waited_seconds += seconds

    def describe(self) -> str:
        """One line for the terminal and the summary."""
        unreadable = (
            f"; {self.unreadable_retry_after} with a Retry-After no client can parse, backed off instead"
            if self.unreadable_retry_after
            else ""
        )
        # A replay sends nothing: its requests are answered from the recordings.
        how = "sent" if self.waits else "replayed from the recordings"
        return (
            f"{plural(self.requests, 'request')} {how}; "
            f"{self.throttled} answered 429 (throttled{unreadable}), {self.waited_seconds:.1f} s waited"
        )
