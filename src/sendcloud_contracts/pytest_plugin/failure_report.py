"""Pytest hooks that print a failed contract test as the suite's own lines, not as a traceback.

The terminal, its short summary and the JUnit XML all read a test's `report.longrepr`; this module
builds it from the exception objects: schemathesis' failure group, the suite's `ContractFailure`s
with their violations and reproductions, schemathesis' own failures by code and title, and
`pytest.fail` messages. Failures no contract rule describes are kept for the run's summary.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from schemathesis.core.failures import Failure

from sendcloud_contracts._compat import ReprExceptionInfo, ReprFileLocation, ReprTracebackNative
from sendcloud_contracts.exitcodes import StopRun
from sendcloud_contracts.pytest_plugin.guards import secrets_for
from sendcloud_contracts.rules.failures import ContractFailure
from sendcloud_contracts.rules.hygiene import HygieneFailure
from sendcloud_contracts.wording import one_line

if TYPE_CHECKING:
    from collections.abc import Callable, Generator, Iterator


def suite_failure(lines: list[str], crash: ReprFileLocation) -> ReprExceptionInfo:
    """A failure as lines of text; `crash.message` is what short summaries and JUnit `message` show.

    Built from pytest's own representation types (lines printed as they are), so that it survives
    the serialization pytest's subtests and pytest-xdist put reports through.
    """
    return ReprExceptionInfo(
        reprtraceback=ReprTracebackNative([line + "\n" for line in lines]), reprcrash=crash
    )


def leaves(error: BaseException) -> Iterator[BaseException]:
    """The exceptions inside (nested) exception groups, or the exception itself."""
    if isinstance(error, BaseExceptionGroup):
        for inner in error.exceptions:
            yield from leaves(inner)
    else:
        yield error


def describe(error: BaseException, last_reproduction: str) -> tuple[list[str], list[str]]:
    """(lines for the report, one line per failure no contract rule describes) for a test's exception.

    Empty lines mean the exception is not a failure the suite understands (a crash): pytest's own
    traceback is then the most useful thing to show.
    """
    problems: list[str] = []
    others: list[str] = []
    reproductions: list[str] = []
    for leaf in leaves(error):
        if isinstance(leaf, ContractFailure):
            if leaf.context:
                problems.append(leaf.context)
            for finding in leaf.findings:
                problems.append(str(finding.violation))
                reproductions.append(finding.reproduction)
        elif isinstance(leaf, HygieneFailure):
            # Listed among the run's hygiene findings; not a failure of the contract.
            problems.append(f"[{leaf.code} {leaf.title}] {one_line(leaf.message)}".rstrip())
            reproductions.append(last_reproduction)
        elif isinstance(leaf, Failure):
            line = f"[{leaf.code} {leaf.title}] {one_line(leaf.message)}".rstrip()
            problems.append(line)
            others.append(line)
            reproductions.append(last_reproduction)
        elif isinstance(leaf, (AssertionError, pytest.fail.Exception)):
            text = str(getattr(leaf, "msg", None) or leaf).strip()
            problems += text.splitlines() or [type(leaf).__name__]
            others.append(one_line(text) or type(leaf).__name__)
        else:
            return [], []
    lines = list(dict.fromkeys(problems))
    distinct = [reproduction for reproduction in dict.fromkeys(reproductions) if reproduction]
    if distinct:
        lines += ["", "Reproduce with:", *(f"    {reproduction}" for reproduction in distinct)]
    return lines, others


def _schemathesis_failures(error: BaseException) -> bool:
    return any(isinstance(leaf, Failure) for leaf in leaves(error))


class FailureReport:
    """Registered by the plugin, with the run's most recent request and its count of findings."""

    def __init__(self, last_reproduction: Callable[[], str], findings: Callable[[], int]) -> None:
        self.last_reproduction = last_reproduction
        self.findings = findings
        self._findings_before = 0
        # (test, line) for failures no contract rule describes, for the summary.
        self.other_failures: list[tuple[str, str]] = []

    def render(self, item: pytest.Item, error: BaseException) -> tuple[ReprExceptionInfo | None, list[str]]:
        lines, others = describe(error, self.last_reproduction())
        if not lines:
            return None, []
        path, lineno, _ = item.location
        problems = [line for line in lines if line][: lines.index("") if "" in lines else None]
        message = "; ".join(one_line(line) for line in problems)
        return suite_failure(lines, ReprFileLocation(path, (lineno or 0) + 1, message)), others

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_makereport(
        self, item: pytest.Item, call: pytest.CallInfo[None]
    ) -> Generator[None, pytest.TestReport, pytest.TestReport]:
        report = yield
        if call.when == "setup":
            self._findings_before = self.findings()
        excinfo = call.excinfo
        if not report.failed or excinfo is None or isinstance(excinfo.value, StopRun):
            return report
        longrepr, others = self.render(item, excinfo.value)
        if longrepr is None:
            # A crash keeps pytest's traceback in the log; the summary names it in one line.
            others = [f"{type(excinfo.value).__name__}: {one_line(str(excinfo.value))}"]
        else:
            report.longrepr = longrepr
        # A test that failed on violations it recorded itself (the cassette walk) is in their rows.
        if self.findings() == self._findings_before or _schemathesis_failures(excinfo.value):
            self.other_failures += [(report.nodeid, line) for line in others]
        return report

    @pytest.hookimpl(wrapper=True)
    def pytest_exception_interact(
        self, node: pytest.Item, call: pytest.CallInfo[None], report: pytest.TestReport
    ) -> Generator[None, None, None]:
        yield
        # schemathesis rewrites the failure as a formatted traceback here, after the report was built.
        if call.excinfo is not None and not isinstance(call.excinfo.value, StopRun):
            longrepr, _ = self.render(node, call.excinfo.value)
            if longrepr is not None:
                report.longrepr = secrets_for(node.config).redact_object(longrepr)
