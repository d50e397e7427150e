"""The summary of a run: Markdown for a person (verdict first, what was tested, one row per failure,
then the rest), and `run.json` for tools, both from one `RunSummary`.

`render_summary` takes the run as data (`RunSummary`); each section is a function of it, so a new
section is one more function in `SECTIONS`. How the run ended is its `Outcome`, decided before
(`reports/outcome.py`); nothing here works it out again.

What is counted, in every report alike: a *failure* is one check failing on one operation (its rule,
its operation and the field, numbers in the field ignored: the history's fingerprint), however many
answers showed it; *tests* are pytest's, counted by the selection; the matrix counts *checks*, one
rule applied to one answer.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from sendcloud_contracts.reports.history import Fingerprint, fingerprint, other_fingerprint
from sendcloud_contracts.reports.outcome import Ending, Outcome
from sendcloud_contracts.wording import plural

if TYPE_CHECKING:
    from collections.abc import Callable
    from datetime import datetime

    from sendcloud_contracts.http.traffic import Traffic
    from sendcloud_contracts.rules.coverage import ContractCoverage
    from sendcloud_contracts.rules.deviations import DeviationLedger
    from sendcloud_contracts.rules.failures import Finding
    from sendcloud_contracts.rules.hygiene_findings import HygieneFinding


class Generation(Protocol):
    """How a run generated its cases (`pytest_plugin/seeding.py`), as the reports show it."""

    def describe(self) -> str: ...

    def as_json(self) -> dict[str, object]: ...


class Selection(Protocol):
    """How much of the suite a run selected (`pytest_plugin/selection.py`), as the reports show it."""

    @property
    def partial(self) -> bool: ...

    def counts(self) -> str: ...

    def describe(self) -> str: ...

    def as_json(self) -> dict[str, Any]: ...


# The coverage report beside the summary: a green run's summary points to it in one line.
COVERAGE_FILE = "contract-coverage.md"


@dataclass
class RunSummary:
    mode: str
    outcome: Outcome
    started: datetime
    seconds: float
    base_url: str | None = None
    auth: str | None = None
    integration_ids: tuple[int, ...] = ()
    traffic: Traffic | None = None
    generation: Generation | None = None
    findings: list[Finding] = field(default_factory=list)
    # (test, line) for failures no contract rule describes: schemathesis' own checks, other errors.
    other_failures: list[tuple[str, str]] = field(default_factory=list)
    # Hygiene warnings: what no client of the documented operations relies on.
    hygiene: list[HygieneFinding] = field(default_factory=list)
    # Lines a reader should know: a comparison skipped, or what it found in agreement.
    notes: list[str] = field(default_factory=list)
    # The document the run held the API to, as the user names it, and the API version it describes.
    document: str | None = None
    api_version: str | None = None
    strict_hygiene: bool = False
    coverage: ContractCoverage | None = None
    deviations: DeviationLedger | None = None
    # How much of the suite ran; None when the run stopped before its tests were collected.
    selection: Selection | None = None
    # Tests that failed (pytest's unit: a test, its subtests counted once), of those the selection ran.
    failed_tests: int = 0
    # What the run warned of before it started: a `SENDCLOUD_*` name it does not read, say.
    warnings: list[str] = field(default_factory=list)

    @property
    def exit_status(self) -> int | None:
        return self.outcome.exit_code

    @property
    def stopped(self) -> str | None:
        """Why the run did not finish, in one line; None for a run that judged the contract."""
        return None if self.outcome.judged else self.outcome.reason

    def rows(self) -> list[Finding]:
        """One finding per failure: the first answer that showed it (`times` counts the rest)."""
        unique: dict[Fingerprint, Finding] = {}
        for finding in self.findings:
            unique.setdefault(fingerprint(finding), finding)
        return list(unique.values())

    def times(self, finding: Finding) -> int:
        """How many answers showed the failure `finding` stands for."""
        key = fingerprint(finding)
        return sum(1 for other in self.findings if fingerprint(other) == key)

    def other_rows(self) -> list[tuple[str, str]]:
        """Failures no contract rule describes, once each."""
        unique: dict[Fingerprint, tuple[str, str]] = {}
        for test, line in self.other_failures:
            unique.setdefault(other_fingerprint(test, line), (test, line))
        return list(unique.values())

    def fingerprints(self) -> list[Fingerprint]:
        """The run's failures as the history compares them: one per failure the reports count."""
        return [fingerprint(finding) for finding in self.rows()] + [
            other_fingerprint(test, line) for test, line in self.other_rows()
        ]

    @property
    def failure_count(self) -> int:
        """Failures of a run that judged the contract; a run that did not finish counted none."""
        return len(self.fingerprints()) if self.outcome.judged else 0

    def unique_hygiene(self) -> list[HygieneFinding]:
        return list(dict.fromkeys(self.hygiene))

    def as_json(self) -> dict[str, Any]:
        """`run.json`: what other tools (pre-release, drift) read instead of parsing logs."""
        traffic = self.traffic
        return {
            **self.outcome.as_json(),
            "failures": self.failure_count if self.outcome.judged else None,
            "failed_tests": self.failed_tests if self.outcome.judged else None,
            "base_url": self.base_url,
            "requests": traffic.requests if traffic else None,
            "replayed": not traffic.waits if traffic else None,
            "throttled": traffic.throttled if traffic else None,
            "unreadable_retry_after": traffic.unreadable_retry_after if traffic else None,
            "waited_seconds": round(traffic.waited_seconds, 1) if traffic else None,
            "seconds": round(self.seconds, 1),
            # How to send a live run's requests again: its seed, and the options that use it.
            "generation": self.generation.as_json() if self.generation else None,
            # How much of the suite ran: a partial run's verdict covers its selected tests only.
            "selection": self.selection.as_json() if self.selection else None,
            # A comparison skipped, or what it found in agreement.
            "notes": self.notes,
            "warnings": self.warnings,
            "document": self.document,
            "api_version": self.api_version,
        }

    @property
    def verdict(self) -> str:
        outcome = self.outcome
        if not outcome.judged:
            return outcome.unfinished()
        partial = self.selection is not None and self.selection.partial
        # A partial run says so before anything else: its verdict covers the selected tests only.
        scope = f" (partial run: {self.selection.counts()})" if self.selection and partial else ""
        if outcome.ending is Ending.PASS:
            if partial:
                return f"PASS{scope}: the selected tests found the documented contract kept"
            return "PASS: the API keeps its documented contract"
        if self.failure_count:
            return f"FAIL{scope}: the API broke its contract ({plural(self.failure_count, 'failure')})"
        count = plural(len(self.unique_hygiene()), "hygiene finding")
        return f"FAIL{scope}: {count}, failing because of --strict-hygiene"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _headline(run: RunSummary) -> list[str]:
    lines = [f"# Sendcloud contract: {run.verdict}", ""]
    if run.stopped is not None:
        lines += [f"**Why:** {run.stopped}", ""]
    return lines


def _facts(run: RunSummary) -> list[str]:
    ids = ", ".join(str(item) for item in run.integration_ids) or "—"
    traffic = run.traffic.describe() if run.traffic is not None else "not counted"
    return [
        f"- Target: {run.base_url or '— (not resolved)'} ({run.mode} mode)",
        *(
            [f"- Document: {run.document}" + (f" (API {run.api_version})" if run.api_version else "")]
            if run.document
            else []
        ),
        f"- Auth: {run.auth or '—'}",
        f"- Integration ids: {ids}",
        f"- Date: {run.started.strftime('%Y-%m-%d %H:%M:%S %Z').strip()}",
        f"- Duration: {run.seconds:.1f} s",
        f"- Requests: {traffic}",
        f"- Generation: {run.generation.describe() if run.generation else '— (not resolved)'}",
        *([f"- Tests: {run.selection.describe()}{_failed_tests(run)}"] if run.selection else []),
        *([f"- Coverage: {run.coverage.unseen()}; see {COVERAGE_FILE}"] if run.coverage else []),
        "",
    ]


def _failed_tests(run: RunSummary) -> str:
    return f"; {run.failed_tests} failed" if run.outcome.judged and run.failed_tests else ""


def _failures(run: RunSummary) -> list[str]:
    # What a run that did not finish saw is no verdict: its reports list no failures.
    rows = run.rows() if run.outcome.judged else []
    if not rows:
        return []
    of = f" of {run.failure_count}" if len(rows) != run.failure_count else ""
    lines = [
        f"## Failures found by the contract's rules ({len(rows)}{of})",
        "",
        "| check | request | field | received | documented | answers | reproduce |",
        "|---|---|---|---|---|---|---|",
    ]
    for finding in rows:
        violation = finding.violation
        reproduce = f"`{finding.reproduction}`" if finding.reproduction else ""
        cells = (violation.rule, finding.request, violation.field, violation.received, violation.documented)
        lines.append(
            "| " + " | ".join(_cell(cell) for cell in (*cells, str(run.times(finding)), reproduce)) + " |"
        )
    return [*lines, ""]


def _other_failures(run: RunSummary) -> list[str]:
    failures = run.other_rows() if run.outcome.judged else []
    if not failures:
        return []
    of = f" of {run.failure_count}" if len(failures) != run.failure_count else ""
    lines = [f"## Failures no contract rule describes ({len(failures)}{of})", ""]
    lines += [f"- `{test}`: {_cell(message)}" for test, message in failures]
    return [*lines, ""]


def _setup_warnings(run: RunSummary) -> list[str]:
    if not run.warnings:
        return []
    return ["## Before the run", "", *(f"- {_cell(warning)}" for warning in run.warnings), ""]


def _notes(run: RunSummary) -> list[str]:
    if not run.notes:
        return []
    return ["## Notes", "", *(f"- {_cell(note)}" for note in dict.fromkeys(run.notes)), ""]


def _warnings(run: RunSummary) -> list[str]:
    findings = run.unique_hygiene()
    if not findings:
        return []
    # Hygiene: what no client of the documented operations relies on (`--strict-hygiene` fails on it).
    lines = [f"## Warnings ({len(findings)})", ""]
    for finding in findings:
        lines.append(f"- {finding.kind}: {_cell(finding.headline)}")
        lines += [f"  - {_cell(detail)}" for detail in finding.details]
    return [*lines, ""]


def _deviations(run: RunSummary) -> list[str]:
    deviations = run.deviations
    if deviations is None or not (deviations.entries or deviations.occurrences):
        return []
    lines = ["## Accepted deviations", ""]
    for entry in deviations.entries:
        seen = deviations.occurrences[entry]
        state = "expired" if entry.until < deviations.today else f"seen {plural(seen, 'time')}"
        lines.append(f"- {entry}: {state}")
    return [*lines, ""]


SECTIONS: tuple[Callable[[RunSummary], list[str]], ...] = (
    _headline,
    _setup_warnings,
    _facts,
    _failures,
    _other_failures,
    _notes,
    _warnings,
    _deviations,
)


def render_summary(run: RunSummary) -> str:
    lines = [line for section in SECTIONS for line in section(run)]
    return "\n".join(lines).rstrip() + "\n"
