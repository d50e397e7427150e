"""No earlier verdict stands in a report folder as if it were this run's, whatever stops the run.

A run writes its reports when it ends (`run_reports.py`). Until then its folder holds the last
run's, and a run that never gets there would leave them standing. So a run that starts judging
first replaces them with a marker saying it is under way (a run killed before its end leaves the
marker, not an earlier PASS), and a run pytest refuses before it starts (an option it does not
know) writes its stop into the folder it would have used. What cannot be reached from here (a
Python without the package, a process killed before its tests were collected) the README names.
"""

from __future__ import annotations

import json
import sys
import time
import xml.etree.ElementTree as ElementTree
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from sendcloud_contracts.defaults import CONTRACTS_DIR, report_folder
from sendcloud_contracts.exitcodes import BAD_INPUT
from sendcloud_contracts.http.settings import Mode
from sendcloud_contracts.pytest_plugin.summary import COVERAGE_FILE, RunSummary, render_summary
from sendcloud_contracts.recordings import vcr_setup
from sendcloud_contracts.recordings.redaction import Secrets
from sendcloud_contracts.reports.render import PAGE_FILE
from sendcloud_contracts.reports.run_page import write_run_page

if TYPE_CHECKING:
    from collections.abc import Sequence

SUMMARY_FILE = "summary.md"
OUTCOME_FILE = "run.json"
JUNIT_FILE = "junit.xml"
COVERAGE_JSON = "contract-coverage.json"
# The errored JUnit test case of a run that stopped early, whatever stopped it and when.
STOPPED_CASE = "contracts::run"
RUNNING = "running"
# Set once the suite's reports took charge of the run's folder; a run refused before has none.
REPORTS_REGISTERED = pytest.StashKey[bool]()


def claim(folder: Path, started: datetime, junit: Path | None) -> None:
    """At the start of a judged run: the last run's verdict leaves, a marker says this one is under way."""
    when = started.strftime("%Y-%m-%d %H:%M:%S %Z").strip()
    # The page goes too: a run killed before its end leaves `summary.md`'s marker, not a page of
    # the run before it.
    for stale in (junit, folder / COVERAGE_FILE, folder / COVERAGE_JSON, folder / PAGE_FILE):
        if stale is not None:
            stale.unlink(missing_ok=True)
    vcr_setup.write_atomically(
        folder / SUMMARY_FILE,
        f"# Sendcloud contract: RUNNING: a run started {when} and has not written its verdict yet\n\n"
        "If no run is under way, it was killed before its end: nothing is known about the contract "
        "from it, and the run before it no longer stands.\n",
    )
    outcome = {"verdict": RUNNING, "exit_status": None, "stopped": None, "started": started.isoformat()}
    vcr_setup.write_atomically(folder / OUTCOME_FILE, json.dumps(outcome, indent=2) + "\n")


def stopped_junit(reason: str) -> str:
    """A JUnit XML file holding the one errored case of a run that stopped before any test."""
    classname, _, name = STOPPED_CASE.partition("::")
    suites = ElementTree.Element("testsuites")
    suite = ElementTree.SubElement(
        suites, "testsuite", name="pytest", errors="1", failures="0", skipped="0", tests="1"
    )
    case = ElementTree.SubElement(suite, "testcase", classname=classname, name=name, time="0")
    ElementTree.SubElement(case, "error", message=reason).text = reason
    return ElementTree.tostring(suites, encoding="unicode", xml_declaration=True) + "\n"


def write_stopped(folder: Path, summary: RunSummary) -> None:
    """Every report of a run that stopped before it started, in place of the last run's."""
    reason = summary.stopped or "stopped before it started"
    vcr_setup.write_atomically(folder / SUMMARY_FILE, render_summary(summary))
    vcr_setup.write_atomically(folder / OUTCOME_FILE, json.dumps(summary.as_json(), indent=2) + "\n")
    vcr_setup.write_atomically(folder / JUNIT_FILE, stopped_junit(reason))
    # Nothing was resolved, so no secret is known and no history is kept: the page says why it stopped.
    write_run_page(folder, summary, None, document=summary.document or "— (not resolved)", secrets=Secrets())
    for stale in (folder / COVERAGE_FILE, folder / COVERAGE_JSON):
        stale.unlink(missing_ok=True)


def refused_summary(mode: Mode, reason: str, seconds: float = 0.0) -> RunSummary:
    """A run stopped by bad input (exit 4) before it sent anything."""
    return RunSummary(
        mode=str(mode), exit_status=BAD_INPUT, started=datetime.now(UTC), seconds=seconds, stopped=reason
    )


def guard_refusals(config: pytest.Config) -> None:
    """Have a run pytest refuses before `pytest_configure` (an unknown option) mark its folder stopped.

    pytest runs a config's cleanups even when it never configured it, inside the handler of the
    error that stopped it; the reports of a configured run are `RunReports`' (`REPORTS_REGISTERED`).
    """
    started = time.monotonic()

    def cleanup() -> None:
        error = sys.exc_info()[1]
        if not isinstance(error, pytest.UsageError) or config.stash.get(REPORTS_REGISTERED, False):
            return
        arguments = list(config.invocation_params.args)
        rootdir = Path(config.rootpath)
        if not names_the_contract_suite(arguments, rootdir, Path(config.invocation_params.dir)):
            return
        mode = mode_of(arguments)
        # The line of pytest's message that says what it refused, without the usage and paths around it.
        lines = [line.strip() for line in str(error).splitlines() if line.strip()]
        said = next((line for line in lines if "error: " in line), lines[0] if lines else "usage error")
        reason = f"pytest refused the command line: {said.partition('error: ')[2] or said}"
        folder = report_folder(rootdir, option_value(arguments, "--report-dir"), str(mode))
        write_stopped(folder, refused_summary(mode, reason, time.monotonic() - started))

    config.add_cleanup(cleanup)


def option_value(arguments: Sequence[str], option: str) -> str | None:
    """The value of `--option VALUE` or `--option=VALUE`, as pytest would read it (the last wins)."""
    value = None
    for index, argument in enumerate(arguments):
        if argument == option and index + 1 < len(arguments):
            value = arguments[index + 1]
        elif argument.startswith(f"{option}="):
            value = argument.partition("=")[2]
    return value


def mode_of(arguments: Sequence[str]) -> Mode:
    return Mode.from_recording_options(
        option_value(arguments, "--record-mode"), "--disable-recording" in arguments
    )


def names_the_contract_suite(arguments: Sequence[str], rootdir: Path, invoked_in: Path) -> bool:
    contracts = (rootdir / CONTRACTS_DIR).resolve()
    for argument in arguments:
        if argument.startswith("-"):
            continue
        path = Path(argument.split("::")[0])
        if (path if path.is_absolute() else invoked_in / path).resolve().is_relative_to(contracts):
            return True
    return False
