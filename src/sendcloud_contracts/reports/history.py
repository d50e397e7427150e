"""What changed since the previous run of the same mode and target: new, still failing, fixed.

Each mode and target keeps a small JSON file (`history/<mode>-<hash>.json`, beside the report
folders) with, per run, its date, verdict, score and failure fingerprints. A fingerprint is the
rule, the operation and the field (numbers in it, such as list positions and ids, made `#`): never
the received value, which changes every night. A run that stopped early is kept in the trend but
is never the run a later one is compared with: nothing was known about the contract then.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sendcloud_contracts.recordings import vcr_setup

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable
    from pathlib import Path

    from sendcloud_contracts.recordings.redaction import Secrets
    from sendcloud_contracts.rules.failures import Finding

HISTORY_FOLDER = "history"
# Runs kept per mode and target: a month of nights.
KEEP_RUNS = 30
# Verdicts a later run may be compared with.
JUDGED = ("pass", "fail")
_NUMBER = re.compile(r"(^|[./ \[])\d+(?=$|[./: \]])")
# Failures no contract rule describes start with their check, e.g. `[ST103 Undocumented HTTP status code]`.
_CHECK = re.compile(r"^\[[^\]]+\]")


@dataclass(frozen=True, order=True)
class Fingerprint:
    rule: str
    operation: str
    field: str

    def as_json(self) -> list[str]:
        return [self.rule, self.operation, self.field]


def fingerprint(finding: Finding) -> Fingerprint:
    violation = finding.violation
    exchange = finding.exchange
    operation = f"{exchange.method} {exchange.operation_path}" if exchange is not None else finding.request
    return Fingerprint(violation.rule, operation, _NUMBER.sub(r"\1#", violation.field))


def other_fingerprint(test: str, line: str) -> Fingerprint:
    """A failure no contract rule describes: its test and its check (or its first words)."""
    check = _CHECK.match(line)
    return Fingerprint(check.group(0) if check else _NUMBER.sub(r"\1#", line)[:120], test, "")


@dataclass(frozen=True)
class Entry:
    date: str
    verdict: str
    # (checks that did not fail, checks run); None for a run that judged nothing.
    score: tuple[int, int] | None
    failures: frozenset[Fingerprint] = frozenset()

    @property
    def percent(self) -> float | None:
        return None if not self.score or not self.score[1] else 100 * self.score[0] / self.score[1]

    def as_json(self) -> dict[str, Any]:
        return {
            "date": self.date,
            "verdict": self.verdict,
            "score": list(self.score) if self.score else None,
            "failures": [item.as_json() for item in sorted(self.failures)],
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Entry:
        score = data.get("score")
        return cls(
            str(data["date"]),
            str(data["verdict"]),
            (int(score[0]), int(score[1])) if score else None,
            frozenset(Fingerprint(*map(str, item)) for item in data.get("failures", ())),
        )


@dataclass(frozen=True)
class Changes:
    """This run's failures against the previous judged run's."""

    previous: Entry | None
    new: frozenset[Fingerprint] = frozenset()
    still: frozenset[Fingerprint] = frozenset()
    fixed: tuple[Fingerprint, ...] = ()
    # Failing last time, but this run made no check of that rule on that operation.
    unchecked: tuple[Fingerprint, ...] = ()

    def mark(self, item: Fingerprint) -> str:
        """`new`, `still failing`, or "" when there is nothing to compare with."""
        if self.previous is None:
            return ""
        return "still failing" if item in self.still else "new"


def compare(
    previous: Entry | None, current: Iterable[Fingerprint], checked: Callable[[Fingerprint], bool]
) -> Changes:
    now = frozenset(current)
    if previous is None:
        return Changes(None)
    gone = sorted(previous.failures - now)
    return Changes(
        previous,
        new=now - previous.failures,
        still=now & previous.failures,
        fixed=tuple(item for item in gone if checked(item)),
        unchecked=tuple(item for item in gone if not checked(item)),
    )


@dataclass
class History:
    path: Path
    mode: str
    target: str
    document: str
    runs: list[Entry] = field(default_factory=list)

    @classmethod
    def load(cls, folder: Path, mode: str, target: str, document: str) -> History:
        key = hashlib.sha256(f"{target}\n{document}".encode()).hexdigest()[:12]
        history = cls(folder / f"{mode}-{key}.json", mode, target, document)
        try:
            data = json.loads(history.path.read_text(encoding="utf-8"))
            history.runs = [Entry.from_json(item) for item in data["runs"]]
        except (OSError, ValueError, KeyError, TypeError, IndexError):
            # No history yet, or one this version cannot read: start afresh rather than stop a report.
            history.runs = []
        return history

    def previous(self) -> Entry | None:
        """The latest run that judged the contract."""
        return next((entry for entry in reversed(self.runs) if entry.verdict in JUDGED), None)

    def add(self, entry: Entry, secrets: Secrets) -> None:
        """Keep `entry` (the last `KEEP_RUNS` runs) and write the file, every string redacted."""
        self.runs = [*self.runs, entry][-KEEP_RUNS:]
        data = {
            "mode": self.mode,
            "target": self.target,
            "document": self.document,
            "runs": [item.as_json() for item in self.runs],
        }
        text = json.dumps(secrets.redact_object(data), indent=2, ensure_ascii=False)
        vcr_setup.write_atomically(self.path, text + "\n")
