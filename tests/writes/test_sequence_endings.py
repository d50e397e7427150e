"""Write runs end to end against the double: what a run does when a failing sequence cannot be replayed
as it was, and when its writes run out; and that a v3 run maps statuses where the account lets it."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from sendcloud_contracts.double import DoubleApp
from sendcloud_contracts.double.__main__ import target_environment
from sendcloud_contracts.double.catalogue.faults import behaviour_for, variant

from ..conftest import ROOT

if TYPE_CHECKING:
    from sendcloud_contracts.double import DoubleServer

    from ..conftest import SuiteRunner

# Judged by what the runs do and say, as the self-test is.
pytestmark = pytest.mark.usefixtures("unmeasured")

LEFT_AS_FOUND = "The account was left as found"


def _output(result: pytest.RunResult) -> str:
    return "\n".join(result.outlines + result.errlines)


def _aim(double: DoubleServer, monkeypatch: pytest.MonkeyPatch, api: str, integration: int) -> None:
    monkeypatch.setenv("SENDCLOUD_BASE_URL", target_environment(double, api=api)["SENDCLOUD_BASE_URL"])
    monkeypatch.setenv("SENDCLOUD_WRITE_INTEGRATION_ID", str(integration))


def _caught(
    run_suite: SuiteRunner, double: DoubleServer, monkeypatch: pytest.MonkeyPatch, fault: str, api: str
) -> str:
    """A write run against the double playing `fault`: failed, naming it; what it printed."""
    entry = variant(fault)
    _aim(double, monkeypatch, api, entry.writes or 0)
    result = run_suite("--disable-recording", "--writes", f"--contract-spec={ROOT / entry.spec}")
    output = _output(result)
    assert result.ret == pytest.ExitCode.TESTS_FAILED, output[-3000:]
    assert any(fragment in output for fragment in entry.caught_by), output[-3000:]
    return output


@pytest.mark.parametrize(
    "double_app", [DoubleApp(behaviour=behaviour_for("put-keeps-shop-url"), write_limit=None)]
)
@pytest.mark.usefixtures("unpaced_writes")
def test_a_failing_sequence_is_shrunk_until_the_writes_are_spent_and_the_account_restored(
    run_suite: SuiteRunner, target_double: DoubleServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    output = _caught(run_suite, target_double, monkeypatch, "put-keeps-shop-url", "v2")
    assert "Shrinking a failing sequence stopped when the run's writes were spent" in output
    # However many orders the replays created, the restore had the writes to delete them all.
    assert LEFT_AS_FOUND in output
    assert "Flaky" not in output


@pytest.mark.parametrize(
    "double_app", [DoubleApp(behaviour=behaviour_for("v3-patch-changes-every-integration"), write_limit=None)]
)
@pytest.mark.usefixtures("quick_writes")
def test_a_failing_sequence_that_goes_otherwise_when_replayed_stands_as_first_seen(
    run_suite: SuiteRunner, target_double: DoubleServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    output = _caught(run_suite, target_double, monkeypatch, "v3-patch-changes-every-integration", "v3")
    assert "A failing sequence went otherwise when replayed" in output
    assert "FlakyStrategyDefinition" not in output


@pytest.mark.parametrize("double_app", [DoubleApp(write_limit=None)])
@pytest.mark.usefixtures("quick_writes")
def test_a_v3_run_maps_the_statuses_of_an_integration_whose_mapping_it_can_restore(
    run_suite: SuiteRunner, target_double: DoubleServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    _aim(target_double, monkeypatch, "v3", 90210)
    result = run_suite(
        "--disable-recording",
        "--writes",
        f"--contract-spec={ROOT / 'spec/sendcloud-v3-integrations-openapi.yml'}",
    )
    assert result.ret == pytest.ExitCode.OK, _output(result)[-3000:]
    mapped = [
        logged
        for logged in target_double.app.request_log.writes()
        if logged.path.endswith("/shop-order-statuses/mapping")
    ]
    # Each a mapping of statuses the integration had when it was sent: none refused.
    assert mapped
    assert {logged.status for logged in mapped} == {200}
    assert LEFT_AS_FOUND in _output(result)
