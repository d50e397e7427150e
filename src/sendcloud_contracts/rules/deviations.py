"""Known deviations of the API from its spec, accepted on purpose, each with a reason and an end date."""

from __future__ import annotations

import tomllib
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

from sendcloud_contracts.errors import ConfigurationError

if TYPE_CHECKING:
    from pathlib import Path

    from sendcloud_contracts.rules.model import Violation

RULES = (
    "response_schema",
    "timestamp",
    "error_envelope",
    "requested_integration",
    "authentication",
    "consistency",
)


@dataclass(frozen=True)
class Deviation:
    rule: str
    field: str
    reason: str
    until: date
    # The received value, as a violation shows it (JSON text, e.g. `""`); absent means any value.
    received: str | None = None

    def matches(self, violation: Violation) -> bool:
        return (
            violation.rule == self.rule
            and violation.field == self.field
            and (self.received is None or violation.received == self.received)
        )

    def __str__(self) -> str:
        value = f" = {self.received}" if self.received is not None else ""
        return f"{self.rule} {self.field}{value} (until {self.until.isoformat()}: {self.reason})"


class DeviationLedger:
    """Sorts violations into accepted and not, and remembers which entries were used."""

    def __init__(self, entries: list[Deviation], today: date | None = None) -> None:
        self.entries = entries
        self.today = today or date.today()
        self.occurrences: Counter[Deviation] = Counter()

    def expired(self) -> list[Deviation]:
        return [entry for entry in self.entries if entry.until < self.today]

    def unaccepted(self, violations: list[Violation]) -> list[Violation]:
        """The violations no current entry accepts; accepted ones are counted, not returned."""
        remaining = []
        for violation in violations:
            entry = next((entry for entry in self.entries if entry.matches(violation)), None)
            if entry is None or entry.until < self.today:
                remaining.append(violation)
            else:
                self.occurrences[entry] += 1
        return remaining

    def stale(self) -> list[Deviation]:
        """Current entries that matched nothing in this run: the API may have been fixed."""
        return [entry for entry in self.entries if entry.until >= self.today and not self.occurrences[entry]]


def load_deviations(path: Path, today: date | None = None) -> DeviationLedger:
    if not path.exists():
        return DeviationLedger([], today)
    try:
        document = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise ConfigurationError(f"{path}: not readable TOML ({error})") from None
    entries = []
    for number, raw in enumerate(document.get("deviation", []), start=1):
        where = f"{path}: deviation #{number}"
        missing = [key for key in ("rule", "field", "reason", "until") if key not in raw]
        if missing:
            raise ConfigurationError(
                f"{where} lacks {', '.join(missing)}; every entry says rule, field, reason, until"
            )
        if raw["rule"] not in RULES:
            raise ConfigurationError(
                f"{where}: rule {raw['rule']!r} is unknown; expected one of: {', '.join(RULES)}"
            )
        # TOML's date-times are `date`s to isinstance, but compare with none: a date only.
        if not isinstance(raw["until"], date) or isinstance(raw["until"], datetime):
            raise ConfigurationError(
                f"{where}: until = {raw['until']!r} is not a date; write e.g. until = 2027-03-31"
            )
        received = raw.get("received")
        entries.append(
            Deviation(
                rule=str(raw["rule"]),
                field=str(raw["field"]),
                reason=str(raw["reason"]),
                until=raw["until"],
                received=None if received is None else str(received),
            )
        )
    return DeviationLedger(entries, today)
