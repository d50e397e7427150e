"""A contract run's folder as a transaction: RUNNING when it starts, its outcome written last.

Every kind of run reports into a folder of its own (`reports/replay`, `reports/live-v3`, ...), so no
run overwrites another's verdict. A run that starts replaces the last run's files with a RUNNING
marker; a run killed before its end leaves that marker, never an earlier PASS. At its end, each file
is written whole (`files.write_atomically`), in an order that puts `run.json`, the file tools read,
last: coverage, JUnit XML, `report.html` (and the history, for a run that finished), `summary.md`,
`run.json`. A run that did not finish lists no failures, writes a JUnit file of one errored case
saying why, and adds nothing to the history.
"""

from __future__ import annotations

import json
import os
import xml.etree.ElementTree as ElementTree
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from sendcloud_contracts.files import write_atomically
from sendcloud_contracts.redaction import Secrets
from sendcloud_contracts.reports.outcome import Outcome
from sendcloud_contracts.reports.run_page import write_run_page
from sendcloud_contracts.reports.summary import COVERAGE_FILE, RunSummary, render_summary

if TYPE_CHECKING:
    from pathlib import Path

    from sendcloud_contracts.rules.contract_run import ContractRun

SUMMARY_FILE = "summary.md"
OUTCOME_FILE = "run.json"
JUNIT_FILE = "junit.xml"
COVERAGE_JSON = "contract-coverage.json"
# Where pytest writes its JUnit XML during the run; it becomes `junit.xml` only if the run finished.
PARTIAL_JUNIT = ".junit.xml.partial"
# The errored JUnit test case of a run that did not finish, whatever ended it and when.
UNFINISHED_CASE = "contracts::run"
# Allure's file for facts about the whole run: its report shows them beside the results.
ALLURE_ENVIRONMENT = "environment.properties"


def begin(folder: Path, summary: RunSummary, secrets: Secrets) -> None:
    """At the start of a run: the last run's verdict leaves, every file says this one is under way."""
    for stale in (JUNIT_FILE, PARTIAL_JUNIT, COVERAGE_FILE, COVERAGE_JSON):
        (folder / stale).unlink(missing_ok=True)
    write_run_page(folder, summary, None, history_key=None, secrets=secrets)
    write_atomically(folder / SUMMARY_FILE, render_summary(summary))
    _write_outcome(folder, summary)


def finish(
    folder: Path,
    summary: RunSummary,
    run: ContractRun | None,
    *,
    history_key: str | None,
    secrets: Secrets,
    alluredir: Path | None = None,
) -> None:
    """Every report of a run that ended, however it ended; `run.json` last of all."""
    outcome = summary.outcome
    partial = folder / PARTIAL_JUNIT
    if outcome.judged and run is not None:
        write_atomically(folder / COVERAGE_FILE, run.coverage.to_markdown())
        write_atomically(folder / COVERAGE_JSON, run.coverage.dumps())
    else:
        for stale in (COVERAGE_FILE, COVERAGE_JSON):
            (folder / stale).unlink(missing_ok=True)
    if not outcome.judged:
        write_atomically(folder / JUNIT_FILE, unfinished_junit(outcome, summary.started.isoformat()))
        partial.unlink(missing_ok=True)
    elif partial.is_file():
        # pytest's own, counting tests; a run given `--junitxml` elsewhere writes it there instead.
        os.replace(partial, folder / JUNIT_FILE)
    if alluredir is not None:
        write_allure_environment(alluredir, outcome)
    write_run_page(folder, summary, run, history_key=history_key, secrets=secrets)
    write_atomically(folder / SUMMARY_FILE, render_summary(summary))
    _write_outcome(folder, summary)


def finish_unstarted(folder: Path, mode: str, outcome: Outcome, seconds: float = 0.0) -> None:
    """Every report of a run stopped before the suite started (refused, misconfigured, timed out)."""
    summary = RunSummary(mode=mode, outcome=outcome, started=datetime.now(UTC), seconds=seconds)
    # Nothing was resolved, so no secret is known and no history is kept.
    finish(folder, summary, None, history_key=None, secrets=Secrets())


def _write_outcome(folder: Path, summary: RunSummary) -> None:
    data = {**summary.as_json(), "started": summary.started.isoformat()}
    write_atomically(folder / OUTCOME_FILE, json.dumps(data, indent=2) + "\n")


def unfinished_junit(outcome: Outcome, timestamp: str = "") -> str:
    """JUnit XML for a run that did not finish: one errored case saying why. Dashboards count it as
    an error of the run, never as a failure of the API."""
    classname, _, name = UNFINISHED_CASE.partition("::")
    suites = ElementTree.Element("testsuites")
    suite = ElementTree.SubElement(
        suites,
        "testsuite",
        name="pytest",
        errors="1",
        failures="0",
        skipped="0",
        tests="1",
        timestamp=timestamp,
    )
    properties = ElementTree.SubElement(suite, "properties")
    ElementTree.SubElement(properties, "property", name="outcome", value=str(outcome.ending))
    case = ElementTree.SubElement(suite, "testcase", classname=classname, name=name, time="0")
    message = f"{outcome.unfinished()}: {outcome.reason}" if outcome.reason else outcome.unfinished()
    ElementTree.SubElement(case, "error", message=message).text = message
    return ElementTree.tostring(suites, encoding="unicode", xml_declaration=True) + "\n"


def write_allure_environment(alluredir: Path, outcome: Outcome) -> None:
    """How the run ended, in Allure's environment panel: results of an interrupted run are partial."""
    lines = [f"outcome={outcome.word}", f"exit_status={outcome.exit_code}"]
    if outcome.reason:
        lines.append(f"reason={outcome.reason}")
    write_atomically(alluredir / ALLURE_ENVIRONMENT, "\n".join(lines) + "\n")


def read_outcome(folder: Path) -> dict[str, Any]:
    """A run's `run.json`, or {} when the run left none (it never started, or was killed early)."""
    try:
        data = json.loads((folder / OUTCOME_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def outcome_of(folder: Path) -> Outcome | None:
    """How the run that reported into `folder` ended; None when it left no `run.json` at all."""
    data = read_outcome(folder)
    return Outcome.from_json(data) if data else None
