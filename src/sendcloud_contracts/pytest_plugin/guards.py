"""Pytest hooks that keep a run safe: one-line stops, redacted reports, guarded cassettes.

Registered by `plugin.py` in `pytest_configure`; the run's secrets live in the config stash so the
plugin's fixtures and these hooks share them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest

from sendcloud_contracts._compat import index_recordings
from sendcloud_contracts.defaults import RERECORD
from sendcloud_contracts.exitcodes import StopRun
from sendcloud_contracts.pytest_plugin.suite import SUITE_STATE
from sendcloud_contracts.pytest_plugin.user_terms import in_users_terms
from sendcloud_contracts.recordings import vcr_setup
from sendcloud_contracts.recordings.persistence import GuardedPersister
from sendcloud_contracts.redaction import Secrets
from sendcloud_contracts.reports.allure_results import redact_allure_results

if TYPE_CHECKING:
    from collections.abc import Generator

# The plugins the suite is built on, by module. pytest finds them through their distributions'
# entry points, which PYTEST_DISABLE_PLUGIN_AUTOLOAD turns off.
REQUIRED_PLUGINS = ("pytest_recording.plugin", "schemathesis.pytest.plugin", "_hypothesis_pytestplugin")

_SECRETS = pytest.StashKey[Secrets]()
_STOPPED = pytest.StashKey[StopRun]()


def require_plugins(config: pytest.Config) -> None:
    """Stop in one line, before any of their options is read, when a plugin the suite needs is missing."""
    loaded = {getattr(plugin, "__name__", None) for plugin in config.pluginmanager.get_plugins()}
    missing = [name for name in REQUIRED_PLUGINS if name not in loaded]
    if missing:
        raise pytest.UsageError(
            f"pytest did not load {', '.join(missing)}, which the suite needs "
            "(PYTEST_DISABLE_PLUGIN_AUTOLOAD is set, or `-p no:...` blocked it): unset it, or add "
            + " ".join(f"-p {name}" for name in missing)
        )


def secrets_for(config: pytest.Config) -> Secrets:
    if _SECRETS not in config.stash:
        config.stash[_SECRETS] = Secrets()
    return config.stash[_SECRETS]


def stopped(config: pytest.Config) -> StopRun | None:
    """Why the run stopped early, if it did."""
    return config.stash.get(_STOPPED, None)


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    """End the session when a test, a fixture or a subtest raised `StopRun`.

    Raised here rather than around the test call, because pytest's subtests (which schemathesis
    uses for each operation) report and swallow anything but `pytest.exit` and Ctrl-C; this hook
    runs before they report, and pytest prints the message of `pytest.exit` without a traceback.
    The outermost wrapper, so that no other plugin's wrapper sees the exit pass through it.
    """
    report = yield
    if call.excinfo is None or not isinstance(call.excinfo.value, StopRun):
        return report
    pytest.exit(note_stop(item.config, call.excinfo.value), returncode=call.excinfo.value.returncode)


def note_stop(config: pytest.Config, stop: StopRun) -> str:
    """Keep why the run stopped (`stopped`); its one line as the user reads it, secrets redacted."""
    config.stash[_STOPPED] = stop
    return in_users_terms(config, secrets_for(config).redact(stop.message))


class _ReportRedactor:
    """Registered once per config: `pytest_runtest_logreport` gets no config to find the secrets in."""

    def __init__(self, secrets: Secrets) -> None:
        self.secrets = secrets

    @pytest.hookimpl(tryfirst=True)
    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        """Redact before the terminal and JUnit XML see the report.

        schemathesis' "Reproduce with: curl -H 'Authorization: ...'" shows the credentials that
        `requests` applied to the request, after schemathesis' own sanitizing.
        """
        self._redact(report)

    @pytest.hookimpl(wrapper=True, trylast=True)
    def pytest_runtest_makereport(self) -> Generator[None, pytest.TestReport, pytest.TestReport]:
        # Innermost: before the wrappers of other plugins read the report (Allure attaches its output).
        report = yield
        self._redact(report)
        return report

    @pytest.hookimpl(trylast=True)
    def pytest_exception_interact(self, report: pytest.TestReport) -> None:
        # schemathesis rewrites the failure text here, after the report was logged.
        self._redact(report)

    def _redact(self, report: pytest.TestReport) -> None:
        report.longrepr = self.secrets.redact_object(report.longrepr)
        report.sections = [(title, self.secrets.redact(content)) for title, content in report.sections]


def pytest_configure(config: pytest.Config) -> None:
    config.pluginmanager.register(_ReportRedactor(secrets_for(config)), "sendcloud-contracts-redactor")
    redact_allure_results(config, secrets_for(config))


def pytest_recording_configure(config: pytest.Config, vcr: Any) -> None:
    vcr_setup.register_matchers(vcr)
    state = config.stash.get(SUITE_STATE, None)
    rerecord = state.rerecord if state is not None else RERECORD
    vcr.register_persister(GuardedPersister(vcr.persister, secrets_for(config), rerecord))


@pytest.fixture(autouse=True)
def _recordings_looked_up_by_request_line(request: pytest.FixtureRequest) -> None:
    """A test's cassette finds a request's recordings by its request line, not one by one."""
    if request.node.get_closest_marker("vcr") is None:
        return
    cassette = request.getfixturevalue("vcr")
    if cassette is not None:
        index_recordings(cassette, vcr_setup.same_request_line, vcr_setup.request_key)
