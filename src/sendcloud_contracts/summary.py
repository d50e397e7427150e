"""The Markdown summary of a run: verdict first, one line per failure, then coverage and deviations."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sendcloud_contracts.contract import Violation
    from sendcloud_contracts.deviations import DeviationLedger
    from sendcloud_contracts.hygiene import HygieneFinding
    from sendcloud_contracts.observations import ContractCoverage


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def render_summary(
    *,
    mode: str,
    exit_status: int,
    tests_failed: list[tuple[str, str]],
    violations: list[tuple[str, Violation]],
    coverage: ContractCoverage | None,
    deviations: DeviationLedger | None,
    hygiene: list[HygieneFinding] | None = None,
) -> str:
    """`tests_failed` holds (test, first line of its failure) for failures no rule describes."""
    if exit_status == 0:
        verdict = "PASS: the API keeps its documented contract"
    elif violations or tests_failed:
        verdict = f"FAIL: the API broke its contract ({len(violations) + len(tests_failed)} failures)"
    else:
        verdict = f"ERROR: the run did not complete (exit status {exit_status}); see the log"
    lines = [f"# Sendcloud contract: {verdict}", "", f"Mode: {mode}.", ""]
    if violations:
        lines += [
            "## Failures",
            "",
            "| check | request | field | received | documented |",
            "|---|---|---|---|---|",
        ]
        seen: set[tuple[str, str, str, str]] = set()
        for request, violation in violations:
            key = (violation.rule, request, violation.field, violation.received)
            if key in seen:
                continue
            seen.add(key)
            cells = (violation.rule, request, violation.field, violation.received, violation.documented)
            lines.append("| " + " | ".join(_cell(cell) for cell in cells) + " |")
        lines.append("")
    if tests_failed:
        lines += ["## Other failing tests", ""]
        lines += [f"- `{test}`: {_cell(message)}" for test, message in tests_failed]
        lines.append("")
    if hygiene:
        # Hygiene: what no client of the documented operations relies on (`--strict-hygiene` fails on it).
        lines += ["## Warnings", ""]
        lines += [f"- hygiene: {_cell(str(finding))}" for finding in hygiene]
        lines.append("")
    if coverage is not None:
        # One level down: the summary's own title is the only top-level heading.
        lines.append(
            coverage.to_markdown().replace("\n## ", "\n### ").replace("# Contract", "## Contract", 1)
        )
        lines += [f"- warning: {warning}" for warning in coverage.warnings()]
        lines.append("")
    if deviations is not None and (deviations.entries or deviations.occurrences):
        lines += ["## Accepted deviations", ""]
        for entry in deviations.entries:
            state = (
                "expired"
                if entry.until < deviations.today
                else f"seen {deviations.occurrences[entry]} time(s)"
            )
            lines.append(f"- {entry}: {state}")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"
