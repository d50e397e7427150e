"""How the benchmark judges one run against a catalogue entry, and the table and lines it adds up to.

A fault is caught when the run fails and its output names it (one of the entry's `caught_by`
fragments), and for the suite also ends with the entry's exit code; a valid variation that fails
the run is a false positive.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sendcloud_contracts.double.catalogue.faults import CATALOGUE, Kind

if TYPE_CHECKING:
    from collections.abc import Sequence

    from sendcloud_contracts.double.catalogue.faults import Variant


class Verdict(enum.StrEnum):
    CAUGHT = "caught"
    UNNAMED = "failed, not naming it"
    WRONG_EXIT = "named, wrong exit code"
    MISSED = "missed"
    PASSED = "passed"
    FALSE_POSITIVE = "FALSE POSITIVE"
    HUNG = "hung"
    SKIPPED = "skipped"


@dataclass(frozen=True)
class Run:
    verdict: Verdict
    requests: int
    seconds: float
    exit_code: int | None


def judge(entry: Variant, exit_code: int | None, output: str, *, exit_codes: bool = False) -> Verdict:
    """With `exit_codes` (the suite), a caught fault must also end with its own exit code."""
    if exit_code is None:
        return Verdict.HUNG
    if entry.kind is Kind.VALID:
        return Verdict.PASSED if exit_code == 0 else Verdict.FALSE_POSITIVE
    if exit_code == 0:
        return Verdict.MISSED
    if not any(fragment in output for fragment in entry.caught_by):
        return Verdict.UNNAMED
    if exit_codes and exit_code != entry.expected_exit_code:
        return Verdict.WRONG_EXIT
    return Verdict.CAUGHT


@dataclass(frozen=True)
class Totals:
    caught: int
    false_positives: int
    requests: int


def totals(runs: dict[str, Run]) -> Totals:
    entries = {entry.name: entry for entry in CATALOGUE}
    return Totals(
        caught=sum(run.verdict is Verdict.CAUGHT for run in runs.values()),
        false_positives=sum(
            entries[name].kind is Kind.VALID and run.verdict is not Verdict.PASSED
            for name, run in runs.items()
        ),
        requests=sum(run.requests for run in runs.values()),
    )


def summary_line(label: str, entries: Sequence[Variant], suite: dict[str, Run], cli: dict[str, Run]) -> str:
    """One catalogue's line: what each tool caught, flagged wrongly and sent."""
    if not entries:
        return ""
    names = {entry.name for entry in entries}
    faults = sum(entry.kind is Kind.FAULT for entry in entries)
    valid = len(entries) - faults
    ours = totals({name: run for name, run in suite.items() if name in names})
    theirs = totals({name: run for name, run in cli.items() if name in names})
    return (
        f"{label}: suite: caught {ours.caught}/{faults} faults, "
        f"{ours.false_positives}/{valid} false positives, {ours.requests} requests; "
        f"schemathesis CLI: caught {theirs.caught}/{faults} faults, "
        f"{theirs.false_positives}/{valid} false positives, {theirs.requests} requests"
    )


def table(entries: Sequence[Variant], suite: dict[str, Run], cli: dict[str, Run]) -> list[str]:
    lines = [
        "| entry | kind | suite | requests | seconds | schemathesis CLI | requests | seconds |",
        "|---|---|---|---:|---:|---|---:|---:|",
    ]
    for entry in entries:
        ours, theirs = suite[entry.name], cli[entry.name]
        lines.append(
            f"| {entry.name} | {entry.kind} | {ours.verdict} | {ours.requests} | {ours.seconds:.1f} "
            f"| {theirs.verdict} | {theirs.requests} | {theirs.seconds:.1f} |"
        )
    return lines
