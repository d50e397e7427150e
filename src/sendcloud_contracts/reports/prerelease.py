"""A pre-release verification's folder: one row per profile run, the table, the page, the verdict.

Each row is a profile's run as its own `run.json` says it ended (`Outcome`), with the run's own
counts; nothing here reads an exit code or a log to work an ending out. The verification's verdict is
the most telling of its rows' (`outcome.worst`), unless the verification itself was interrupted.
`summary.md` holds the table under that verdict, `run.json` the same for tools (with every row and
the profiles the verification ran), `report.html` links each row to its run's page. A verification
that starts marks the folder RUNNING and removes the folders of profiles the last one ran and this
one does not; only folders a verification named in its own `run.json` are ever removed.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from sendcloud_contracts import exitcodes
from sendcloud_contracts.files import write_atomically
from sendcloud_contracts.reports.outcome import Ending, Outcome, worst
from sendcloud_contracts.reports.render import PAGE_FILE, render, write_page
from sendcloud_contracts.reports.run_folder import OUTCOME_FILE, SUMMARY_FILE, read_outcome
from sendcloud_contracts.wording import plural

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence
    from pathlib import Path

TITLE = "# Pre-release verification"
TABLE_HEADER = "| account | verdict | failures | requests | time | note |\n|---|---|---|---|---|---|\n"
# The verdict column in words a team acts on.
LABELS = {
    Ending.PASS: "pass",
    Ending.FAIL: "contract broken",
    Ending.INTERRUPTED: "interrupted",
    Ending.CRASHED: "crashed",
    Ending.RUNNING: "no verdict",
}
STOPPED_LABELS = {
    exitcodes.BAD_INPUT: "configuration error",
    exitcodes.INFRASTRUCTURE: "infrastructure error",
}


@dataclass(frozen=True)
class Row:
    """One profile's run as the table shows it."""

    profile: str
    outcome: Outcome
    # The run's own count of failures, as its summary.md and run.json give it; None if it judged nothing.
    failures: int | None = None
    requests: int | None = None
    seconds: float = 0.0
    note: str = ""

    @property
    def verdict(self) -> str:
        if self.outcome.ending is Ending.STOPPED:
            return STOPPED_LABELS.get(self.outcome.exit_code or 0, "stopped")
        return LABELS[self.outcome.ending]

    @property
    def failed(self) -> str:
        """The failures cell: a run that did not finish counted none."""
        if not self.outcome.judged:
            return "—" if self.outcome.ending is Ending.RUNNING else "stopped"
        return "—" if self.failures is None else str(self.failures)

    def as_json(self) -> dict[str, Any]:
        return {
            "profile": self.profile,
            **self.outcome.as_json(),
            "failures": self.failures,
            "requests": self.requests,
            "seconds": round(self.seconds, 1),
            "note": self.note,
        }


def row_from_run(profile: str, folder: Path, note: str = "") -> Row | None:
    """A row from a profile run's own `run.json`; None when the run left none."""
    data = read_outcome(folder)
    if not data:
        return None
    outcome = Outcome.from_json(data)
    failures, requests, seconds = data.get("failures"), data.get("requests"), data.get("seconds")
    return Row(
        profile,
        outcome,
        failures if outcome.judged and isinstance(failures, int) else None,
        requests if isinstance(requests, int) else None,
        float(seconds) if isinstance(seconds, (int, float)) else 0.0,
        note,
    )


def render_row(row: Row) -> str:
    requests = "—" if row.requests is None else str(row.requests)
    seconds = f"{row.seconds:.1f} s" if row.seconds else "—"
    note = row.note.replace("|", "\\|").replace("\n", " ")
    return f"| {row.profile} | {row.verdict} | {row.failed} | {requests} | {seconds} | {note} |\n"


def render_table(rows: Sequence[Row]) -> str:
    return TABLE_HEADER + "".join(render_row(row) for row in rows)


def verdict(rows: Sequence[Row], accounts: int, interrupted: str | None = None) -> tuple[Outcome, str]:
    """The verification's outcome and headline: the most telling row's, or the verification's own
    interruption; counted in runs, out of the accounts they check."""
    runs = len(rows)
    if interrupted is not None:
        outcome = Outcome.interrupted(f"the verification was interrupted by {interrupted}")
        return outcome, f"{outcome.unfinished('the accounts it had not finished')}"
    outcome = worst([row.outcome for row in rows])
    same = sum(1 for row in rows if row.outcome == outcome or _alike(row.outcome, outcome))
    of = f"{same} of {plural(runs, 'run')}"
    checked = f"{plural(accounts, 'account')}, {plural(runs, 'run')}"
    if outcome.ending is Ending.PASS:
        return outcome, f"PASS: every account keeps the documented contract ({checked})"
    if outcome.ending is Ending.FAIL:
        return outcome, f"FAIL: an account's API broke its contract ({of})"
    if outcome.exit_code == exitcodes.BAD_INPUT:
        return outcome, f"ERROR: a setup mistake stopped {of}"
    if outcome.exit_code == exitcodes.INFRASTRUCTURE:
        return outcome, f"ERROR: {of} could not reach their account"
    return outcome, f"{outcome.word}: {of} ended without a verdict"


def _alike(one: Outcome, other: Outcome) -> bool:
    return one.ending is other.ending and one.exit_code == other.exit_code


def previous_profiles(reports: Path) -> list[str]:
    """The profiles the last verification in `reports` ran, by its own `run.json`."""
    names = read_outcome(reports).get("profiles")
    if not isinstance(names, list):
        return []
    return [name for name in names if isinstance(name, str) and name and "/" not in name and name[0] != "."]


def retire(reports: Path, keep: Iterable[str]) -> None:
    """Remove the folders of profiles the last verification ran and this one does not."""
    kept = set(keep)
    for name in previous_profiles(reports):
        if name not in kept:
            shutil.rmtree(reports / name, ignore_errors=True)


def _write(
    reports: Path,
    outcome: Outcome,
    headline: str,
    profiles: Sequence[str],
    rows: Sequence[Row],
    body: str,
    accounts: int,
) -> None:
    status = "" if outcome.exit_code is None or "(exit" in headline else f" (exit {outcome.exit_code})"
    write_page(
        reports / PAGE_FILE,
        render(
            "prerelease.html.j2",
            headline=headline + status,
            outcome=outcome,
            rows=[(row, (reports / row.profile / PAGE_FILE).is_file()) for row in rows],
            accounts=accounts,
        ),
    )
    write_atomically(reports / SUMMARY_FILE, f"{TITLE}: {headline}{status}\n\n{body}")
    data = {
        **outcome.as_json(),
        "accounts": accounts,
        "runs": len(rows),
        "profiles": list(profiles),
        "rows": [row.as_json() for row in rows],
    }
    write_atomically(reports / OUTCOME_FILE, json.dumps(data, indent=2) + "\n")


def started(reports: Path, profiles: Sequence[str]) -> None:
    """A verification under way: a killed one leaves this, not the verdict of the one before."""
    retire(reports, profiles)
    when = datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S %Z")
    running = Outcome.running()
    note = "If no verification is under way, it was killed before its end: nothing is known from it.\n"
    _write(reports, running, f"RUNNING: started {when}, no verdict yet", profiles, [], note, 0)


def stopped(reports: Path, reason: str, code: int) -> None:
    """A verification that stopped before any profile ran: no profile's folder stands for it."""
    retire(reports, ())
    outcome = Outcome.stopped(reason, code)
    _write(reports, outcome, outcome.unfinished("any account"), (), [], f"**Why:** {outcome.reason}\n", 0)


def finished(
    reports: Path, profiles: Sequence[str], rows: Sequence[Row], accounts: int, interrupted: str | None = None
) -> Outcome:
    """The verification's verdict from its rows: `summary.md` with the table, `run.json`, the page."""
    outcome, headline = verdict(rows, accounts, interrupted)
    why = f"**Why:** {outcome.reason}\n\n" if outcome.ending is Ending.INTERRUPTED else ""
    _write(reports, outcome, headline, profiles, rows, why + render_table(rows), accounts)
    return outcome
