"""Hygiene findings in the reports: a section of the terminal summary, and properties in JUnit XML."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from sendcloud_contracts.rules.hygiene import STRICT_OPTION
from sendcloud_contracts.rules.hygiene_findings import DOCUMENT_CHECK, HygieneFinding

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

JUNIT_PROPERTY = "hygiene_warning"

# The run's findings, shared with the reports below (the plugin stores its run's list here).
FINDINGS = pytest.StashKey[list[HygieneFinding]]()


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter, config: pytest.Config) -> None:
    findings = config.stash.get(FINDINGS, [])
    if findings:
        strict = bool(config.getoption(STRICT_OPTION, False))
        title = "hygiene (failing: --strict-hygiene)" if strict else "hygiene (warnings)"
        terminalreporter.section(title, yellow=not strict, red=strict)
        for finding in findings:
            terminalreporter.line(str(finding))
        if not strict:
            terminalreporter.line(
                "No client of the documented operations relies on these; "
                f"{STRICT_OPTION} makes them fail the run."
            )


def pytest_sessionfinish(session: pytest.Session) -> None:
    # Findings about the document have no test to fail in: with the strict switch, the run fails.
    strict = bool(session.config.getoption(STRICT_OPTION, False))
    findings = session.config.stash.get(FINDINGS, [])
    about_the_document = any(finding.check == DOCUMENT_CHECK for finding in findings)
    if strict and about_the_document and session.exitstatus == pytest.ExitCode.OK:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


@pytest.fixture(scope="session", autouse=True)
def _hygiene_in_junit(
    pytestconfig: pytest.Config, record_testsuite_property: Callable[[str, object], None]
) -> Iterator[None]:
    yield
    # Session fixtures end after the last test and before the JUnit file is written.
    for finding in pytestconfig.stash.get(FINDINGS, []):
        record_testsuite_property(JUNIT_PROPERTY, str(finding))
