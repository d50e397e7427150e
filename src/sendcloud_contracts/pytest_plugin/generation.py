"""The fixtures that say how many cases a run generates and from which seed (see `seeding.py`)."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

import pytest

from sendcloud_contracts.pytest_plugin.suite import SUITE_STATE

if TYPE_CHECKING:
    from sendcloud_contracts.pytest_plugin.seeding import Generation


@pytest.fixture(scope="session")
def contract_max_examples(pytestconfig: pytest.Config) -> int:
    """Generated cases per operation (`SENDCLOUD_MAX_EXAMPLES`; in replay, the recording's number)."""
    return pytestconfig.stash[SUITE_STATE].generation.max_examples


@pytest.fixture(scope="session")
def contract_generation(pytestconfig: pytest.Config, contract_max_examples: int) -> Generation:
    """The run's generation, with `contract_max_examples` as a `conftest.py` may have overridden it.

    Kept in the run's state, so the reports and `recording.json` give the number actually used.
    """
    state = pytestconfig.stash[SUITE_STATE]
    state.generation = replace(state.generation, max_examples=contract_max_examples)
    return state.generation
