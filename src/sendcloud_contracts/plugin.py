"""The pytest surface of the suite: options, fixtures, and the checks run before any request.

Modes follow pytest-recording: plain `pytest contracts` replays `--cassette-dir` with the network
blocked, `--record-mode=rewrite` records from the live target, `--disable-recording` runs live.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
import schemathesis

from sendcloud_contracts import generation, recording, safeguards
from sendcloud_contracts.auth import request_auth
from sendcloud_contracts.errors import ContractSuiteError
from sendcloud_contracts.persistence import Staging
from sendcloud_contracts.safeguards import secrets_for, stopped
from sendcloud_contracts.settings import Mode, Target, target_from_environment
from sendcloud_contracts.spec import Spec, load_spec
from sendcloud_contracts.transport import Network, NetworkSettings, bind_session, network_from_environment

if TYPE_CHECKING:
    from collections.abc import Iterator

    import requests
    from requests.auth import AuthBase

    from sendcloud_contracts.recording import RecordingMetadata

DEFAULT_SPEC = "spec/integrations.yaml"
DEFAULT_CASSETTE_DIR = "cassettes"
SAFE_PROBE_METHODS = ("OPTIONS", "TRACE", "QUERY")
# Fixtures whose presence marks a test as part of the contract suite.
CONTRACT_FIXTURES = frozenset({"contract_target", "contract_schema", "integration_id"})


class _RunState:
    """What the plugin resolved once per run; errors are kept to be reported in one line."""

    def __init__(self, config: pytest.Config) -> None:
        self.config = config
        self.mode = Mode.from_recording_options(
            config.getoption("--record-mode"), config.getoption("--disable-recording")
        )
        rootdir = Path(config.rootpath)
        self.spec_path = rootdir / config.getoption("--contract-spec")
        self.cassette_dir = rootdir / config.getoption("--cassette-dir")
        self._spec: Spec | None = None
        self._target: Target | None = None
        self._network: NetworkSettings | None = None
        self.error: ContractSuiteError | None = None
        self.staging = Staging(self.cassette_dir)

    @property
    def spec(self) -> Spec:
        if self._spec is None:
            self._spec = load_spec(self.spec_path)
        return self._spec

    @property
    def target(self) -> Target:
        if self._target is None:
            if self.mode is Mode.REPLAY:
                self._target = recording.read_metadata(self.cassette_dir).replay_target()
            else:
                self._target = target_from_environment(
                    os.environ,
                    default_base_url=self.spec.server_url,
                    default_token_url=self.spec.token_url or "",
                )
        return self._target

    @property
    def network(self) -> NetworkSettings:
        if self._network is None:
            if self.mode is Mode.REPLAY:
                self._network = NetworkSettings().for_replay()
            else:
                self._network = network_from_environment(os.environ)
        return self._network

    def resolve(self) -> None:
        """Validate the spec, then the target, remembering the first problem."""
        try:
            self.spec  # noqa: B018 - loading validates
            self.target  # noqa: B018
            self.network  # noqa: B018
        except ContractSuiteError as error:
            self.error = self.error or error


_STATE = pytest.StashKey[_RunState]()


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("sendcloud-contracts", "Sendcloud contract suite")
    group.addoption(
        "--contract-spec",
        default=DEFAULT_SPEC,
        help=f"OpenAPI document of the contract, relative to the rootdir (default: {DEFAULT_SPEC})",
    )
    group.addoption(
        "--cassette-dir",
        default=DEFAULT_CASSETTE_DIR,
        help=f"where to replay from and record to, relative to the rootdir (default: {DEFAULT_CASSETTE_DIR})",
    )


def pytest_configure(config: pytest.Config) -> None:
    config.stash[_STATE] = _RunState(config)
    config.pluginmanager.register(safeguards, "sendcloud-contracts-safeguards")
    config.add_cleanup(generation.ignore_local_constants())


def pytest_report_header(config: pytest.Config) -> str:
    state = config.stash[_STATE]
    return f"sendcloud-contracts: {state.mode} mode, spec {state.spec_path}, cassettes {state.cassette_dir}"


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "integration_id" not in metafunc.fixturenames:
        return
    state = metafunc.config.stash[_STATE]
    state.resolve()
    ids = state.target.integration_ids if state.error is None else ()
    metafunc.parametrize("integration_id", ids, ids=[str(item) for item in ids])


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    contract_items = [item for item in items if CONTRACT_FIXTURES & set(getattr(item, "fixturenames", ()))]
    if not contract_items:
        return
    state = config.stash[_STATE]
    state.resolve()
    if state.error is not None:
        # Raised here, before any test runs, so a bad input costs no request and prints one line.
        raise pytest.UsageError(str(state.error))
    for item in contract_items:
        item.add_marker(pytest.mark.vcr)
        if state.mode is Mode.REPLAY:
            item.add_marker(pytest.mark.block_network)


# Last, after pytest tore down the fixtures: a cassette still open is written when its fixture ends.
@pytest.hookimpl(trylast=True)
def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    state = session.config.stash[_STATE]
    completed = exitstatus in (pytest.ExitCode.OK, pytest.ExitCode.TESTS_FAILED)
    if state.mode is Mode.RECORD and state.error is None and state.staging.started:
        # A recording is published whole or not at all; one that stopped early leaves the old one.
        if completed and stopped(session.config) is None:
            metadata = recording.RecordingMetadata.for_target(state.target)
            recording.write_metadata(state.staging.folder, metadata)
            state.staging.publish()
        else:
            state.staging.discard()


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
def contract_max_examples() -> int:
    """Generated requests per property test, on top of the explicit and coverage cases."""
    return 25


@pytest.fixture(scope="session")
def contract_network(pytestconfig: pytest.Config) -> Network:
    """Timeouts, rate limit and 429 handling for every request, from `SENDCLOUD_*` when live."""
    return Network(pytestconfig.stash[_STATE].network, secrets_for(pytestconfig))


@pytest.fixture(scope="session")
def contract_session(contract_network: Network) -> Iterator[requests.Session]:
    with contract_network.session() as session:
        yield session


@pytest.fixture(scope="session")
def contract_auth(contract_target: Target, contract_network: Network) -> AuthBase:
    """Credentials for every request; one object per run so an OAuth2 token is fetched once."""
    return request_auth(contract_target, contract_network)


@pytest.fixture(scope="session")
def contract_schema(
    contract_spec: Spec,
    contract_target: Target,
    contract_auth: AuthBase,
    contract_max_examples: int,
    contract_session: requests.Session,
) -> schemathesis.BaseSchema:
    # Deterministic generation and no example database: a replay must send exactly the recorded requests.
    config = schemathesis.Config.from_dict(
        {
            "base-url": contract_target.base_url,
            "generation": {
                "mode": "all",
                "deterministic": True,
                "database": "none",
                "max-examples": contract_max_examples,
                # Credentials come from `contract_auth`; generated ones would only earn 401s.
                "with-security-parameters": False,
            },
            # The account is real: probe undocumented methods only with safe ones. The API has
            # PUT, PATCH and DELETE on this path, and a probe must never change an integration.
            "phases": {"coverage": {"unexpected-methods": list(SAFE_PROBE_METHODS)}},
        }
    )
    schema = schemathesis.openapi.from_dict(contract_spec.document, config=config)
    schema.auth.set_from_requests(contract_auth)
    return bind_session(schema, contract_session)


@pytest.fixture(scope="module")
def vcr_cassette_dir(pytestconfig: pytest.Config) -> str:
    state = pytestconfig.stash[_STATE]
    return str(state.staging.folder if state.mode is Mode.RECORD else state.cassette_dir)


@pytest.fixture
def vcr_config() -> dict[str, Any]:
    return recording.vcr_config()


@pytest.fixture(scope="session")
def recording_metadata(pytestconfig: pytest.Config) -> RecordingMetadata:
    return recording.RecordingMetadata.for_target(pytestconfig.stash[_STATE].target)
