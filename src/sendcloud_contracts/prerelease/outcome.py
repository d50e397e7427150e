"""One profile's run as the verdict table shows it."""

from __future__ import annotations

import enum
from dataclasses import dataclass


class Verdict(enum.StrEnum):
    PASS = "pass"
    CONTRACT_BROKEN = "contract broken"
    INFRASTRUCTURE_ERROR = "infrastructure error"
    CONFIGURATION_ERROR = "configuration error"


@dataclass(frozen=True)
class Outcome:
    profile: str
    verdict: Verdict
    # The run's own count, the one its summary.md and run.json give; None when it judged nothing.
    failures: int | None = None
    requests: int | None = None
    seconds: float = 0.0
    note: str = ""

    @property
    def stopped(self) -> bool:
        """The run ended before it judged the contract: no count of failures means anything."""
        return self.verdict not in (Verdict.PASS, Verdict.CONTRACT_BROKEN)

    @property
    def failed(self) -> str:
        """The table's failures cell, alike in `summary.md` and the page: a stopped run counted none."""
        return "stopped" if self.stopped else ("—" if self.failures is None else str(self.failures))
