"""Politeness to a shared account: requests spaced by the rate limit, 429s waited out within a budget.

The 429 policy is urllib3's `Retry`, mounted on the session's adapter; vcrpy patches the connection
below urllib3, so each attempt, a 429 included, is recorded and replayed in order.
"""

from __future__ import annotations

import random
import threading
import time
from typing import TYPE_CHECKING, Any

from urllib3.exceptions import InvalidHeader, MaxRetryError, ResponseError
from urllib3.util.retry import Retry

from sendcloud_contracts.http.network_settings import DEFAULT_THROTTLE_BUDGET
from sendcloud_contracts.http.traffic import Traffic

if TYPE_CHECKING:
    from collections.abc import Callable

    from urllib3.response import BaseHTTPResponse

    from sendcloud_contracts.http.network_settings import RateLimit

TOO_MANY_REQUESTS = 429


class RateLimiter:
    """Spaces request starts evenly: polite to a shared per-account limit, and no bursts."""

    def __init__(self, limit: RateLimit | None, *, sleep: Callable[[float], None] = time.sleep) -> None:
        self._interval = limit.interval if limit else 0.0
        self._sleep = sleep
        self._next = 0.0
        self._lock = threading.Lock()

    def wait(self) -> None:
        if not self._interval:
            return
        with self._lock:
            now = time.monotonic()
            start = max(now, self._next)
            self._next = start + self._interval
        if start > now:
            self._sleep(start - now)


class ThrottleBudgetExhausted(ResponseError):
    """Raised inside urllib3 when the next wait would pass the budget; requests makes it a RetryError."""

    def __init__(self, waited: float, budget: float, attempts: int) -> None:
        super().__init__(f"answered 429 {attempts} times; waited {waited:.1f} s of a {budget:g} s budget")
        self.waited = waited
        self.budget = budget
        self.attempts = attempts


class ThrottleRetry(Retry):
    """Retries only 429, waiting `Retry-After` if given, else exponential backoff with jitter.

    The sum of the waits for one request stays within `budget`. urllib3 copies a `Retry` for every
    attempt through `new()`, so the extra state travels through it.
    """

    def __init__(
        self,
        *,
        budget: float = DEFAULT_THROTTLE_BUDGET,
        waited: float = 0.0,
        planned: float = 0.0,
        base: float = 1.0,
        sleeper: Callable[[float], None] = time.sleep,
        traffic: Traffic | None = None,
        **kwargs: Any,
    ) -> None:
        kwargs.setdefault("total", None)
        # Network errors are not retried: they stop the run as infrastructure errors instead.
        kwargs.setdefault("connect", 0)
        kwargs.setdefault("read", False)
        kwargs.setdefault("other", 0)
        kwargs.setdefault("redirect", False)
        kwargs.setdefault("status_forcelist", frozenset({TOO_MANY_REQUESTS}))
        # The token request is a POST; answering it with 429 is as retryable as a GET.
        kwargs.setdefault("allowed_methods", None)
        super().__init__(**kwargs)
        self.budget = budget
        self.waited = waited
        self.planned = planned
        self.base = base
        self.sleeper = sleeper
        self.traffic = traffic or Traffic()

    def new(self, **kw: Any) -> ThrottleRetry:
        kw.setdefault("budget", self.budget)
        kw.setdefault("waited", self.waited)
        kw.setdefault("planned", 0.0)
        kw.setdefault("base", self.base)
        kw.setdefault("sleeper", self.sleeper)
        kw.setdefault("traffic", self.traffic)
        retry = super().new(**kw)
        assert isinstance(retry, ThrottleRetry)
        return retry

    def wait_for(self, response: BaseHTTPResponse, attempt: int) -> float:
        retry_after = self.readable_retry_after(response) if self.respect_retry_after_header else None
        if retry_after is not None:
            # A `Retry-After: 0` must not become a busy loop against a throttled account.
            return max(retry_after, self.base / 2)
        backoff = min(self.backoff_max, self.base * 2 ** (attempt - 1))
        # Equal jitter: half fixed, half random, so clients throttled together do not retry together.
        return backoff / 2 + random.uniform(0, backoff / 2)

    def readable_retry_after(self, response: BaseHTTPResponse) -> float | None:
        """`Retry-After` in seconds; None when absent, or in no form a client can parse.

        A value that is neither delay-seconds nor an HTTP-date (words, `1.5`, `-1`, two headers
        folded into one, a date past year 9999) still says "back off": the backoff does, and the
        traffic line counts it. urllib3 would raise, and the run would stop on a throttled API.
        """
        try:
            return self.get_retry_after(response)
        except (InvalidHeader, ValueError, OverflowError):
            self.traffic.unreadable_retry_after_seen()
            return None

    def increment(
        self,
        method: str | None = None,
        url: str | None = None,
        response: BaseHTTPResponse | None = None,
        error: Exception | None = None,
        _pool: Any = None,
        _stacktrace: Any = None,
    ) -> ThrottleRetry:
        retry = super().increment(method, url, response, error, _pool, _stacktrace)
        assert isinstance(retry, ThrottleRetry)
        if response is None or response.status != TOO_MANY_REQUESTS:
            return retry
        self.traffic.answered_429()
        attempts = len(retry.history)
        wait = self.wait_for(response, attempts)
        if self.waited + wait > self.budget:
            raise MaxRetryError(_pool, url, ThrottleBudgetExhausted(self.waited, self.budget, attempts))
        self.traffic.sent()  # the same request, sent again after the wait
        return retry.new(waited=self.waited + wait, planned=wait, history=retry.history)

    def sleep(self, response: BaseHTTPResponse | None = None) -> None:
        if self.planned > 0:
            self.sleeper(self.planned)
            self.traffic.waited(self.planned)
