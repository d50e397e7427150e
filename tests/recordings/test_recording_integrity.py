"""A recording is published whole or not at all, and the same API always records the same bytes."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from sendcloud_contracts._compat import ignore_local_constants
from sendcloud_contracts.exitcodes import BAD_INPUT, INFRASTRUCTURE
from sendcloud_contracts.recordings.provenance import recorded_spec
from sendcloud_contracts.recordings.vcr_setup import read_metadata
from sendcloud_contracts.spec import load_spec

from ..conftest import ROOT, SEED_SPEC, forget_live_target
from ..variants import ThrottledApp

# Whole runs of the suite, judged by what they send and say (`unmeasured` in tests/conftest.py).
pytestmark = pytest.mark.usefixtures("unmeasured")

if TYPE_CHECKING:
    from pathlib import Path

    from sendcloud_contracts.double import DoubleServer

    from ..conftest import SuiteRunner


def snapshot(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir()) if path.is_file()}


def leftovers(folder: Path) -> list[Path]:
    return [path for path in folder.parent.iterdir() if ".recording-" in path.name]


@pytest.mark.parametrize("auth", ["basic", "oauth2"])
def test_recording_twice_gives_identical_bytes(
    run_suite: SuiteRunner,
    target_double: DoubleServer,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    auth: str,
) -> None:
    monkeypatch.setenv("SENDCLOUD_AUTH", auth)
    first, second = tmp_path / "first", tmp_path / "second"
    run_suite("--record-mode=rewrite", cassette_dir=first).assert_outcomes(passed=7)
    run_suite("--record-mode=rewrite", cassette_dir=second).assert_outcomes(passed=7)
    assert snapshot(first) == snapshot(second)
    # Six tests' cassettes, the preflight's, and recording.json, which names the document.
    assert len(snapshot(first)) == 8
    assert read_metadata(first).spec == recorded_spec(load_spec(SEED_SPEC), ROOT)
    assert not leftovers(first)


@pytest.mark.parametrize("double_app", [ThrottledApp(throttle_from=30)], ids=["throttled-midway"])
def test_a_record_run_that_stops_midway_leaves_the_old_recordings(
    run_suite: SuiteRunner, target_double: DoubleServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "cassettes"
    (folder).mkdir()
    (folder / "test_every_documented_operation.yaml").write_text("previous recording\n")
    (folder / "recording.json").write_text("previous metadata\n")
    before = snapshot(folder)
    monkeypatch.setenv("SENDCLOUD_THROTTLE_BUDGET", "0")
    result = run_suite("--record-mode=rewrite", cassette_dir=folder)
    assert result.ret == INFRASTRUCTURE, result.stdout.str()
    assert snapshot(folder) == before
    assert not leftovers(folder)


def test_rejected_credentials_leave_the_old_recordings(
    run_suite: SuiteRunner, target_double: DoubleServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "cassettes"
    run_suite("--record-mode=rewrite", cassette_dir=folder).assert_outcomes(passed=7)
    before = snapshot(folder)
    monkeypatch.setenv("SENDCLOUD_SECRET_KEY", "revoked-secret-key")
    assert run_suite("--record-mode=rewrite", cassette_dir=folder).ret == BAD_INPUT
    assert snapshot(folder) == before
    assert not leftovers(folder)


def test_a_record_run_with_contract_failures_is_kept(
    run_suite: SuiteRunner, target_double: DoubleServer, tmp_path: Path
) -> None:
    folder = tmp_path / "cassettes"
    for integration in target_double.app.integrations.values():
        del integration["system"]
    result = run_suite("--record-mode=rewrite", cassette_dir=folder)
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    assert "recording.json" in snapshot(folder)
    assert b"system" not in snapshot(folder)["test_existing_integration[123].yaml"]


def test_generation_does_not_depend_on_the_suites_own_source(
    run_suite: SuiteRunner,
    target_double: DoubleServer,
    pytester: pytest.Pytester,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Recorded here, with the double and these tests imported; replayed in a fresh process."""
    folder = tmp_path / "cassettes"
    run_suite("--record-mode=rewrite", cassette_dir=folder).assert_outcomes(passed=7)
    forget_live_target(monkeypatch)
    result = pytester.runpytest_subprocess(
        str(ROOT / "contracts"),
        f"--rootdir={ROOT}",
        f"--cassette-dir={folder}",
        f"--contract-spec={SEED_SPEC}",
        # Not the checkout's reports/ (nor the history beside them): the double's port is new every run.
        f"--report-dir={tmp_path / 'reports'}",
        "-p",
        "no:cacheprovider",
    )
    assert result.ret == pytest.ExitCode.OK, result.stdout.str()


def test_ignoring_local_constants_is_undone() -> None:
    from hypothesis.internal.conjecture import providers

    original = providers._get_local_constants
    restore = ignore_local_constants()
    assert len(providers._get_local_constants()) == 0
    restore()
    assert providers._get_local_constants is original
