"""A contract run's reports from the pytest side: the folder claimed when the run starts, the outcome
decided once when it ends (`reports.outcome.decide`), every file written from it by `reports/`.

The run ends in `pytest_sessionfinish` when pytest got that far, else (a crash, or Ctrl-C while the
run configured itself) in `pytest_unconfigure`, which pytest calls however a configured run ended.
The exit code is the outcome's: what pytest would have said of a cut-short run is not a verdict.
"""

from __future__ import annotations

import os
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from sendcloud_contracts._compat import junit_xml, show_junit_as
from sendcloud_contracts.errors import ContractSuiteError
from sendcloud_contracts.exitcodes import BAD_INPUT, CRASHED, INTERRUPTED
from sendcloud_contracts.http.settings import Mode
from sendcloud_contracts.pytest_plugin.endings import RunEnding
from sendcloud_contracts.pytest_plugin.failure_report import FailureReport
from sendcloud_contracts.pytest_plugin.guards import secrets_for, stopped
from sendcloud_contracts.pytest_plugin.selection import selection_of
from sendcloud_contracts.pytest_plugin.user_terms import in_users_terms
from sendcloud_contracts.reports import run_folder
from sendcloud_contracts.reports.history import account_of, history_key
from sendcloud_contracts.reports.outcome import Ending, Outcome, decide
from sendcloud_contracts.reports.run_page import shown_path
from sendcloud_contracts.reports.summary import COVERAGE_FILE, RunSummary
from sendcloud_contracts.variables import unknown as unknown_variables
from sendcloud_contracts.wording import plural

if TYPE_CHECKING:
    from sendcloud_contracts.http.session import Network
    from sendcloud_contracts.pytest_plugin.suite import SuiteState
    from sendcloud_contracts.rules.contract_run import ContractRun

# The JUnit XML test suite properties that say how much of the suite ran and what it found.
SELECTION_PROPERTY = "selection"
FAILURES_PROPERTY = "contract_failures"
# Set once the suite's reports took charge of the run's folder; a run refused before has none.
REPORTS_REGISTERED = pytest.StashKey[bool]()


def judges(config: pytest.Config) -> bool:
    """Whether this run of the contract suite would judge anything (not `--collect-only`, `--help`...)."""
    option = config.option
    showing = ("collectonly", "help", "showfixtures", "show_fixtures_per_test", "markers")
    return not any(getattr(option, name, False) for name in showing)


class RunReports:
    """One per contract run, registered as a plugin; the plugin's fixtures hand it the run and network."""

    def __init__(self, config: pytest.Config, state: SuiteState, folder: Path, *, claims: bool) -> None:
        self.config = config
        self.state = state
        self.folder = folder
        self.started = datetime.now(UTC)
        self._clock = time.monotonic()
        self.run: ContractRun | None = None
        self.network: Network | None = None
        self.ending = RunEnding()
        self.outcome: Outcome | None = None
        self.failed_tests: set[str] = set()
        # Whether the run owns its folder: a run that only collects or shows help leaves it alone.
        self.claims = claims
        self.failures = FailureReport(
            lambda: self.run.last_reproduction if self.run else "",
            lambda: len(self.run.failures) if self.run else 0,
        )
        config.pluginmanager.register(self.failures, "sendcloud-contracts-failure-report")
        config.pluginmanager.register(self.ending, "sendcloud-contracts-ending")
        config.stash[REPORTS_REGISTERED] = True
        if claims:
            self.ending.install()
            run_folder.begin(folder, self.summary(Outcome.running()), secrets_for(config))

    @property
    def junit_path(self) -> Path:
        """Where pytest writes this run's JUnit XML until the run's outcome says what it is."""
        return self.folder / run_folder.PARTIAL_JUNIT

    def said(self, text: str) -> str:
        """A reason as the reports say it: no secret in it, each variable named as the user set it."""
        return in_users_terms(self.config, secrets_for(self.config).redact(text))

    def stop(self) -> tuple[str, int] | None:
        stop = stopped(self.config)
        return (self.said(stop.message), stop.returncode) if stop else None

    def decide(self, exit_status: int) -> Outcome:
        error = self.state.error
        return decide(
            exit_status,
            interrupted=self.ending.interrupted,
            crash=self.said(self.ending.crash) if self.ending.crash else None,
            stop=self.stop(),
            refused=self.said(str(error)) if error is not None else None,
        )

    @pytest.hookimpl(tryfirst=True)
    def pytest_sessionfinish(self, session: pytest.Session) -> None:
        """Before the JUnit XML is written: how much of the suite ran, and what it found."""
        xml = junit_xml(session.config)
        if not self.claims or xml is None:
            return
        selection = selection_of(self.config)
        if selection is not None:
            # A dashboard reading the XML alone learns a partial run is one.
            xml.add_global_property(SELECTION_PROPERTY, selection.describe())
        summary = self.summary(self.decide(int(session.exitstatus)))
        if summary.outcome.judged:
            xml.add_global_property(FAILURES_PROPERTY, str(summary.failure_count))

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        if report.failed:
            self.failed_tests.add(report.nodeid)

    def summary(self, outcome: Outcome) -> RunSummary:
        target = self.state.resolved_target
        run = self.run
        return RunSummary(
            mode=str(self.state.mode),
            outcome=outcome,
            started=self.started,
            seconds=time.monotonic() - self._clock,
            base_url=target.base_url if target else None,
            auth=target.auth if target else None,
            integration_ids=target.integration_ids if target else (),
            traffic=self.network.traffic if self.network else None,
            generation=self.state.resolved_generation,
            findings=list(run.failures) if run else [],
            other_failures=self.failures.other_failures,
            hygiene=list(run.hygiene) if run else [],
            notes=list(run.notes) if run else [],
            strict_hygiene=run.strict_hygiene if run else False,
            coverage=run.coverage if run else None,
            deviations=run.deviations if run else None,
            selection=selection_of(self.config),
            failed_tests=len(self.failed_tests),
            document=shown_path(self.state.spec_path, self.config.rootpath),
            api_version=self.state.api_version(),
            warnings=unknown_variables(os.environ) if self.state.mode is not Mode.REPLAY else [],
        )

    def history_key(self, summary: RunSummary) -> str | None:
        target = self.state.resolved_target
        if target is None or summary.document is None:
            return None
        # A replay's keys are placeholders: its account is the host it was recorded from.
        public_key = target.credentials.public_key if self.state.mode is not Mode.REPLAY else None
        return history_key(
            os.environ,
            mode=summary.mode,
            document=summary.document,
            api_version=summary.api_version,
            account=account_of(public_key, target.base_url),
        )

    def finish(self, exit_status: int) -> Outcome | None:
        """Decide how the run ended and write every report from it; once, however the run ended."""
        if not self.claims or self.outcome is not None:
            return self.outcome
        self.ending.finishing()
        outcome = self.outcome = self.decide(exit_status)
        summary = self.summary(outcome)
        alluredir = self.config.getoption("allure_report_dir", None)
        run_folder.finish(
            self.folder,
            summary,
            self.run,
            history_key=self.history_key(summary),
            secrets=secrets_for(self.config),
            alluredir=Path(alluredir) if alluredir else None,
        )
        if self.config.option.xmlpath == str(self.junit_path):
            show_junit_as(self.config, str(self.folder / run_folder.JUNIT_FILE))
        return outcome

    def pytest_terminal_summary(self, terminalreporter: pytest.TerminalReporter) -> None:
        if not self.claims:
            return
        if self.run is not None:
            _warnings(terminalreporter, self.run)
            for line in self.run.notes:
                terminalreporter.line(line)
            # One line: what a run never saw is worth knowing, not worth a screen on every green night.
            # Only a run that finished writes the file it points to.
            if self.outcome is not None and self.outcome.judged:
                terminalreporter.line(
                    f"contract coverage: {self.run.coverage.unseen()}; see {self.folder / COVERAGE_FILE}"
                )
        if self.network is not None:
            terminalreporter.line(f"traffic: {self.network.traffic.describe()}")
        selection = selection_of(self.config)
        if selection is not None and selection.partial:
            terminalreporter.line(f"selection: {selection.describe()}", yellow=True)

    def pytest_unconfigure(self, config: pytest.Config) -> None:
        """The run's last line, after pytest's own counts: its verdict, as every report states it.

        A run that never reached `pytest_sessionfinish` (a crash or Ctrl-C while it configured
        itself, a refusal raised then) ends here: pytest calls this however a configured run ended.
        """
        if self.outcome is None and self.claims:
            error = sys.exc_info()[1]
            if isinstance(error, pytest.UsageError):
                self.state.error = self.state.error or ContractSuiteError(str(error))
                self.finish(BAD_INPUT)
            else:
                self.finish(INTERRUPTED if self.ending.signal else CRASHED)
        self.ending.restore()
        outcome = self.outcome
        if outcome is None:
            return
        reporter = config.pluginmanager.get_plugin("terminalreporter")
        if reporter is not None:
            summary = self.summary(outcome)
            colour = {"green": outcome.ending == "pass", "red": outcome.ending == "fail"}
            reporter.write_line(f"sendcloud-contracts: {summary.verdict}", bold=True, **colour)
            # A stop's reason is pytest's own last line already (`pytest.exit`, a usage error).
            said = outcome.ending is Ending.STOPPED and (self.stop() or self.state.error)
            if summary.stopped and not said:
                reporter.write_line(f"sendcloud-contracts: why: {summary.stopped}")
            reporter.write_line(f"sendcloud-contracts: reports in {self.folder}/ (exit {outcome.exit_code})")


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
