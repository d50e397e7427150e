"""The real API's rate limit on writes: 100 a minute, in bursts of at most 15 a second, per account.

Both API versions count against the one limit, whichever key sent the write (the limit is the
account's). A write over it answers 429 with an empty body and no `Retry-After`, as the real API
does (`app.py`). What counts: every POST, PUT, PATCH or DELETE under `/api/v2/` or `/api/v3/` whose
credentials the app let in, whatever it then answers (a 400, 404 or 405 too: a limit that sits in
front of the views); a write refused 401 or 429, a read, a token request count for nothing. How the
real API counts is not documented; the double counts in sliding windows (*inferred*): a write counts
against a window for that window's length after it was let through, so a client that waits out the
window is served again.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sendcloud_contracts.double.clock import Clock

SECOND = 1.0
MINUTE = 60.0


@dataclass(frozen=True)
class WriteLimit:
    """How many writes the account may send: in any one second, and in any one minute."""

    per_second: int = 15
    per_minute: int = 100

    @classmethod
    def parse(cls, text: str) -> WriteLimit:
        """`PER_SECOND,PER_MINUTE`, e.g. `15,100`; raises ValueError for anything else."""
        second, _, minute = text.partition(",")
        limit = cls(int(second), int(minute))
        if limit.per_second < 1 or limit.per_minute < 1:
            raise ValueError(f"a write limit lets at least one write through: {text!r}")
        return limit


# The documented limit of the real API.
REAL_WRITE_LIMIT = WriteLimit()


class WriteLimiter:
    """Lets a write through while both windows have room, and remembers when it did."""

    def __init__(self, limit: WriteLimit, clock: Clock) -> None:
        self.limit = limit
        self._clock = clock
        self._admitted: deque[float] = deque()

    def admits(self) -> bool:
        now = self._clock.monotonic()
        while self._admitted and now - self._admitted[0] >= MINUTE:
            self._admitted.popleft()
        last_second = sum(1 for moment in self._admitted if now - moment < SECOND)
        if len(self._admitted) >= self.limit.per_minute or last_second >= self.limit.per_second:
            return False
        self._admitted.append(now)
        return True
