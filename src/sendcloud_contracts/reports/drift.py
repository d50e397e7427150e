"""A drift run's folder: `drift.md` and `report.html`, from the changes and the drift run's outcome.

A drift run records the API afresh (a contract run of its own, reporting into `recording/`) and
compares the shapes it recorded with the reference recordings. Its outcome: no drift (pass), drift
(fail), or, when the recording did not finish, the recording's own ending (stopped, interrupted,
crashed): then nothing was measured. The page also says how the recording's run itself ended, with
a link to its report, since a recording whose run found the contract broken is still compared.
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING, Protocol

from sendcloud_contracts.files import write_atomically
from sendcloud_contracts.reports.render import PAGE_FILE, render, write_page
from sendcloud_contracts.reports.run_folder import SUMMARY_FILE

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence
    from pathlib import Path

    from sendcloud_contracts.reports.outcome import Outcome

REPORT_FILE = "drift.md"
RECORDING_FOLDER = "recording"


class Change(Protocol):
    """What the page shows of one change in a recorded shape (`drift.changes.Change` is one)."""

    @property
    def operation(self) -> str: ...
    @property
    def status(self) -> int: ...
    @property
    def kind(self) -> str: ...
    @property
    def subject(self) -> str: ...
    @property
    def before(self) -> str: ...
    @property
    def after(self) -> str: ...


def recording_verdict(folder: Path) -> str | None:
    """The first line of the recording run's summary, its verdict; None when it left none."""
    try:
        first = (folder / RECORDING_FOLDER / SUMMARY_FILE).read_text(encoding="utf-8").splitlines()[0]
    except (OSError, IndexError):
        return None
    return first.removeprefix("# ").removeprefix("Sendcloud contract: ")


def unmeasured_report(outcome: Outcome, recording_reports: Path) -> str:
    """`drift.md` of a drift run whose recording did not finish."""
    return (
        f"# API drift: not measured: {outcome.word} (exit {outcome.exit_code})\n\n"
        f"**Why:** the fresh recording did not finish: {outcome.reason}\n\n"
        f"Its reports: `{recording_reports}`.\n"
    )


def write_drift_reports(
    folder: Path,
    outcome: Outcome,
    report: str,
    changes: Sequence[Change],
    old_label: str,
    new_label: str,
    compared: Iterable[str] = (),
) -> Path:
    """`drift.md` (`report`, its Markdown) and `report.html`: the changes per operation, or why
    drift was not measured."""
    write_atomically(folder / REPORT_FILE, report)
    by_operation: dict[str, list[Change]] = defaultdict(list)
    for change in changes:
        by_operation[change.operation].append(change)
    recording = folder / RECORDING_FOLDER / PAGE_FILE
    path = folder / PAGE_FILE
    html = render(
        "drift.html.j2",
        by_operation=dict(by_operation),
        changes=changes,
        old_label=old_label,
        new_label=new_label,
        compared=list(compared),
        outcome=outcome,
        recording_verdict=recording_verdict(folder),
        recording_page=f"{RECORDING_FOLDER}/{PAGE_FILE}" if recording.is_file() else None,
    )
    write_page(path, html)
    return path
