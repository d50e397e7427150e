"""Time as the double tells it: instants it writes into the account, and a monotonic clock it counts by.

The real API writes date-times in Amsterdam's offset (`+01:00` in winter, `+02:00` in summer: public
recordings show both) with microseconds, as Django REST framework renders an aware datetime in the
server's time zone (`isoformat()`, which leaves the fraction out when it is zero). The double does
the same for every date-time a write sets. `ManualClock` makes that, the write rate limit and token
expiry deterministic in tests.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone
from typing import Protocol

from sendcloud_contracts.double.instants import instant

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_WINTER = timedelta(hours=1)
_OFFSET = re.compile(r"(?:[Zz]|[+-]\d{2}:\d{2})$")
_SUMMER = timedelta(hours=2)


class Clock(Protocol):
    def now(self) -> datetime:
        """The current instant, time-zone aware."""
        ...

    def monotonic(self) -> float:
        """Seconds that only ever grow: what rate limits, token lifetimes and the request log count in."""
        ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)

    def monotonic(self) -> float:
        return time.monotonic()


@dataclass
class SteppingClock:
    """Instants that start at a fixed moment and move a millisecond each time one is read; real
    seconds for rates and lifetimes. A recording of the double made with it is the same every time,
    as long as the same requests reach it in the same order."""

    instant: datetime = field(default_factory=lambda: datetime(2026, 3, 2, 9, 30, tzinfo=UTC))

    def now(self) -> datetime:
        self.instant += timedelta(milliseconds=1)
        return self.instant

    def monotonic(self) -> float:
        return time.monotonic()


@dataclass
class ManualClock:
    """A clock that moves only when told to: `advance` moves both of its readings alike."""

    instant: datetime = field(default_factory=lambda: datetime(2026, 3, 2, 9, 30, tzinfo=UTC))
    seconds: float = 0.0

    def now(self) -> datetime:
        return self.instant

    def monotonic(self) -> float:
        return self.seconds

    def advance(self, seconds: float) -> None:
        self.instant += timedelta(seconds=seconds)
        self.seconds += seconds


def amsterdam_offset(moment: datetime) -> timedelta:
    """The offset of Amsterdam at an aware instant: summer time from the last Sunday of March to the
    last Sunday of October, each at 01:00 UTC (the EU's rule since 1996)."""
    utc = moment.astimezone(UTC)
    starts, ends = _last_sunday(utc.year, 3), _last_sunday(utc.year, 10)
    return _SUMMER if starts <= utc < ends else _WINTER


def rendered(moment: datetime) -> str:
    """An instant as the real API writes it: in Amsterdam's offset, microseconds unless zero."""
    return moment.astimezone(timezone(amsterdam_offset(moment))).isoformat()


def parsed(text: str) -> datetime | None:
    """An RFC 3339 date-time read as Django reads one: without an offset it is Amsterdam's local time.

    None when `text` is no date-time.
    """
    micros = instant(text)
    if micros is None:
        return None
    moment = _EPOCH + timedelta(microseconds=micros)
    if _OFFSET.search(text) is None:
        moment -= amsterdam_offset(moment - _WINTER)
    return moment


def _last_sunday(year: int, month: int) -> datetime:
    following = datetime(year + month // 12, month % 12 + 1, 1, 1, tzinfo=UTC)
    last_day = following - timedelta(days=1)
    return last_day - timedelta(days=(last_day.weekday() - 6) % 7)
