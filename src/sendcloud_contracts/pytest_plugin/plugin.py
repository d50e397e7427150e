"""The pytest surface of the suite: options, fixtures, and the checks run before any request.

Modes follow pytest-recording: plain `pytest contracts` replays `--cassette-dir` with the network
blocked, `--record-mode=rewrite` records from the live target, `--disable-recording` runs live.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from sendcloud_contracts._compat import ignore_local_constants
from sendcloud_contracts.defaults import WRITES_OPTION, report_folder
from sendcloud_contracts.http.auth import request_auth
from sendcloud_contracts.http.session import Network
from sendcloud_contracts.http.settings import Mode, Target
from sendcloud_contracts.pytest_plugin import (
    agreement,
    cassette_fixtures,
    consistency,
    generation,
    guards,
    hygiene_report,
    page_walk,
    preflight,
    selection,
    sorting,
)
from sendcloud_contracts.pytest_plugin.guards import secrets_for
from sendcloud_contracts.pytest_plugin.run_header import run_header
from sendcloud_contracts.pytest_plugin.run_reports import RunReports, judges
from sendcloud_contracts.pytest_plugin.schemathesis_setup import build_schema
from sendcloud_contracts.pytest_plugin.seeding import SEED_OPTION_DEST
from sendcloud_contracts.pytest_plugin.session_end import SessionEnd
from sendcloud_contracts.pytest_plugin.suite import SUITE_STATE as _STATE
from sendcloud_contracts.pytest_plugin.suite import SuiteState, runs_the_contract_suite
from sendcloud_contracts.pytest_plugin.user_terms import in_users_terms
from sendcloud_contracts.rules import hygiene
from sendcloud_contracts.rules.contract import violations
from sendcloud_contracts.rules.contract_run import ContractRun, activate, deactivate
from sendcloud_contracts.rules.coverage import ContractCoverage
from sendcloud_contracts.rules.failures import Finding, curl

if TYPE_CHECKING:
    from collections.abc import Iterator

    import requests
    import schemathesis
    from requests.auth import AuthBase

    from sendcloud_contracts.pytest_plugin.seeding import Generation
    from sendcloud_contracts.recordings.cassettes import RecordedExchange
    from sendcloud_contracts.rules.deviations import DeviationLedger
    from sendcloud_contracts.spec import Spec

# Its options are a plugin of their own, registered with it (pytest reads them before `pytest_configure`);
# the write contract's fixture is its package's own.
pytest_plugins = ["sendcloud_contracts.pytest_plugin.options", "sendcloud_contracts.writes.fixtures"]

# Fixtures whose presence marks a test as talking to the API (live, or through a cassette).
API_FIXTURES = frozenset({"contract_target", "contract_schema", "integration_id"})
RECORDED_FIXTURE = "recorded_exchange"
WRITE_FIXTURE = "write_session"

_REPORTS = pytest.StashKey[RunReports]()


@pytest.hookimpl(tryfirst=True)
def pytest_configure(config: pytest.Config) -> None:
    guards.require_plugins(config)
    rootdir = Path(config.rootpath)
    mode = Mode.from_recording_options(
        config.getoption("--record-mode"), config.getoption("--disable-recording")
    )
    contract_run = runs_the_contract_suite(config)
    state = SuiteState(
        mode=mode,
        spec_path=rootdir / config.getoption("--contract-spec"),
        cassette_dir=rootdir / config.getoption("--cassette-dir"),
        deviations_path=rootdir / config.getoption("--deviations"),
        seed_option=config.getoption(SEED_OPTION_DEST, None),
        checkout=rootdir,
        writes=bool(config.getoption(WRITES_OPTION)),
    )
    suffix = state.report_suffix() if contract_run else ""
    report_dir = report_folder(rootdir, config.getoption("--report-dir"), state.mode_name(), suffix)
    claims = contract_run and judges(config)
    config.pluginmanager.register(guards, "sendcloud-contracts-guards")
    config.pluginmanager.register(hygiene_report, "sendcloud-contracts-hygiene")
    config.pluginmanager.register(preflight, "sendcloud-contracts-preflight")
    config.pluginmanager.register(generation, "sendcloud-contracts-generation")
    config.pluginmanager.register(cassette_fixtures, "sendcloud-contracts-cassettes")
    config.pluginmanager.register(consistency, "sendcloud-contracts-consistency")
    config.pluginmanager.register(agreement, "sendcloud-contracts-agreement")
    config.pluginmanager.register(selection, "sendcloud-contracts-selection")
    config.add_cleanup(ignore_local_constants())
    config.stash[_STATE] = state
    # From here the run's folder says RUNNING until the run's outcome replaces it.
    reports = config.stash[_REPORTS] = RunReports(config, state, report_dir, claims=claims)
    if claims and config.option.xmlpath is None:
        # Before the junitxml plugin reads the option: every contract run leaves JUnit XML.
        config.option.xmlpath = str(reports.junit_path)
    config.pluginmanager.register(page_walk.PageWalks(state), "sendcloud-contracts-page-walks")
    config.pluginmanager.register(sorting.SortOrders(state), "sendcloud-contracts-sorting")
    config.pluginmanager.register(reports, "sendcloud-contracts-reports")
    config.pluginmanager.register(SessionEnd(state, reports), "sendcloud-contracts-session-end")


def pytest_report_header(config: pytest.Config) -> list[str]:
    return run_header(config.stash[_STATE], contract_run=runs_the_contract_suite(config))


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    state = metafunc.config.stash[_STATE]
    if "integration_id" in metafunc.fixturenames:
        ids = state.target.integration_ids if state.resolve() else ()
        metafunc.parametrize("integration_id", ids, ids=[str(item) for item in ids])
    if RECORDED_FIXTURE in metafunc.fixturenames:
        recorded = state.recorded if state.resolve() else []
        metafunc.parametrize(RECORDED_FIXTURE, recorded, ids=[item.label for item in recorded])


# First, before `-k`, `-m` and `--deselect`: what the suite leaves out on purpose is counted as such.
@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    state = config.stash[_STATE]
    suite_items = [item for item in items if _fixtures(item) & (API_FIXTURES | {RECORDED_FIXTURE})]
    if not suite_items:
        return
    if not state.resolve():
        # Raised before any test runs, so a bad input costs no request and prints one line.
        raise pytest.UsageError(in_users_terms(config, str(state.error)))
    if state.mode is not Mode.REPLAY or state.writes:
        # Recorded responses are judged in replay; live and record runs judge fresh ones.
        recorded_items = [item for item in items if RECORDED_FIXTURE in _fixtures(item)]
        selection.deselect_on_purpose(config, items, recorded_items)
    # The write contract runs alone, and only when asked for: a read run never writes.
    writing = [item for item in items if WRITE_FIXTURE in _fixtures(item)]
    left_out = [item for item in items if item not in writing] if state.writes else writing
    selection.deselect_on_purpose(config, items, left_out)
    for item in items:
        if _fixtures(item) & API_FIXTURES:
            item.add_marker(pytest.mark.vcr)
            if state.mode is Mode.REPLAY:
                item.add_marker(pytest.mark.block_network)


def _fixtures(item: pytest.Item) -> set[str]:
    return set(getattr(item, "fixturenames", ()))


@pytest.fixture(scope="session")
def contract_report_dir(pytestconfig: pytest.Config) -> Path:
    """Where this run's reports go, and the write contract's journal with them."""
    return pytestconfig.stash[_REPORTS].folder


@pytest.fixture(scope="session")
def contract_mode(pytestconfig: pytest.Config) -> Mode:
    return pytestconfig.stash[_STATE].mode


@pytest.fixture(scope="session")
def contract_spec(pytestconfig: pytest.Config) -> Spec:
    return pytestconfig.stash[_STATE].spec


@pytest.fixture(scope="session")
def contract_target(pytestconfig: pytest.Config) -> Target:
    return pytestconfig.stash[_STATE].target


@pytest.fixture(scope="session")
def contract_deviations(pytestconfig: pytest.Config) -> DeviationLedger:
    return pytestconfig.stash[_STATE].deviations


@pytest.fixture(scope="session")
def contract_network(pytestconfig: pytest.Config) -> Network:
    """Timeouts, rate limit and 429 handling for every request, from `SENDCLOUD_*` when live."""
    state = pytestconfig.stash[_STATE]
    network = Network(state.network, secrets_for(pytestconfig), state.rerecord)
    pytestconfig.stash[_REPORTS].network = network
    return network


@pytest.fixture(scope="session")
def contract_session(contract_network: Network) -> Iterator[requests.Session]:
    with contract_network.session() as session:
        yield session


@pytest.fixture(scope="session")
def contract_auth(contract_target: Target, contract_network: Network) -> AuthBase:
    """Credentials for every request; one object per run so an OAuth2 token is fetched once."""
    return request_auth(contract_target, contract_network)


@pytest.fixture(scope="session")
def contract_run(
    pytestconfig: pytest.Config,
    contract_spec: Spec,
    contract_target: Target,
    contract_deviations: DeviationLedger,
    contract_session: requests.Session,
    contract_network: Network,
) -> Iterator[ContractRun]:
    """Activates the suite's own checks for this run and collects what they observe."""
    run = ContractRun(
        spec=contract_spec,
        deviations=contract_deviations,
        coverage=ContractCoverage(contract_spec),
        auth_mode=contract_target.auth,
        session=contract_session,
        is_own=contract_network.is_own,
        strict_hygiene=bool(pytestconfig.getoption(hygiene.STRICT_OPTION)),
        key_variables=pytestconfig.getoption("--key-variables"),
    )
    pytestconfig.stash[_REPORTS].run = run
    pytestconfig.stash[hygiene_report.FINDINGS] = run.hygiene
    activate(run)
    yield run
    deactivate()


@pytest.fixture(autouse=True)
def _probe_authentication_per_cassette(request: pytest.FixtureRequest) -> None:
    # Each test has its own cassette, so each probes authentication itself: replaying one
    # test alone must find its probes in its own recording.
    if API_FIXTURES & set(request.fixturenames):
        request.getfixturevalue("contract_run").probed.clear()


@pytest.fixture(scope="session")
def contract_schema(
    contract_spec: Spec,
    contract_target: Target,
    contract_auth: AuthBase,
    contract_generation: Generation,
    contract_run: ContractRun,
    contract_session: requests.Session,
    contract_preflight: tuple[int, ...],
) -> schemathesis.BaseSchema:
    """schemathesis, configured for the run (`schemathesis_setup.py`), after the preflight."""
    return build_schema(contract_spec, contract_target, contract_auth, contract_generation, contract_session)


def recorded_reproduction(recorded: RecordedExchange, run: ContractRun) -> str:
    """How to ask again what a recording holds: its request, at the URL it was recorded from, with the
    keys of the shell it is run in (a recording keeps no credentials)."""
    exchange = recorded.exchange
    if not exchange.url.startswith(("http://", "https://")):
        return ""
    authorization = "Bearer x" if run.auth_mode == "oauth2" else "Basic x"
    return curl(
        exchange.method,
        exchange.url,
        {"Authorization": authorization},
        is_own=lambda _: True,
        keys=run.key_variables,
    )


@pytest.fixture
def contract_violations(pytestconfig: pytest.Config, contract_spec: Spec, contract_run: ContractRun) -> Any:
    """Judges a recorded exchange with every contract rule, accepted deviations set aside."""
    ledger = pytestconfig.stash[_STATE].deviations

    def judge(recorded: RecordedExchange) -> list[str]:
        every = violations(recorded.exchange, contract_spec)
        found = ledger.unaccepted(every)
        contract_run.tally.judged(recorded.exchange, every, found)
        again = recorded_reproduction(recorded, contract_run)
        contract_run.failures += [
            Finding(recorded.label, violation, again, exchange=recorded.exchange) for violation in found
        ]
        return [str(violation) for violation in found]

    return judge
