"""What changed since the previous run of the same kind: new, still failing, fixed.

Runs are compared when they hold the same account to the same document in the same way: the history
key is the mode, the document, the API version and the account (a fingerprint of its public key,
or the host it was recorded from), never a value a run draws afresh such as the double's port or a
seed. A pre-release profile's runs are keyed on the profile's name; `SENDCLOUD_HISTORY_KEY` names a
key of a team's own. Each key keeps a small JSON file (`history/<hash>.json`, beside the report
folders) with, per run, its date, verdict, score and failure fingerprints. A fingerprint is the
rule, the operation and the field (numbers in it, such as list positions and ids, made `#`): never
the received value, which changes every night. Only a run that finished is kept: one that stopped,
was interrupted or crashed knew nothing about the contract.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import urlparse

from sendcloud_contracts.files import write_atomically

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Mapping
    from pathlib import Path

    from sendcloud_contracts.redaction import Secrets
    from sendcloud_contracts.rules.failures import Finding

HISTORY_FOLDER = "history"
HISTORY_KEY_VARIABLE = "SENDCLOUD_HISTORY_KEY"
_LOOPBACK = ("127.0.0.1", "localhost", "::1")
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


def account_of(public_key: str | None, base_url: str | None) -> str:
    """Who was asked: a fingerprint of the account's public key, or the host a recording came from.

    A loopback host loses its port: the double listens on a fresh one each run (`--port 0`).
    """
    if public_key:
        return "key " + hashlib.sha256(public_key.encode()).hexdigest()[:12]
    parsed = urlparse(base_url or "")
    host = parsed.hostname or "unknown host"
    return host if host in _LOOPBACK or parsed.port is None else f"{host}:{parsed.port}"


def history_key(
    environ: Mapping[str, str], *, mode: str, document: str, api_version: str | None, account: str
) -> str:
    """What a run is compared on; `SENDCLOUD_HISTORY_KEY` where a team (or pre-release) names its own."""
    named = environ.get(HISTORY_KEY_VARIABLE, "").strip()
    if named:
        return named
    return f"{mode} · {document} · API {api_version or '?'} · {account}"


@dataclass
class History:
    path: Path
    key: str
    runs: list[Entry] = field(default_factory=list)

    @classmethod
    def load(cls, folder: Path, key: str) -> History:
        digest = hashlib.sha256(key.encode()).hexdigest()[:12]
        history = cls(folder / f"{digest}.json", key)
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
        """Keep a finished run's `entry` (the last `KEEP_RUNS` runs) and write the file, redacted."""
        if entry.verdict not in JUDGED:
            raise ValueError(f"only a finished run is kept in the history, not a {entry.verdict} one")
        self.runs = [*self.runs, entry][-KEEP_RUNS:]
        data = {"key": self.key, "runs": [item.as_json() for item in self.runs]}
        text = json.dumps(secrets.redact_object(data), indent=2, ensure_ascii=False)
        write_atomically(self.path, text + "\n")
