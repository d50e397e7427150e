"""A contract run's `report.html`: the verdict first, then what changed, the failures, the matrix.

Written from the objects `summary.md` and `run.json` are written from (`RunSummary`, the run's
findings, tally, hygiene and coverage), never from their text. The history of the same kind of run
(`history.history_key`) is read before the page is written, and extended after it by a run that
finished; a run that did not finish shows the earlier runs and adds nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from sendcloud_contracts.reports.evidence import Evidence, evidence
from sendcloud_contracts.reports.history import (
    HISTORY_FOLDER,
    JUDGED,
    Changes,
    Entry,
    Fingerprint,
    History,
    compare,
    fingerprint,
    other_fingerprint,
)
from sendcloud_contracts.reports.matrix import Matrix, build_matrix
from sendcloud_contracts.reports.render import PAGE_FILE, render, write_page
from sendcloud_contracts.reports.summary import COVERAGE_FILE
from sendcloud_contracts.wording import plural

if TYPE_CHECKING:
    from pathlib import Path

    from sendcloud_contracts.redaction import Secrets
    from sendcloud_contracts.reports.summary import RunSummary
    from sendcloud_contracts.rules.contract_run import ContractRun
    from sendcloud_contracts.rules.failures import Finding


# Failures that show their answer; past them a page of a badly broken night stays small enough to mail.
WITH_ANSWER_AT_MOST = 100


@dataclass(frozen=True)
class FailureView:
    anchor: str
    # How many answers showed this failure.
    times: int
    mark: str
    rule: str
    operation: str
    request: str
    field: str
    received: str
    documented: str
    fix: str
    reproduction: str
    evidence: Evidence | None


@dataclass(frozen=True)
class OtherView:
    test: str
    line: str
    mark: str


@dataclass(frozen=True)
class TrendPoint:
    date: str
    verdict: str
    percent: float | None
    current: bool = False

    @property
    def shown(self) -> str:
        if self.percent is None:
            return "—"
        # Never round a run with a failure up to 100%.
        return f"{min(self.percent, 99.9) if self.percent < 100 else 100:.1f}%"


def write_run_page(
    folder: Path, summary: RunSummary, run: ContractRun | None, *, history_key: str | None, secrets: Secrets
) -> Path:
    """`report.html` into the run's folder; the history beside the report folders gains a finished run."""
    history = History.load(folder.parent / HISTORY_FOLDER, history_key) if history_key else None
    entry = history_entry(summary, run)
    changes = changes_since(history, entry, run)
    html = run_page(summary, run, secrets=secrets, changes=changes, history=history)
    path = folder / PAGE_FILE
    write_page(path, html, secrets)
    if history is not None and summary.outcome.judged:
        history.add(entry, secrets)
    return path


def shown_path(path: Path, root: Path) -> str:
    """A path as the user gave it: relative to the checkout when inside it."""
    return str(path.relative_to(root)) if path.is_relative_to(root) else str(path)


def history_entry(summary: RunSummary, run: ContractRun | None) -> Entry:
    judged = summary.outcome.judged
    return Entry(
        date=summary.started.strftime("%Y-%m-%d %H:%M:%S UTC"),
        verdict=str(summary.outcome.ending),
        score=run.tally.score() if run is not None and judged else None,
        failures=frozenset(summary.fingerprints()) if judged else frozenset(),
    )


def changes_since(history: History | None, entry: Entry, run: ContractRun | None) -> Changes | None:
    """None when nothing can be compared: no history kept, or this run judged nothing."""
    if history is None or entry.verdict not in JUDGED:
        return None

    def checked(item: Fingerprint) -> bool:
        # A test's own failure is gone when the run completed; a rule's only if it judged that operation.
        if "::" in item.operation:
            return True
        return run is not None and sum(run.tally.cell(item.operation, item.rule).values()) > 0

    return compare(history.previous(), entry.failures, checked)


def run_page(
    summary: RunSummary,
    run: ContractRun | None,
    *,
    secrets: Secrets,
    changes: Changes | None = None,
    history: History | None = None,
) -> str:
    matrix: Matrix | None = None
    if run is not None and summary.outcome.judged:
        matrix = build_matrix(run.tally, summary.unique_hygiene(), run.spec, summary.base_url)
    judged = summary.outcome.judged
    failures = [
        _failure_view(index, finding, summary.times(finding), changes, secrets)
        for index, finding in enumerate(summary.rows() if judged else [])
    ]
    others = [
        OtherView(test, line, changes.mark(other_fingerprint(test, line)) if changes else "")
        for test, line in (summary.other_rows() if judged else [])
    ]
    return render(
        "run.html.j2",
        run=summary,
        document=summary.document or "— (not resolved)",
        matrix=matrix,
        failures=failures,
        others=others,
        changes=changes,
        history=history,
        trend=_trend(history, history_entry(summary, run)),
        hygiene=summary.unique_hygiene(),
        coverage=summary.coverage.to_json() if summary.coverage is not None else None,
        coverage_file=COVERAGE_FILE,
        coverage_warnings=summary.coverage.warnings() if summary.coverage is not None else [],
        deviations=_deviations(summary),
    )


def _failure_view(
    index: int, finding: Finding, times: int, changes: Changes | None, secrets: Secrets
) -> FailureView:
    violation = finding.violation
    exchange = finding.exchange
    operation = f"{exchange.method} {exchange.operation_path}" if exchange is not None else ""
    return FailureView(
        anchor=f"failure-{index + 1}",
        times=times,
        mark=changes.mark(fingerprint(finding)) if changes else "",
        rule=violation.rule,
        operation=operation,
        request=secrets.redact(finding.request),
        field=secrets.redact(violation.field),
        received=secrets.redact(violation.received),
        documented=secrets.redact(violation.documented),
        fix=secrets.redact(violation.fix),
        reproduction=secrets.redact(finding.reproduction),
        evidence=evidence(exchange, secrets)
        if exchange is not None and index < WITH_ANSWER_AT_MOST
        else None,
    )


def _trend(history: History | None, current: Entry) -> list[TrendPoint]:
    earlier = history.runs if history is not None else []
    points = [TrendPoint(entry.date, entry.verdict, entry.percent) for entry in earlier]
    return [*points, TrendPoint(current.date, current.verdict, current.percent, current=True)]


def _deviations(summary: RunSummary) -> list[tuple[str, str]]:
    ledger = summary.deviations
    if ledger is None:
        return []
    return [
        (
            str(entry),
            "expired" if entry.until < ledger.today else f"seen {plural(ledger.occurrences[entry], 'time')}",
        )
        for entry in ledger.entries
    ]
