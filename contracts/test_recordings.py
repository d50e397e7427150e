"""Every recorded response, interaction by interaction, held to the same contract as a live one."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from collections.abc import Callable

    from sendcloud_contracts.recordings.cassettes import RecordedExchange


def test_recorded_response(
    recorded_exchange: RecordedExchange, contract_violations: Callable[[RecordedExchange], list[str]]
) -> None:
    found = contract_violations(recorded_exchange)
    if found:
        pytest.fail(
            f"cassette {recorded_exchange.label} (status {recorded_exchange.exchange.status}):\n"
            + "\n".join(f"  {violation}" for violation in found),
            pytrace=False,
        )
