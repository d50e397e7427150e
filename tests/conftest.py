"""Fixtures for the project's own tests: a double on a free port and a way to run the suite on it."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

import hypothesis.core
import pytest
import schemathesis
from hypothesis import Phase

from sendcloud_contracts.double import DoubleApp, DoubleServer
from sendcloud_contracts.double.__main__ import target_environment
from sendcloud_contracts.pytest_plugin.guards import REQUIRED_PLUGINS
from sendcloud_contracts.writes import fixtures as write_fixtures
from sendcloud_contracts.writes import sequences as write_sequences
from sendcloud_contracts.writes.guard import WritePace

if TYPE_CHECKING:
    from collections.abc import Iterator

pytest_plugins = ["pytester"]

ROOT = Path(__file__).resolve().parent.parent
CONTRACTS = ROOT / "contracts"
SEED_SPEC = ROOT / "spec" / "integrations.yaml"
COMPLETE_SPEC = ROOT / "spec" / "sendcloud-v2-integrations-openapi.yml"
V3_SPEC = ROOT / "spec" / "sendcloud-v3-integrations-openapi.yml"


def _import_what_runs_import_lazily() -> None:
    """Load, outside any run, what a run of the suite imports only when it needs it.

    pytester's in-process runs drop every module first imported inside them, and the next run
    imports it afresh. schemathesis keeps objects across runs, so a later run would meet classes
    of a dropped copy of its OpenAPI machinery (its own `isinstance` checks then fail). The spec
    validator, schemathesis' rate limiter and the OAuth2 client would be imported again by every
    run, compiled extensions (pydantic-core, rpds, cryptography) included, which a user's run, a
    process of its own, never does.
    """
    import authlib.integrations.requests_client  # noqa: F401
    import openapi_spec_validator.validation.exceptions  # noqa: F401
    import pyrate_limiter  # noqa: F401

    for _operation in schemathesis.openapi.from_path(COMPLETE_SPEC).get_all_operations():
        pass


_import_what_runs_import_lazily()
SUITE_ENV = (
    "SENDCLOUD_BASE_URL",
    "SENDCLOUD_PUBLIC_KEY",
    "SENDCLOUD_SECRET_KEY",
    "SENDCLOUD_INTEGRATION_IDS",
    "SENDCLOUD_AUTH",
    "SENDCLOUD_TOKEN_URL",
    "SENDCLOUD_CONNECT_TIMEOUT",
    "SENDCLOUD_READ_TIMEOUT",
    "SENDCLOUD_RATE_LIMIT",
    "SENDCLOUD_THROTTLE_BUDGET",
    "SENDCLOUD_MAX_PAGES",
    "SENDCLOUD_V2_BASE_URL",
    "SENDCLOUD_WRITE_INTEGRATION_ID",
    "SENDCLOUD_HISTORY_KEY",
)
# A live run draws a fresh seed; the project's tests give their live runs this one, so that each
# test sends the same requests every time (`tests/pytest_plugin/test_seeding.py` tests the draw).
TEST_SEED_OPTION = "--hypothesis-seed=6"


# Tests whose worker died under them, given one more run (see `pytest_handlecrashitem`).
_RUN_AGAIN_AFTER_A_CRASH: set[str] = set()


@pytest.hookimpl(optionalhook=True)
def pytest_handlecrashitem(crashitem: str, report: pytest.TestReport, sched: Any) -> None:
    """A pytest-xdist worker killed by the interpreter itself gets its test run once more.

    Workers used to die now and then with SIGSEGV while the runs in them imported compiled
    extensions afresh (see `_import_what_runs_import_lazily`); the test itself never failed. This
    stays as a safety net: a second crash of the same test, and every ordinary failure, still
    fail the run.
    """
    if crashitem in _RUN_AGAIN_AFTER_A_CRASH:
        return
    _RUN_AGAIN_AFTER_A_CRASH.add(crashitem)
    sched.mark_test_pending(crashitem)
    report.outcome = "rerun"  # type: ignore[assignment]
    reporter = sched.config.pluginmanager.get_plugin("terminalreporter")
    if reporter is not None:
        reporter.write_line(f"{report.longrepr}: running it once more")


def pytest_report_teststatus(report: pytest.TestReport) -> tuple[str, str, str] | None:
    if str(report.outcome) == "rerun":
        return "rerun", "R", "RERUN"
    return None


@pytest.fixture
def unmeasured_children(monkeypatch: pytest.MonkeyPatch) -> None:
    """The processes the test starts (the suite's runs under pre-release or the nightly steps) run
    without coverage: they are judged by what they do and say, and the code they cross is covered
    line by line by the tests that call it in this process."""
    # What `coverage run` with `patch = ["subprocess"]` hands to the processes a test starts.
    monkeypatch.delenv("COVERAGE_PROCESS_CONFIG", raising=False)


@pytest.fixture
def unmeasured(unmeasured_children: None) -> Iterator[None]:
    """Coverage paused for a test that runs the whole suite end to end (the self-test, the complete
    documents), here and in the processes it starts.

    Such tests are judged by what the suite does and says, and they cross code the rest of the
    tests cover line by line; under coverage's tracer (Python 3.11) each of their runs costs about
    twice as much, most of it in the libraries the suite drives.
    """
    try:
        from coverage import Coverage
    except ImportError:  # the tests also run without coverage installed
        yield
        return
    measuring = Coverage.current()
    if measuring is None:
        yield
        return
    measuring.stop()
    try:
        yield
    finally:
        measuring.start()


@pytest.fixture
def double_app() -> DoubleApp:
    """What the double serves; override or change it before `double` starts."""
    return DoubleApp()


@pytest.fixture
def double(double_app: DoubleApp) -> Iterator[DoubleServer]:
    with DoubleServer(double_app) as server:
        yield server


@pytest.fixture(scope="session")
def _validated_specs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("validated-specs")


@pytest.fixture(autouse=True)
def _clean_environment(monkeypatch: pytest.MonkeyPatch, _validated_specs: Path) -> None:
    """A developer's own SENDCLOUD_* must never leak into a test."""
    for name in SUITE_ENV:
        monkeypatch.delenv(name, raising=False)
    # One validation cache per worker: pytester gives every test a HOME of its own, where the
    # vendored documents would be validated afresh by each of some two hundred runs of the suite
    # (`tests/test_validation_cache.py` tests the cache itself, in a folder of its own).
    monkeypatch.setenv("SENDCLOUD_CONTRACTS_CACHE", str(_validated_specs))


def forget_live_target(monkeypatch: pytest.MonkeyPatch) -> None:
    """Leave only what a replay needs: no base URL, no keys."""
    for name in ("SENDCLOUD_BASE_URL", "SENDCLOUD_PUBLIC_KEY", "SENDCLOUD_SECRET_KEY"):
        monkeypatch.delenv(name)


class SuiteRunner(Protocol):
    def __call__(
        self,
        *args: str,
        cassette_dir: Path | None = None,
        draw_seed: bool = False,
        fresh_process: bool = False,
    ) -> pytest.RunResult: ...


@pytest.fixture
def run_suite(pytester: pytest.Pytester, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> SuiteRunner:
    """Run `pytest contracts` in process, recording into a scratch folder unless told otherwise."""
    # Hypothesis' plugin keeps `--hypothesis-seed` in a module global it never resets; the runs
    # in this process must not hand it on to the tests that follow.
    monkeypatch.setattr(hypothesis.core, "global_force_seed", hypothesis.core.global_force_seed)

    def run(
        *args: str, cassette_dir: Path | None = None, draw_seed: bool = False, fresh_process: bool = False
    ) -> pytest.RunResult:
        folder = cassette_dir or tmp_path / "cassettes"
        chosen = any(arg.startswith("--hypothesis-seed") for arg in args)
        if "--disable-recording" in args and not chosen and not draw_seed:
            args = (*args, TEST_SEED_OPTION)
        # In process unless asked: a seed's requests can also depend on what earlier runs in the
        # same process left in the libraries' caches, which a user's run, a process of its own, never sees.
        runner = pytester.runpytest_subprocess if fresh_process else pytester.runpytest_inprocess
        with monkeypatch.context() as scoped:
            # The suite's plugins, loaded by name: finding them by scanning every installed
            # distribution, as pytest does by default, costs a third of a run that stops at its
            # settings, and a worker holds some seventy runs.
            scoped.setenv("PYTEST_DISABLE_PLUGIN_AUTOLOAD", "1")
            return runner(
                *(option for plugin in REQUIRED_PLUGINS for option in ("-p", plugin)),
                str(CONTRACTS),
                f"--rootdir={ROOT}",
                f"--cassette-dir={folder}",
                f"--report-dir={tmp_path / 'reports'}",
                # The one-operation seed keeps each run to ~50 requests; a test's own option wins.
                f"--contract-spec={SEED_SPEC}",
                "-p",
                "no:cacheprovider",
                # This process already has pytest's fault handler; the run inside it installs none of its own.
                "-p",
                "no:faulthandler",
                "-q",
                *args,
            )

    return run


def _unpaced(**_settings: object) -> WritePace:
    return WritePace(per_second=10**9, per_minute=10**9, sleep=lambda _seconds: None)


@pytest.fixture
def unpaced_writes(monkeypatch: pytest.MonkeyPatch) -> None:
    """The write contract's runs in this process (`run_suite`) send their writes unpaced.

    A write run paces its writes under Sendcloud's limit (`writes/guard.py`: 10 a second, 90 a
    minute); against a double given no write limit (`DoubleApp(write_limit=None)`) that pace is
    most of a run's time, some 9 s of 10. Tests lift it here, and only here: the benchmark and every
    user's run keep it. The run's sequences, steps and write budget stay as users get them.
    """
    monkeypatch.setattr(write_fixtures, "WritePace", _unpaced)


@pytest.fixture
def quick_writes(unpaced_writes: None, monkeypatch: pytest.MonkeyPatch) -> None:
    """Unpaced write runs that report a failing sequence as first found, without shrinking it.

    Shrinking replays a failing sequence until the run's writes are spent (`writes/sequences.py`):
    against a fault, two thirds of a run. Whether a run catches a fault and names it does not depend
    on it, so the self-test leaves it out; `tests/writes/test_sequence_endings.py` tests it.
    """
    monkeypatch.setattr(write_sequences, "PHASES", (Phase.explicit, Phase.generate))


@pytest.fixture
def target_double(double: DoubleServer, monkeypatch: pytest.MonkeyPatch) -> DoubleServer:
    """The double, with SENDCLOUD_* pointing the suite at it."""
    for name, value in target_environment(double).items():
        monkeypatch.setenv(name, value)
    # The double has no rate limit; the polite default would only slow the project's tests down.
    monkeypatch.setenv("SENDCLOUD_RATE_LIMIT", "1000/s")
    return double
