"""How the suite talks to the API: timeouts, rate limit and throttling budget, from `SENDCLOUD_*`."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from sendcloud_contracts.errors import ConfigurationError

if TYPE_CHECKING:
    from collections.abc import Mapping

DEFAULT_CONNECT_TIMEOUT = 5.0
DEFAULT_READ_TIMEOUT = 10.0
DEFAULT_RATE_LIMIT = "10/s"
DEFAULT_THROTTLE_BUDGET = 60.0
# `10/s`, `300/m` and `300/min`, `5000/h`: the suite's own notation and schemathesis'.
_RATE_LIMIT = re.compile(r"^\s*(?P<count>[0-9]+)\s*/\s*(?P<unit>s|m|min|h)\s*$")
_UNIT_SECONDS = {"s": 1.0, "m": 60.0, "min": 60.0, "h": 3600.0}
_UNIT_NAMES = {1.0: "s", 60.0: "min", 3600.0: "h"}


@dataclass(frozen=True)
class RateLimit:
    requests: int
    per_seconds: float

    @property
    def interval(self) -> float:
        return self.per_seconds / self.requests

    def __str__(self) -> str:
        return f"{self.requests}/{_UNIT_NAMES.get(self.per_seconds, 's')}"


@dataclass(frozen=True)
class NetworkSettings:
    """How the suite talks to the API; a `conftest.py` can override the `contract_network` fixture."""

    connect_timeout: float = DEFAULT_CONNECT_TIMEOUT
    read_timeout: float = DEFAULT_READ_TIMEOUT
    # None sends as fast as the API answers: replay, where nothing reaches the network.
    rate_limit: RateLimit | None = RateLimit(10, 1.0)
    # Total seconds one request may spend waiting out 429s before the run stops.
    throttle_budget: float = DEFAULT_THROTTLE_BUDGET
    # Backoff without Retry-After: base * 2**(n-1) for the n-th 429 in a row, capped, with jitter.
    backoff_base: float = 1.0
    backoff_max: float = 30.0
    # False in replay: recorded 429s are answered at once, there is no one to be polite to.
    wait: bool = True
    replay: bool = False

    def for_replay(self) -> NetworkSettings:
        return replace(self, rate_limit=None, throttle_budget=float("inf"), wait=False, replay=True)


def network_from_environment(environ: Mapping[str, str]) -> NetworkSettings:
    return NetworkSettings(
        connect_timeout=parse_seconds(environ, "SENDCLOUD_CONNECT_TIMEOUT", DEFAULT_CONNECT_TIMEOUT),
        read_timeout=parse_seconds(environ, "SENDCLOUD_READ_TIMEOUT", DEFAULT_READ_TIMEOUT),
        rate_limit=parse_rate_limit(environ.get("SENDCLOUD_RATE_LIMIT") or DEFAULT_RATE_LIMIT),
        throttle_budget=parse_seconds(
            environ, "SENDCLOUD_THROTTLE_BUDGET", DEFAULT_THROTTLE_BUDGET, allow_zero=True
        ),
    )


def parse_seconds(
    environ: Mapping[str, str], variable: str, default: float, *, allow_zero: bool = False
) -> float:
    raw = environ.get(variable, "").strip()
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError:
        value = float("nan")
    if not (value >= 0 if allow_zero else value > 0) or value == float("inf"):
        expected = "zero or more" if allow_zero else "more than zero"
        raise ConfigurationError(
            f"{variable}={raw!r} is not a number of seconds; expected {expected}, e.g. {default:g}"
        )
    return value


def parse_rate_limit(value: str) -> RateLimit:
    match = _RATE_LIMIT.match(value)
    if match is None or int(match["count"]) < 1:
        raise ConfigurationError(
            f"SENDCLOUD_RATE_LIMIT={value!r} is not a rate; expected requests per second, minute or hour, "
            f"e.g. {DEFAULT_RATE_LIMIT}, 300/m (or 300/min) or 5000/h"
        )
    return RateLimit(int(match["count"]), _UNIT_SECONDS[match["unit"]])
