"""The summary of a run: Markdown for a person (verdict first, what was tested, one row per failure,
then the rest), and `run.json` for tools, both from one `RunSummary`.

`render_summary` takes the run as data (`RunSummary`); each section is a function of it, so a new
section is one more function in `SECTIONS`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sendcloud_contracts.wording import plural

if TYPE_CHECKING:
    from collections.abc import Callable
    from datetime import datetime

    from sendcloud_contracts.http.traffic import Traffic
    from sendcloud_contracts.pytest_plugin.seeding import Generation
    from sendcloud_contracts.pytest_plugin.selection import Selection
    from sendcloud_contracts.rules.coverage import ContractCoverage
    from sendcloud_contracts.rules.deviations import DeviationLedger
    from sendcloud_contracts.rules.failures import Finding
    from sendcloud_contracts.rules.hygiene import HygieneFinding


# The coverage report beside the summary: a green run's summary points to it in one line.
COVERAGE_FILE = "contract-coverage.md"


@dataclass
class RunSummary:
    mode: str
    exit_status: int
    started: datetime
    seconds: float
    base_url: str | None = None
    auth: str | None = None
    integration_ids: tuple[int, ...] = ()
    traffic: Traffic | None = None
    generation: Generation | None = None
    # Why the run ended before judging the contract (exit 4 or 75), in one line.
    stopped: str | None = None
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

    def rows(self) -> list[Finding]:
        """Findings once each: the same violation of the same request is one row, however often seen."""
        unique: dict[tuple[str, str, str, str], Finding] = {}
        for finding in self.findings:
            violation = finding.violation
            unique.setdefault((violation.rule, finding.request, violation.field, violation.received), finding)
        return list(unique.values())

    @property
    def failure_count(self) -> int:
        return len(self.rows()) + len(dict.fromkeys(self.other_failures))

    def unique_hygiene(self) -> list[HygieneFinding]:
        return list(dict.fromkeys(self.hygiene))

    @property
    def outcome(self) -> str:
        """The verdict in one word, for tools: pass, fail, stopped or error."""
        return self.verdict.split(":", 1)[0].split(" ", 1)[0].lower()

    def as_json(self) -> dict[str, Any]:
        """`run.json`: what other tools (pre-release, drift) read instead of parsing logs."""
        traffic = self.traffic
        return {
            "verdict": self.outcome,
            "exit_status": self.exit_status,
            "stopped": self.stopped,
            "failures": self.failure_count,
            "base_url": self.base_url,
            "requests": traffic.requests if traffic else None,
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
            "document": self.document,
            "api_version": self.api_version,
        }

    @property
    def verdict(self) -> str:
        if self.stopped is not None:
            return (
                f"STOPPED (exit {self.exit_status}): the run ended early; nothing is known about the contract"
            )
        partial = self.selection is not None and self.selection.partial
        # A partial run says so before anything else: its verdict covers the selected tests only.
        scope = f" (partial run: {self.selection.counts()})" if self.selection and partial else ""
        if self.exit_status == 0:
            if partial:
                return f"PASS{scope}: the selected tests found the documented contract kept"
            return "PASS: the API keeps its documented contract"
        if self.failure_count:
            return f"FAIL{scope}: the API broke its contract ({plural(self.failure_count, 'failure')})"
        if self.hygiene and self.strict_hygiene:
            count = plural(len(self.unique_hygiene()), "hygiene finding")
            return f"FAIL{scope}: {count}, failing because of --strict-hygiene"
        return f"ERROR: the run did not complete (exit status {self.exit_status}); see the log"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _headline(run: RunSummary) -> list[str]:
    lines = [f"# Sendcloud contract: {run.verdict}", ""]
    if run.stopped is not None:
        lines += [f"**Why it stopped:** {run.stopped}", ""]
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
        *([f"- Tests: {run.selection.describe()}"] if run.selection else []),
        *([f"- Coverage: {run.coverage.unseen()}; see {COVERAGE_FILE}"] if run.coverage else []),
        "",
    ]


def _failures(run: RunSummary) -> list[str]:
    rows = run.rows()
    if not rows:
        return []
    lines = [
        f"## Failures ({len(rows)})",
        "",
        "| check | request | field | received | documented | reproduce |",
        "|---|---|---|---|---|---|",
    ]
    for finding in rows:
        violation = finding.violation
        reproduce = f"`{finding.reproduction}`" if finding.reproduction else ""
        cells = (violation.rule, finding.request, violation.field, violation.received, violation.documented)
        lines.append("| " + " | ".join(_cell(cell) for cell in (*cells, reproduce)) + " |")
    return [*lines, ""]


def _other_failures(run: RunSummary) -> list[str]:
    failures = list(dict.fromkeys(run.other_failures))
    if not failures:
        return []
    lines = [f"## Other failing tests ({len(failures)})", ""]
    lines += [f"- `{test}`: {_cell(message)}" for test, message in failures]
    return [*lines, ""]


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
