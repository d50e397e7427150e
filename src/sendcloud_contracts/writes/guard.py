"""The one guard every write of a write run passes, at the transport: below schemathesis, Hypothesis
and the suite's own code, so no phase, hook or probe can send a write the plan does not name.

A write not on the run's list stops the run (exit 4) before it leaves, saying what tried. One on the
list is written to the journal first, then paced: under Sendcloud's limit for writes (100 a minute,
bursts of 15 a second) with a margin, and never more than the run's budget.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from sendcloud_contracts.defaults import MOST_WRITES
from sendcloud_contracts.exitcodes import bad_input
from sendcloud_contracts.http.write_permit import is_token_request, is_write

if TYPE_CHECKING:
    from collections.abc import Callable

    import requests

    from sendcloud_contracts.writes.journal import Journal
    from sendcloud_contracts.writes.plan import WritePlan

# Sendcloud's limits for POST, PUT, PATCH and DELETE are 100 a minute and 15 a second; the pace
# keeps a margin, as other clients of the account write too.
PER_MINUTE = 90
PER_SECOND = 10


class WritePace:
    """Sliding windows of a second and a minute; `sleep` is the clock's (none in a replay)."""

    def __init__(
        self,
        per_second: int | None = None,
        per_minute: int | None = None,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.per_second = PER_SECOND if per_second is None else per_second
        self.per_minute = PER_MINUTE if per_minute is None else per_minute
        self.clock = clock
        self.sleep = sleep
        self._sent: deque[float] = deque()
        self._lock = threading.Lock()

    def wait(self) -> None:
        with self._lock:
            while True:
                now = self.clock()
                while self._sent and now - self._sent[0] >= 60:
                    self._sent.popleft()
                last_second = [sent for sent in self._sent if now - sent < 1]
                if len(self._sent) >= self.per_minute:
                    delay = 60 - (now - self._sent[0])
                elif len(last_second) >= self.per_second:
                    delay = 1 - (now - last_second[0])
                else:
                    self._sent.append(now)
                    return
                self.sleep(max(delay, 0.001))


# Writes kept back from the sequences for the restore at the end, whatever the sequences spent: its
# settings, statuses and mapping, with room to spare; and one more for each order left to delete.
RESTORE_RESERVE = 20


class BudgetSpent(BaseException):
    """The sequences spent their writes. A `BaseException`, so that Hypothesis stops at once rather
    than shrink on with writes the run no longer has; the session says what it means."""


class WriteGuard:
    """The write run's permit (`http.write_permit.WritePermit`)."""

    def __init__(self, plan: WritePlan, journal: Journal, pace: WritePace, budget: int = MOST_WRITES) -> None:
        self.plan = plan
        self.journal = journal
        self.pace = pace
        self.budget = min(budget, MOST_WRITES)
        self.sent = 0
        # Set for the restore: it may spend the writes the sequences had to leave.
        self.restoring = False
        # How many writes the restore needs: the session adds one per order it would delete.
        self.reserve: Callable[[], int] = lambda: RESTORE_RESERVE

    def admit(self, request: requests.PreparedRequest, token_url: str | None) -> None:
        if not is_write(request) or is_token_request(request, token_url):
            return
        method, path = str(request.method).upper(), urlsplit(str(request.url)).path
        body = request.body.encode() if isinstance(request.body, str) else request.body
        refusal = self.plan.refusal(method, path, body)
        if refusal is not None:
            raise bad_input(
                f"refused a write before it was sent: {refusal}. Nothing of it reached the API; the "
                "write contract sends only the writes of its list (see the run's journal)"
            )
        if self.sent >= self.budget:
            raise bad_input(
                f"refused a write before it was sent: the run's {self.budget} writes are spent "
                f"({method} {path} would be one more); what is left to restore is in the journal: "
                "python3 -m tox -e writes-restore"
            )
        if not self.restoring and self.sent >= self.budget - self.reserve():
            raise BudgetSpent(f"{self.sent} writes sent")
        self.journal.write(method, path, body)
        self.pace.wait()
        self.sent += 1
