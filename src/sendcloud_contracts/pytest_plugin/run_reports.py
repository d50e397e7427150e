"""The reports a contract run leaves in its own folder: summary.md, run.json, coverage, JUnit XML.

Every kind of run writes to a folder of its own (`reports/replay`, `reports/live`, ...), so no run
overwrites another's verdict. A run that stops early (exit 4 or 75) says so in each of them: the
reason heads `summary.md`, `run.json` carries it, and the JUnit XML gets an errored test case.
"""

from __future__ import annotations

import json
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from sendcloud_contracts._compat import junit_xml
from sendcloud_contracts.pytest_plugin import earlier_verdicts
from sendcloud_contracts.pytest_plugin.earlier_verdicts import (
    COVERAGE_JSON,
    OUTCOME_FILE,
    STOPPED_CASE,
    SUMMARY_FILE,
)
from sendcloud_contracts.pytest_plugin.failure_report import FailureReport
from sendcloud_contracts.pytest_plugin.guards import secrets_for, stopped
from sendcloud_contracts.pytest_plugin.selection import selection_of
from sendcloud_contracts.pytest_plugin.summary import COVERAGE_FILE, RunSummary, render_summary
from sendcloud_contracts.recordings import vcr_setup
from sendcloud_contracts.reports.run_page import shown_path, write_run_page
from sendcloud_contracts.wording import plural

if TYPE_CHECKING:
    from sendcloud_contracts.http.session import Network
    from sendcloud_contracts.pytest_plugin.suite import SuiteState
    from sendcloud_contracts.rules.schemathesis_checks import ContractRun

# The JUnit XML test suite property that says how much of the suite ran.
SELECTION_PROPERTY = "selection"


class RunReports:
    """One per run, registered as a plugin; the plugin's fixtures hand it the run and the network."""

    def __init__(self, config: pytest.Config, state: SuiteState, folder: Path) -> None:
        self.config = config
        self.state = state
        self.folder = folder
        self.started = datetime.now(UTC)
        self._clock = time.monotonic()
        self.run: ContractRun | None = None
        self.network: Network | None = None
        # Set once contract tests were collected: only then does the run leave reports.
        self.active = False
        self.failures = FailureReport(
            lambda: self.run.last_reproduction if self.run else "",
            lambda: len(self.run.failures) if self.run else 0,
        )
        config.pluginmanager.register(self.failures, "sendcloud-contracts-failure-report")
        config.stash[earlier_verdicts.REPORTS_REGISTERED] = True

    @pytest.hookimpl(trylast=True)
    def pytest_collection_finish(self) -> None:
        """The run is about to judge: the last run's verdict leaves its folder now, not at the end."""
        if self.active:
            xmlpath = self.config.option.xmlpath
            junit = Path(xmlpath) if xmlpath and Path(xmlpath).parent == self.folder else None
            earlier_verdicts.claim(self.folder, self.started, junit)

    def stop_reason(self) -> str | None:
        stop = stopped(self.config)
        if stop is not None:
            return secrets_for(self.config).redact(stop.message)
        return str(self.state.error) if self.state.error is not None else None

    @pytest.hookimpl(tryfirst=True)
    def pytest_sessionfinish(self, session: pytest.Session) -> None:
        """Before the JUnit XML is written: how much of the suite ran, and why a run stopped."""
        if not self.active:
            return
        xml = junit_xml(session.config)
        selection = selection_of(self.config)
        if xml is not None and selection is not None:
            # A dashboard reading the XML alone learns a partial run is one.
            xml.add_global_property(SELECTION_PROPERTY, selection.describe())
        reason = self.stop_reason()
        if reason is None:
            return
        # A neutral case, whichever test was starting when the run stopped: a preflight that
        # found the target down stops in the first test's setup, and that test never ran.
        nodeid = STOPPED_CASE
        report = pytest.TestReport(
            nodeid=nodeid,
            location=(nodeid.split("::")[0], None, nodeid.split("::")[-1]),
            keywords={},
            outcome="failed",
            longrepr=f"run stopped early (exit {session.exitstatus}): {reason}",
            when="setup",
        )
        # To the JUnit XML only: the terminal already shows the reason, once, as pytest's exit line.
        if xml is not None:
            xml.pytest_runtest_logreport(report)

    def summary(self, exit_status: int) -> RunSummary:
        target = self.state.resolved_target
        run = self.run
        return RunSummary(
            mode=str(self.state.mode),
            exit_status=exit_status,
            started=self.started,
            seconds=time.monotonic() - self._clock,
            base_url=target.base_url if target else None,
            auth=target.auth if target else None,
            integration_ids=target.integration_ids if target else (),
            traffic=self.network.traffic if self.network else None,
            generation=self.state.resolved_generation,
            stopped=self.stop_reason(),
            findings=list(run.failures) if run else [],
            other_failures=self.failures.other_failures,
            hygiene=list(run.hygiene) if run else [],
            notes=list(run.notes) if run else [],
            strict_hygiene=run.strict_hygiene if run else False,
            coverage=run.coverage if run else None,
            deviations=run.deviations if run else None,
            selection=selection_of(self.config),
            document=shown_path(self.state.spec_path, self.config.rootpath),
            api_version=self.state.api_version(),
        )

    def write(self, exit_status: int) -> None:
        """After the run: every report, replacing the previous run of the same kind whole."""
        if not self.active:
            return
        summary = self.summary(exit_status)
        if self.run is not None:
            coverage = self.run.coverage
            vcr_setup.write_atomically(self.folder / COVERAGE_FILE, coverage.to_markdown())
            vcr_setup.write_atomically(self.folder / COVERAGE_JSON, coverage.dumps())
        vcr_setup.write_atomically(self.folder / SUMMARY_FILE, render_summary(summary))
        vcr_setup.write_atomically(self.folder / OUTCOME_FILE, json.dumps(summary.as_json(), indent=2) + "\n")
        document = shown_path(self.state.spec_path, self.config.rootpath)
        write_run_page(self.folder, summary, self.run, document=document, secrets=secrets_for(self.config))

    def pytest_terminal_summary(self, terminalreporter: pytest.TerminalReporter) -> None:
        if not self.active:
            return
        if self.run is not None:
            _warnings(terminalreporter, self.run)
            for line in self.run.notes:
                terminalreporter.line(line)
            # One line: what a run never saw is worth knowing, not worth a screen on every green night.
            terminalreporter.line(
                f"contract coverage: {self.run.coverage.unseen()}; see {self.folder / COVERAGE_FILE}"
            )
        if self.network is not None:
            terminalreporter.line(f"traffic: {self.network.traffic.describe()}")
        selection = selection_of(self.config)
        if selection is not None and selection.partial:
            terminalreporter.line(f"selection: {selection.describe()}", yellow=True)
        terminalreporter.line(f"reports: {self.folder / SUMMARY_FILE}")


def _warnings(terminalreporter: pytest.TerminalReporter, run: ContractRun) -> None:
    accepted = run.deviations.occurrences
    if accepted:
        terminalreporter.section("accepted deviations (warnings)", yellow=True)
        for entry, count in accepted.items():
            terminalreporter.line(f"{entry}: seen {plural(count, 'time')}")
    stale = run.deviations.stale()
    if stale:
        terminalreporter.section("stale deviations (warnings)", yellow=True)
        for entry in stale:
            terminalreporter.line(f"{entry}: not seen in this run; remove it if the API was fixed")


def read_outcome(folder: Path) -> dict[str, Any]:
    """A run's `run.json`, or {} when the run left none (it never started, or crashed)."""
    try:
        data = json.loads((folder / OUTCOME_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}
