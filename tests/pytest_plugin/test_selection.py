"""A run that selects part of the suite says so first, in every report; what the suite leaves out does not."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ElementTree
from typing import TYPE_CHECKING

import pytest

from sendcloud_contracts.pytest_plugin.selection import Selection

from ..conftest import ROOT

if TYPE_CHECKING:
    from pathlib import Path

    from sendcloud_contracts.double import DoubleServer

    from ..conftest import SuiteRunner

SEED_RECORDINGS = ROOT / "cassettes-seed"


def reports(tmp_path: Path) -> tuple[list[str], dict[str, object], dict[str, str]]:
    """The summary's lines, run.json, and the JUnit XML's test suite properties."""
    folder = tmp_path / "reports"
    summary = (folder / "summary.md").read_text(encoding="utf-8").splitlines()
    outcome = json.loads((folder / "run.json").read_text(encoding="utf-8"))
    properties = {
        str(item.get("name")): str(item.get("value"))
        for item in ElementTree.parse(folder / "junit.xml").iter("property")
    }
    return summary, outcome, properties


def test_a_run_narrowed_by_k_says_how_many_of_how_many_ran(run_suite: SuiteRunner, tmp_path: Path) -> None:
    result = run_suite("-k", "test_existing_integration", cassette_dir=SEED_RECORDINGS)
    assert result.ret == pytest.ExitCode.OK
    summary, outcome, properties = reports(tmp_path)
    # Four per-id tests and the recorded interactions of their cassettes, of the seed's 64.
    assert summary[0] == (
        "# Sendcloud contract: PASS (partial run: 16 of 64 tests): "
        "the selected tests found the documented contract kept"
    )
    assert outcome["verdict"] == "pass"
    assert outcome["selection"] == {
        "selected": 16,
        "of": 64,
        "partial": True,
        "left_out_on_purpose": 6,
        "narrowed_by": ["-k 'test_existing_integration'"],
        "paths": [],
    }
    described = (
        "16 of 64 tests selected, narrowed by -k 'test_existing_integration': "
        "a partial run, not a verdict on the whole contract"
    )
    assert properties["selection"] == described
    assert f"- Tests: {described}" in summary
    assert f"selection: {described}" in result.outlines


def test_a_run_that_deselects_a_test_file_says_it_is_partial(run_suite: SuiteRunner, tmp_path: Path) -> None:
    # Node ids are relative to the checkout.
    result = run_suite("--deselect", "contracts/test_recordings.py", cassette_dir=SEED_RECORDINGS)
    assert result.ret == pytest.ExitCode.OK
    summary, outcome, _ = reports(tmp_path)
    assert summary[0].startswith("# Sendcloud contract: PASS (partial run: 7 of 64 tests): ")
    assert outcome["selection"]["narrowed_by"] == ["--deselect contracts/test_recordings.py"]  # type: ignore[index]


def test_the_suites_own_deselections_leave_a_run_whole(run_suite: SuiteRunner, tmp_path: Path) -> None:
    # The seed has no list: the page walks, the sorting checks and the list comparison are left out on
    # purpose, and the comparison with an earlier version (v2 replaced none).
    result = run_suite(cassette_dir=SEED_RECORDINGS)
    result.assert_outcomes(passed=64, deselected=6)
    summary, outcome, properties = reports(tmp_path)
    assert summary[0] == "# Sendcloud contract: PASS: the API keeps its documented contract"
    assert outcome["selection"]["partial"] is False  # type: ignore[index]
    assert properties["selection"] == (
        "all 64 tests selected; 6 left out by the suite for this document and mode (see the header)"
    )
    assert not [line for line in result.outlines if line.startswith("selection: ")]


def test_a_live_run_leaves_out_the_recorded_walk_on_purpose(
    run_suite: SuiteRunner, target_double: DoubleServer, tmp_path: Path
) -> None:
    run_suite("--disable-recording").assert_outcomes(passed=7, deselected=7)
    summary, outcome, _ = reports(tmp_path)
    assert summary[0] == "# Sendcloud contract: PASS: the API keeps its documented contract"
    assert outcome["selection"]["left_out_on_purpose"] == 7  # type: ignore[index]


@pytest.mark.parametrize(
    ("selection", "partial", "counts"),
    [
        (Selection(selected=5, of=5), False, "5 of 5 tests"),
        (Selection(selected=5, of=5, on_purpose=2), False, "5 of 5 tests"),
        (Selection(selected=1, of=5), True, "1 of 5 tests"),
        (Selection(selected=5, of=5, narrowed_by=("-m 'x'",)), False, "5 of 5 tests"),
        (
            Selection(selected=6, of=6, paths=("contracts/test_integrations.py",)),
            True,
            "6 of 6 tests in contracts/test_integrations.py",
        ),
    ],
)
def test_what_makes_a_run_partial(selection: Selection, partial: bool, counts: str) -> None:
    assert selection.partial is partial
    assert selection.counts() == counts
    assert ("a partial run" in selection.describe()) is partial
