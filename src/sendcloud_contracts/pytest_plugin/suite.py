"""What one run of the contract suite resolves once: mode, spec, target, deviations, recordings."""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path

import pytest

from sendcloud_contracts.defaults import (
    CONTRACTS_DIR,
    VERSION_DOCUMENTS,
    aiming_options,
    kind_of_run,
    record_first,
    rerecord,
)
from sendcloud_contracts.dialects import dialect_for, predecessor_variable
from sendcloud_contracts.errors import ConfigurationError, ContractSuiteError, RecordingError
from sendcloud_contracts.http.network_settings import NetworkSettings, network_from_environment
from sendcloud_contracts.http.settings import (
    Mode,
    Target,
    predecessor_url_from_environment,
    target_from_environment,
    write_integration_from_environment,
)
from sendcloud_contracts.pytest_plugin.budget import max_pages_from_environment
from sendcloud_contracts.pytest_plugin.seeding import Generation, resolve_generation
from sendcloud_contracts.recordings import vcr_setup
from sendcloud_contracts.recordings.cassettes import RecordedExchange, cassette_files, read_cassette
from sendcloud_contracts.recordings.persistence import Staging
from sendcloud_contracts.recordings.provenance import check_fit, recorded_spec
from sendcloud_contracts.rules.deviations import DeviationLedger, load_deviations
from sendcloud_contracts.spec import Spec, load_spec


class SuiteState:
    """Resolved lazily, so a run that collects no contract test never reads the spec or SENDCLOUD_*.

    The first problem is kept in `error`, to be reported as one line before any request.
    """

    def __init__(
        self,
        mode: Mode,
        spec_path: Path,
        cassette_dir: Path,
        deviations_path: Path,
        seed_option: str | None = None,
        checkout: Path | None = None,
        writes: bool = False,
    ) -> None:
        self.mode = mode
        # The write contract (`--writes`): only its tests run, on the one integration named.
        self.writes = writes
        self._write_integration_id: int | None = None
        # The checkout the paths above are relative to, in the hints a message ends with.
        self.checkout = checkout or Path.cwd()
        self.spec_path = spec_path
        self.cassette_dir = cassette_dir
        self.deviations_path = deviations_path
        # `--hypothesis-seed` as given, before it is checked.
        self.seed_option = seed_option
        self.error: ContractSuiteError | None = None
        self._spec: Spec | None = None
        self._target: Target | None = None
        self._deviations: DeviationLedger | None = None
        self._recorded: list[RecordedExchange] | None = None
        self._network: NetworkSettings | None = None
        self._max_pages: int | None = None
        self._metadata: vcr_setup.RecordingMetadata | None = None
        self._generation: Generation | None = None
        self.staging = Staging(cassette_dir)

    @property
    def spec(self) -> Spec:
        if self._spec is None:
            self._spec = load_spec(self.spec_path)
        return self._spec

    def api_version(self) -> str | None:
        """The API version the document describes; None while the spec is unreadable."""
        try:
            return self.spec.dialect.name
        except ContractSuiteError:
            return None

    def report_suffix(self) -> str:
        """What the API version adds to the report folder's name; nothing while the spec is unreadable
        (the run then stops at collection with one line, and reports into the mode's folder)."""
        try:
            return self.spec.dialect.report_suffix
        except ContractSuiteError:
            return ""

    @property
    def target(self) -> Target:
        if self._target is None:
            if self.mode is Mode.REPLAY:
                target = self.metadata.replay_target()
            else:
                target = target_from_environment(
                    os.environ,
                    default_base_url=self.spec.server_url,
                    default_token_url=self.spec.token_url or "",
                )
                target = replace(target, predecessor_url=self._predecessor_url(target.base_url))
                self._check_version(target)
            self._target = target
        return self._target

    def _predecessor_url(self, base_url: str) -> str | None:
        """Where the version the document's replaced is asked, to compare with (`SENDCLOUD_V2_BASE_URL`)."""
        predecessor = self.spec.dialect.predecessor
        if predecessor is None:
            return None
        variable = predecessor_variable(predecessor)
        return predecessor_url_from_environment(
            os.environ, variable, self.spec.dialect.predecessor_url(base_url)
        )

    def _check_version(self, target: Target) -> None:
        """A base URL that names another API version than the document's is a setup mistake: every
        answer would read as a broken contract. (A replay's recordings are checked against the
        document itself: `check_fit`.)"""
        named, described = dialect_for(target.base_url), self.spec.dialect
        if named is None or named is described:
            return
        document = self.spec_path.name
        raise ConfigurationError(
            f"SENDCLOUD_BASE_URL={target.base_url} names API {named.name}, but {document} describes "
            f"API {described.name}: set it to the API {described.name} base URL "
            f"(e.g. https://panel.sendcloud.sc{described.base_path})"
        )

    @property
    def write_integration_id(self) -> int:
        """The one integration a write run may change: `SENDCLOUD_WRITE_INTEGRATION_ID`, or the
        recording's in a replay."""
        if self._write_integration_id is None:
            if self.mode is Mode.REPLAY:
                recorded = self.metadata.write_integration_id
                if recorded is None:
                    raise RecordingError(
                        f"{self.cassette_dir} holds no recording of the write contract "
                        f"(recording.json names no write_integration_id): {self.rerecord}"
                    )
                self._write_integration_id = recorded
            else:
                self._write_integration_id = write_integration_from_environment(os.environ)
        return self._write_integration_id

    def _check_writes(self) -> None:
        """The write contract needs a document that describes the version's writes."""
        writes = self.spec.dialect.writes
        item = self.spec.document.get("paths", {}).get(writes.item_path, {})
        if not any(method.lower() in item for method in writes.settings_methods):
            raise ConfigurationError(
                f"{self.spec_path.name} describes no write of API {self.spec.dialect.name} "
                f"({' or '.join(writes.settings_methods)} {writes.item_path}): the write contract runs on "
                f"the version's whole document: --contract-spec {VERSION_DOCUMENTS[self.spec.dialect.name]}"
            )

    def mode_name(self) -> str:
        """The kind of run, as its report folder names it: `live`, `writes`, `replay-writes`..."""
        return kind_of_run(str(self.mode), writes=self.writes)

    @property
    def resolved_target(self) -> Target | None:
        """The target if it was resolved, without resolving it (for reports of a run that stopped)."""
        return self._target

    @property
    def network(self) -> NetworkSettings:
        if self._network is None:
            if self.mode is Mode.REPLAY:
                self._network = NetworkSettings().for_replay()
            else:
                self._network = network_from_environment(os.environ)
        return self._network

    @property
    def recording_options(self) -> tuple[str, ...]:
        """The options that aim a record run at this run's document and recordings, if not the defaults."""
        return aiming_options(self.checkout, self.spec_path, self.cassette_dir)

    @property
    def rerecord(self) -> str:
        """How to record again what this run replays: the hint a mismatch ends with."""
        return rerecord(*self.recording_options)

    @property
    def metadata(self) -> vcr_setup.RecordingMetadata:
        """What `recording.json` says about the recordings (replay only)."""
        if self._metadata is None:
            fix = record_first(*self.recording_options)
            self._metadata = vcr_setup.read_metadata(self.cassette_dir, fix)
        return self._metadata

    def recording_metadata(self) -> vcr_setup.RecordingMetadata:
        """What a record run writes into `recording.json`: target, generation and document."""
        return vcr_setup.RecordingMetadata.for_target(
            self.target,
            self.max_examples,
            self.max_pages,
            recorded_spec(self.spec, self.checkout),
            self.write_integration_id if self.writes else None,
        )

    @property
    def generation(self) -> Generation:
        """Cases per operation and the seed; a replay generates what its recording was made with."""
        if self._generation is None:
            recorded = self.metadata.max_examples if self.mode is Mode.REPLAY else None
            self._generation = resolve_generation(
                self.mode, self.seed_option, os.environ, recorded, self.spec.dialect.default_max_examples
            )
        return self._generation

    @generation.setter
    def generation(self, generation: Generation) -> None:
        self._generation = generation

    @property
    def resolved_generation(self) -> Generation | None:
        """The generation if it was resolved, without resolving it (for reports of a run that stopped)."""
        return self._generation

    @property
    def max_examples(self) -> int:
        return self.generation.max_examples

    @property
    def max_pages(self) -> int:
        """Pages a walk of a paginated list may read; a replay reads what its recording did."""
        if self._max_pages is None:
            replay = self.mode is Mode.REPLAY
            self._max_pages = self.metadata.max_pages if replay else max_pages_from_environment(os.environ)
        return self._max_pages

    @property
    def deviations(self) -> DeviationLedger:
        if self._deviations is None:
            self._deviations = load_deviations(self.deviations_path)
        return self._deviations

    @property
    def recorded(self) -> list[RecordedExchange]:
        """Every documented interaction in the cassettes; only replay reads them."""
        if self._recorded is None:
            self._recorded = []
            if self.mode is Mode.REPLAY:
                for path in cassette_files(self.cassette_dir):
                    self._recorded += read_cassette(path, self.spec, self.target.base_url, self.rerecord)
        return self._recorded

    def resolve(self) -> bool:
        """Validate the local inputs, then the target and recordings; False on the first problem."""
        if self.error is None:
            try:
                self.spec  # noqa: B018 - loading validates
                self.deviations  # noqa: B018
                self.target  # noqa: B018
                if self.mode is Mode.REPLAY:
                    check_fit(self.spec, self.metadata, self.cassette_dir, self.checkout, self.rerecord)
                self.network  # noqa: B018
                if self.writes:
                    self._check_writes()
                    self.write_integration_id  # noqa: B018
                self.generation  # noqa: B018
                self.max_pages  # noqa: B018
                self.recorded  # noqa: B018
            except ContractSuiteError as error:
                self.error = error
        return self.error is None


# The run's state, resolved once; the plugin and its fixture modules find it in `config.stash`.
SUITE_STATE = pytest.StashKey[SuiteState]()


def runs_the_contract_suite(config: pytest.Config) -> bool:
    """Whether this pytest run collects the contract tests (not, say, the project's own tests)."""
    contracts = Path(config.rootpath) / CONTRACTS_DIR
    return any(Path(str(arg).split("::")[0]).resolve().is_relative_to(contracts) for arg in config.args)
