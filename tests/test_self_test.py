"""The suite against every entry of the fault catalogue: faults caught by name, variations passed.

A fault counts as caught only when the run ends with the fault's exit code (1 a broken contract,
4 a setup mistake, 75 infrastructure) and its output holds one of the fault's `caught_by`
fragments, so that whoever reads the failure learns what broke and a nightly job what to do.
"""

from __future__ import annotations

import functools
import threading
from typing import TYPE_CHECKING

import pytest

from sendcloud_contracts.double import DoubleApp
from sendcloud_contracts.double.__main__ import target_environment
from sendcloud_contracts.double.catalogue.faults import (
    Kind,
    Variant,
    behaviour_for,
    of_kind,
    playing,
    variant,
)
from sendcloud_contracts.spec import load_spec

from .conftest import ROOT

# Measured by what it catches, not by lines (`unmeasured`).
pytestmark = pytest.mark.usefixtures("unmeasured")

if TYPE_CHECKING:
    from collections.abc import Iterator

    from sendcloud_contracts.double import DoubleServer
    from sendcloud_contracts.double.catalogue.variant import Variant

    from .conftest import SuiteRunner

# A double that never answers is stopped after this long, which drops every connection it
# holds: a suite that bounds its requests reports a timeout well before; one that does not
# fails later on the dropped connections instead of hanging the project's tests.
HANG_BUDGET_SECONDS = 20.0
# A write run sends some ninety writes and, against a fault, shrinks its failing sequence until its
# writes are spent: a few seconds, several times that on a loaded machine.
WRITE_RUN_BUDGET_SECONDS = 60.0


@pytest.fixture
def double_app(request: pytest.FixtureRequest) -> DoubleApp:
    """A fresh double per run playing the catalogue entry named by the parameter."""
    name: str = request.param
    if variant(name).writes is not None:
        # Without the real API's write limit: these runs send their writes unpaced (`quick_writes`);
        # the variation that throttles bursts of writes throttles them itself.
        return DoubleApp(behaviour=behaviour_for(name), write_limit=None)
    return playing(name)


@pytest.fixture
def entry(request: pytest.FixtureRequest) -> Variant:
    """The catalogue entry the double plays: the parameter of `double_app`."""
    return variant(str(request.node.callspec.params["double_app"]))


@pytest.fixture
def stopped_after_budget(
    target_double: DoubleServer, entry: Variant, monkeypatch: pytest.MonkeyPatch
) -> Iterator[DoubleServer]:
    # The double answers within milliseconds: three seconds, not the default ten, are ample for
    # every entry, and the silent one is waited out sooner (`http/test_network_failures.py` tests
    # the timeout itself).
    monkeypatch.setenv("SENDCLOUD_READ_TIMEOUT", "3")
    budget = HANG_BUDGET_SECONDS if entry.writes is None else WRITE_RUN_BUDGET_SECONDS
    watchdog = threading.Timer(budget, target_double.stop)
    watchdog.start()
    yield target_double
    watchdog.cancel()


@functools.cache
def _api_version(spec: str) -> str:
    return load_spec(ROOT / spec).dialect.name


def _entries(kind: Kind) -> list[str]:
    return [entry.name for entry in of_kind(kind)]


@pytest.fixture
def aimed_at_entry(
    entry: Variant,
    stopped_after_budget: DoubleServer,
    monkeypatch: pytest.MonkeyPatch,
    request: pytest.FixtureRequest,
) -> DoubleServer:
    """The double, with the suite aimed at the API version the entry's document describes,
    authenticating as the entry says (`Variant.auth`: OAuth2 for what bends the token endpoint), and
    writing to the integration an entry of the write contract names (`Variant.writes`)."""
    version = _api_version(entry.spec)
    aimed = target_environment(stopped_after_budget, api=version)["SENDCLOUD_BASE_URL"]
    monkeypatch.setenv("SENDCLOUD_BASE_URL", aimed)
    monkeypatch.setenv("SENDCLOUD_AUTH", entry.auth)
    if entry.writes is not None:
        monkeypatch.setenv("SENDCLOUD_WRITE_INTEGRATION_ID", str(entry.writes))
        request.getfixturevalue("quick_writes")
    if entry.kind is Kind.VALID:
        # Every test of the suite runs against a valid variation, and schemathesis' coverage phase
        # sends each documented value and boundary; one generated case per operation on top is
        # enough to show that the suite takes the unusual answers (the benchmark sends its default).
        monkeypatch.setenv("SENDCLOUD_MAX_EXAMPLES", "1")
    return stopped_after_budget


# Short tracebacks keep every failure message but drop the library source pytest prints in
# long ones, where words like "timed out" appear whatever actually happened.
SUITE_OPTIONS = ("--disable-recording", "--tb=short")


def _options(entry: Variant) -> tuple[str, ...]:
    # The entry's own document: the lists' entries bend operations the seed does not describe; the
    # write contract's entries are reached by a write run alone.
    writes = ("--writes",) if entry.writes is not None else ()
    return (*SUITE_OPTIONS, f"--contract-spec={ROOT / entry.spec}", *writes)


def _output(result: pytest.RunResult) -> str:
    return "\n".join(result.outlines + result.errlines)


@pytest.mark.parametrize("double_app", _entries(Kind.FAULT), indirect=True)
def test_suite_catches_the_fault_naming_what_broke(
    run_suite: SuiteRunner, aimed_at_entry: DoubleServer, entry: Variant
) -> None:
    fault = entry
    # Only the tests that reach what the fault bends, where the entry names them (`reach.py`).
    reach = ("-k", fault.reached_by) if fault.reached_by else ()
    result = run_suite(*_options(fault), *reach)
    output = _output(result)
    assert result.ret != pytest.ExitCode.OK, (
        f"Received: the suite passed against {fault.name} ({fault.description}). "
        f"Documented: the contract forbids it. Fix: add a check whose failure names one of {fault.caught_by}."
    )
    assert result.ret == fault.expected_exit_code, (
        f"Received: exit code {result.ret} against {fault.name} ({fault.description}). "
        f"Documented: {fault.expected_exit_code}. "
        f"Fix: report it as the kind of failure it is:\n{output[-3000:]}"
    )
    assert any(fragment in output for fragment in fault.caught_by), (
        f"Received: the suite failed against {fault.name} ({fault.description}) without naming it. "
        f"Documented: its failure names one of {fault.caught_by}. "
        f"Fix: make the failing check's message name the field or rule; the run said:\n{output[-3000:]}"
    )


@pytest.mark.parametrize("double_app", _entries(Kind.VALID), indirect=True)
def test_suite_passes_a_valid_variation(
    run_suite: SuiteRunner, aimed_at_entry: DoubleServer, entry: Variant
) -> None:
    variation = entry
    result = run_suite(*_options(variation))
    assert result.ret == pytest.ExitCode.OK, (
        f"Received: exit code {result.ret} against {variation.name} ({variation.description}). "
        "Documented: the contract allows it. Fix: the check that failed below is stricter than the spec:\n"
        f"{_output(result)[-3000:]}"
    )
