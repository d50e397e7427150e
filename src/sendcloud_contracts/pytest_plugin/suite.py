"""What one run of the contract suite resolves once: mode, spec, target, deviations, recordings."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from sendcloud_contracts.errors import ContractSuiteError
from sendcloud_contracts.http.network_settings import NetworkSettings, network_from_environment
from sendcloud_contracts.http.settings import Mode, Target, target_from_environment
from sendcloud_contracts.pytest_plugin import consistency
from sendcloud_contracts.pytest_plugin.budget import max_examples_from_environment
from sendcloud_contracts.pytest_plugin.schemathesis_setup import unsent_header
from sendcloud_contracts.recordings import vcr_setup
from sendcloud_contracts.recordings.cassettes import RecordedExchange, cassette_files, read_cassette
from sendcloud_contracts.recordings.persistence import Staging
from sendcloud_contracts.rules.deviations import DeviationLedger, load_deviations
from sendcloud_contracts.spec import Spec, load_spec

if TYPE_CHECKING:
    from pathlib import Path


class SuiteState:
    """Resolved lazily, so a run that collects no contract test never reads the spec or SENDCLOUD_*.

    The first problem is kept in `error`, to be reported as one line before any request.
    """

    def __init__(self, mode: Mode, spec_path: Path, cassette_dir: Path, deviations_path: Path) -> None:
        self.mode = mode
        self.spec_path = spec_path
        self.cassette_dir = cassette_dir
        self.deviations_path = deviations_path
        self.error: ContractSuiteError | None = None
        self._spec: Spec | None = None
        self._target: Target | None = None
        self._deviations: DeviationLedger | None = None
        self._recorded: list[RecordedExchange] | None = None
        self._network: NetworkSettings | None = None
        self._max_examples: int | None = None
        self.staging = Staging(cassette_dir)

    @property
    def spec(self) -> Spec:
        if self._spec is None:
            self._spec = load_spec(self.spec_path)
        return self._spec

    def header(self, *, contract_run: bool) -> list[str]:
        """The run header: where it runs, and which documented operations it never sends."""
        where = f"spec {self.spec_path}, cassettes {self.cassette_dir}"
        header = f"sendcloud-contracts: {self.mode} mode, {where}"
        # Only a contract run reads the spec; a bad one is reported once, at collection.
        if not contract_run or not self.resolve():
            return [header]
        return [header, *unsent_header(self.spec), *consistency.header(self.spec)]

    @property
    def target(self) -> Target:
        if self._target is None:
            if self.mode is Mode.REPLAY:
                self._target = vcr_setup.read_metadata(self.cassette_dir).replay_target()
            else:
                self._target = target_from_environment(
                    os.environ,
                    default_base_url=self.spec.server_url,
                    default_token_url=self.spec.token_url or "",
                )
        return self._target

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
    def max_examples(self) -> int:
        """Generated cases per operation; the same in every mode, so a replay matches its recording."""
        if self._max_examples is None:
            self._max_examples = max_examples_from_environment(os.environ)
        return self._max_examples

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
                    self._recorded += read_cassette(path, self.spec, self.target.base_url)
        return self._recorded

    def resolve(self) -> bool:
        """Validate the local inputs, then the target and recordings; False on the first problem."""
        if self.error is None:
            try:
                self.spec  # noqa: B018 - loading validates
                self.deviations  # noqa: B018
                self.target  # noqa: B018
                self.network  # noqa: B018
                self.max_examples  # noqa: B018
                self.recorded  # noqa: B018
            except ContractSuiteError as error:
                self.error = error
        return self.error is None
