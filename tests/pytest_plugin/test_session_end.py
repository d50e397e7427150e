"""A fixture that raises as pytest tears it down at the session's end ends the run as the run decided.

pytest tears down there what an interrupted or stopped test loop left set up; the write contract
restores the account in such a teardown. Left to pytest, an error raised then ends the process with
a traceback and exit 1, the code of a broken contract, after the reports said something else.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sendcloud_contracts.exitcodes import CRASHED, INTERRUPTED

from ..endings.folders import Expect, check

if TYPE_CHECKING:
    from pathlib import Path

    import pytest

    from sendcloud_contracts.double import DoubleServer

    from ..conftest import SuiteRunner

BREAKS = """
import pytest

from sendcloud_contracts.exitcodes import StopRun

@pytest.fixture(autouse=True, scope="session")
def _breaks_as_it_is_torn_down():
    yield
    raise {torn_down}

@pytest.hookimpl(tryfirst=True)
def pytest_runtest_call(item):
    if "[4711]" in item.nodeid:
        raise {raised}

@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    # Raised in a hook, after the test ran: the suite's own error, not the test's failure.
    if call.when == "call" and "[4711]" in item.nodeid and call.excinfo.typename == "LookupError":
        raise RuntimeError("the suite broke first")
    return report
"""


TEARDOWN_ERROR = 'RuntimeError("the teardown broke")'


def _run(
    pytester: pytest.Pytester, run_suite: SuiteRunner, raised: str, torn_down: str = TEARDOWN_ERROR
) -> pytest.RunResult:
    pytester.makepyfile(teardown_breaks=BREAKS.format(raised=raised, torn_down=torn_down))
    pytester.syspathinsert()
    # Ctrl-C in a process of its own: pytester raises an in-process run's KeyboardInterrupt again.
    interrupt = raised == "KeyboardInterrupt"
    return run_suite("--disable-recording", "-p", "teardown_breaks", fresh_process=interrupt)


def test_ctrl_c_then_a_teardown_error_ends_interrupted_naming_both(
    pytester: pytest.Pytester, run_suite: SuiteRunner, target_double: DoubleServer, tmp_path: Path
) -> None:
    result = _run(pytester, run_suite, "KeyboardInterrupt")

    assert result.ret == INTERRUPTED, result.stdout.str()
    reason = "tearing down then raised RuntimeError: the teardown broke"
    check(Expect("contract", tmp_path / "reports", "interrupted", INTERRUPTED, reason))
    result.stdout.fnmatch_lines(["*raised while pytest tore the run's fixtures down*", "*teardown broke*"])


def test_ctrl_c_then_a_stop_while_tearing_down_ends_interrupted(
    pytester: pytest.Pytester, run_suite: SuiteRunner, target_double: DoubleServer, tmp_path: Path
) -> None:
    # The restore after Ctrl-C meeting a dead network stops the run (75): still no verdict but 2.
    stop = 'StopRun("the API could not be reached while restoring", 75)'
    result = _run(pytester, run_suite, "KeyboardInterrupt", torn_down=stop)

    assert result.ret == INTERRUPTED, result.stdout.str()
    check(Expect("contract", tmp_path / "reports", "interrupted", INTERRUPTED, "SIGINT"))
    result.stdout.fnmatch_lines(["*the API could not be reached while restoring*"])


def test_an_internal_error_then_a_teardown_error_ends_crashed_on_the_first(
    pytester: pytest.Pytester, run_suite: SuiteRunner, target_double: DoubleServer, tmp_path: Path
) -> None:
    result = _run(pytester, run_suite, "LookupError")

    assert result.ret == CRASHED, result.stdout.str()
    check(Expect("contract", tmp_path / "reports", "crashed", CRASHED, "RuntimeError: the suite broke first"))
