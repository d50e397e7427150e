"""Write runs against the double, end to end: the account as found afterwards, every write on the
integration named, nothing written without it, and an account without access noted, not failed."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

import pytest

from sendcloud_contracts.double import DoubleApp
from sendcloud_contracts.writes import guard, sequences

from ..conftest import COMPLETE_SPEC, V3_SPEC

if TYPE_CHECKING:
    from pathlib import Path

    from sendcloud_contracts.double import DoubleServer

    from ..conftest import SuiteRunner

# Whole write runs, judged by what they send and leave. Measured, unlike the self-test's write entries
# (`unmeasured` in tests/conftest.py): these few short runs are where the write package's lines are
# counted, at about twice their cost.

WRITTEN = 123
DOCUMENTS = {"v2": COMPLETE_SPEC, "v3": V3_SPEC}


def as_found(state: dict[str, Any]) -> dict[str, Any]:
    """The double's state less what the API keeps itself: when an integration was last saved, and
    its logs (no operation deletes one)."""
    kept = json.loads(json.dumps(state))
    for held in kept["integrations"].values():
        held["integration"].pop("last_updated_at", None)
        held.pop("log_count", None)
    return kept


@pytest.fixture(autouse=True)
def _quick_writes(monkeypatch: pytest.MonkeyPatch) -> None:
    # The double takes writes as fast as they come (`double_app` below has no limit), and a few
    # short sequences reach every write; the pace itself is tested in test_guard.py.
    monkeypatch.setattr(guard, "PER_SECOND", 10**6)
    monkeypatch.setattr(guard, "PER_MINUTE", 10**6)
    monkeypatch.setattr(sequences, "SEQUENCES", 3)
    monkeypatch.setattr(sequences, "STEPS", 8)


def unlimited(**options: Any) -> DoubleApp:
    return DoubleApp(write_limit=None, **options)


@pytest.mark.parametrize("double_app", [unlimited()], ids=["double"])
def _write_run(
    run_suite: SuiteRunner, double: DoubleServer, monkeypatch: pytest.MonkeyPatch, version: str
) -> pytest.RunResult:
    """`--writes` on integration WRITTEN, with the version's document (v3 at the double's /api/v3)."""
    if version == "v3":
        monkeypatch.setenv("SENDCLOUD_BASE_URL", double.origin + "/api/v3")
    monkeypatch.setenv("SENDCLOUD_WRITE_INTEGRATION_ID", str(WRITTEN))
    return run_suite("--disable-recording", "--writes", f"--contract-spec={DOCUMENTS[version]}")


@pytest.mark.parametrize("version", ["v2", "v3"])
def test_a_write_run_leaves_the_account_as_it_found_it(
    run_suite: SuiteRunner,
    target_double: DoubleServer,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    version: str,
) -> None:
    before = as_found(target_double.app.state())

    result = _write_run(run_suite, target_double, monkeypatch, version)

    assert result.ret == 0, result.stdout.str()
    assert as_found(target_double.app.state()) == before
    writes = target_double.app.request_log.writes()
    assert 20 < len(writes) <= 150
    prefix = f"/api/{version}"
    assert {
        entry.path.split("/")[4] for entry in writes if entry.path.startswith(f"{prefix}/integrations/")
    } <= {
        str(WRITTEN),
        "1090210",
    }, "every write went to the integration named (or deleted one the account does not have)"
    summary = (tmp_path / "reports" / "summary.md").read_text()
    assert summary.startswith("# Sendcloud contract: PASS")
    assert "The account was left as found" in summary
    assert "exception log created on integration 123" in summary
    journal = (tmp_path / "reports" / "journal.jsonl").read_text()
    assert '"kind": "restored", "differences": []' in journal
    assert target_double.app.public_key not in journal + summary


@pytest.mark.parametrize("double_app", [unlimited()], ids=["double"])
@pytest.mark.parametrize(
    ("variable", "message"),
    [
        (None, "SENDCLOUD_WRITE_INTEGRATION_ID is not set"),
        ("4712", "SENDCLOUD_WRITE_INTEGRATION_ID=4712: the account has no such integration"),
        ("one", "SENDCLOUD_WRITE_INTEGRATION_ID='one' is not an integration id"),
    ],
    ids=["unset", "absent", "not-an-id"],
)
def test_without_an_integration_of_the_account_named_nothing_is_written(
    run_suite: SuiteRunner,
    target_double: DoubleServer,
    monkeypatch: pytest.MonkeyPatch,
    variable: str | None,
    message: str,
) -> None:
    if variable is not None:
        monkeypatch.setenv("SENDCLOUD_WRITE_INTEGRATION_ID", variable)

    result = run_suite("--disable-recording", "--writes", f"--contract-spec={COMPLETE_SPEC}")

    assert result.ret == 4
    output = result.stdout.str() + result.stderr.str()
    assert message in output
    assert "Nothing was written" in output
    assert target_double.app.request_log.writes() == []


@pytest.mark.parametrize(
    ("double_app", "version", "note"),
    [
        (unlimited(official_partner=False), "v2", "POST /integrations/{id}/shipments answered 403"),
        (unlimited(order_statuses_supported=False), "v3", "POST /shop-order-statuses answered 400"),
    ],
    ids=["not-a-partner", "no-order-statuses"],
)
def test_an_account_without_access_to_an_operation_is_noted_not_failed(
    run_suite: SuiteRunner,
    target_double: DoubleServer,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    version: str,
    note: str,
) -> None:
    result = _write_run(run_suite, target_double, monkeypatch, version)

    assert result.ret == 0, result.stdout.str()
    summary = (tmp_path / "reports" / "summary.md").read_text()
    assert note in summary
    assert "not a broken contract" in summary


@pytest.mark.parametrize("double_app", [unlimited()], ids=["double"])
def test_a_document_that_describes_no_write_is_a_setup_mistake(
    run_suite: SuiteRunner, target_double: DoubleServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SENDCLOUD_WRITE_INTEGRATION_ID", str(WRITTEN))
    result = run_suite("--disable-recording", "--writes")
    assert result.ret == 4
    assert "integrations.yaml describes no write of API v2" in result.stdout.str() + result.stderr.str()
    assert target_double.requests == []


@pytest.mark.parametrize("double_app", [unlimited()], ids=["double"])
def test_a_read_run_never_selects_the_write_contract(
    run_suite: SuiteRunner, target_double: DoubleServer
) -> None:
    result = run_suite(
        "--disable-recording", f"--contract-spec={COMPLETE_SPEC}", "-k", "write_sequences or 4711"
    )
    assert "test_write_sequences" not in result.stdout.str().replace("contracts/test_writes.py", "")
    assert target_double.app.request_log.writes() == []
