"""Test-local variants of the reference double, kept out of the double itself."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from sendcloud_contracts.double import DoubleApp, Reply
from sendcloud_contracts.double.base import TOKEN_PATH

if TYPE_CHECKING:
    from sendcloud_contracts.double import Request


@dataclass
class ThrottledApp(DoubleApp):
    """Answers 429 like Sendcloud (empty body, no Retry-After) to the requests it is told to."""

    # 1-based numbers of the API requests to throttle; every request from `throttle_from` on, too.
    throttle: frozenset[int] = frozenset()
    throttle_from: int | None = None
    retry_after: str | None = None
    received: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def handle(self, request: Request) -> Reply:
        if request.path != TOKEN_PATH:
            with self._lock:
                self.received += 1
                number = self.received
            if number in self.throttle or (self.throttle_from is not None and number >= self.throttle_from):
                headers = {"Retry-After": self.retry_after} if self.retry_after is not None else {}
                return Reply(429, headers)
        return super().handle(request)
