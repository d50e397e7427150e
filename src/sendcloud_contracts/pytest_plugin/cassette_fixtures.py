"""Where a run's cassettes are, and how vcrpy records them: pytest-recording's settings, as fixtures."""

from __future__ import annotations

from typing import Any

import pytest

from sendcloud_contracts.http.settings import Mode
from sendcloud_contracts.pytest_plugin.suite import SUITE_STATE
from sendcloud_contracts.recordings import vcr_setup


@pytest.fixture(scope="session")
def contract_cassette_dir(pytestconfig: pytest.Config) -> str:
    """Where this run's cassettes are read (replay) or written (record: the staging folder)."""
    state = pytestconfig.stash[SUITE_STATE]
    return str(state.staging.folder if state.mode is Mode.RECORD else state.cassette_dir)


@pytest.fixture(scope="module")
def vcr_cassette_dir(contract_cassette_dir: str) -> str:
    return contract_cassette_dir


@pytest.fixture
def vcr_config() -> dict[str, Any]:
    return vcr_setup.vcr_config()
