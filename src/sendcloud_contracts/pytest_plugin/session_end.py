"""The session's end: the recording published or discarded, every report written, the exit code set.

It runs after every other part of `pytest_sessionfinish`, once pytest has torn the fixtures down (a
cassette still open is written when its fixture ends). pytest also tears down there what an
interrupted or stopped test loop left set up, and the write contract restores the account in that
teardown. An error raised then would end the process with pytest's traceback and exit 1, whatever
the run had decided. Here it becomes part of the run's ending instead (`RunEnding.raised_at_the_end`).
"""

from __future__ import annotations

import traceback
from typing import TYPE_CHECKING

import pytest

from sendcloud_contracts.exitcodes import StopRun
from sendcloud_contracts.http.settings import Mode
from sendcloud_contracts.pytest_plugin.guards import note_stop
from sendcloud_contracts.recordings import vcr_setup
from sendcloud_contracts.rules.failures import ContractFailure

if TYPE_CHECKING:
    from collections.abc import Generator

    from sendcloud_contracts.pytest_plugin.run_reports import RunReports
    from sendcloud_contracts.pytest_plugin.suite import SuiteState


class SessionEnd:
    def __init__(self, state: SuiteState, reports: RunReports) -> None:
        self.state = state
        self.reports = reports

    @pytest.hookimpl(wrapper=True)
    def pytest_sessionfinish(self, session: pytest.Session) -> Generator[None, None, None]:
        try:
            yield
        except StopRun as stop:
            # Stopped while tearing down (the account's restore met a dead network): its 4 or 75.
            self._say(session, note_stop(session.config, stop))
            session.exitstatus = stop.returncode
        except pytest.exit.Exception as exiting:
            # As pytest takes an exit raised here: its code, if it gave one.
            self._say(session, exiting.msg)
            if exiting.returncode is not None:
                session.exitstatus = exiting.returncode
        except ContractFailure:
            # A check failing in a teardown (the account not left as found): already one of the
            # run's findings (`ContractRun.failures`), so a finding it stays.
            if session.exitstatus == pytest.ExitCode.OK:
                session.exitstatus = pytest.ExitCode.TESTS_FAILED
        except Exception as error:
            self.reports.ending.raised_at_the_end(error)
            self._say(
                session,
                "".join(traceback.format_exception(error)),
                "raised while pytest tore the run's fixtures down",
            )
        self._publish_or_discard(session)
        outcome = self.reports.finish(int(session.exitstatus))
        if outcome is not None and outcome.exit_code is not None:
            session.exitstatus = outcome.exit_code

    def _say(self, session: pytest.Session, text: str, title: str = "") -> None:
        reporter = session.config.pluginmanager.get_plugin("terminalreporter")
        if reporter is None:
            return
        if title:
            reporter.write_sep("-", title)
        reporter.write_line(self.reports.said(text))

    def _publish_or_discard(self, session: pytest.Session) -> None:
        """A recording is published whole or not at all; one that did not finish leaves the old one."""
        state = self.state
        if state.mode is not Mode.RECORD or state.error is not None or not state.staging.started:
            return
        if self.reports.decide(int(session.exitstatus)).judged:
            vcr_setup.write_metadata(state.staging.folder, state.recording_metadata())
            state.staging.publish()
        else:
            state.staging.discard()
