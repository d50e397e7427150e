"""A recording keeps its number of generated cases per operation, and replay generates that number."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import pytest

from sendcloud_contracts.defaults import DEFAULT_MAX_EXAMPLES, DEFAULT_MAX_PAGES
from sendcloud_contracts.errors import RecordingError
from sendcloud_contracts.pytest_plugin.budget import MAX_EXAMPLES_VARIABLE
from sendcloud_contracts.recordings.vcr_setup import (
    METADATA_FILE,
    RecordingMetadata,
    read_metadata,
    write_metadata,
)

from ..conftest import ROOT, forget_live_target

if TYPE_CHECKING:
    from pathlib import Path

    from sendcloud_contracts.double import DoubleServer

    from ..conftest import SuiteRunner

SEED_CASSETTES = ROOT / "cassettes-seed"
METADATA = {
    "base_url": "http://127.0.0.1:8080/api/v2",
    "token_url": "http://127.0.0.1:8080/oauth2/token/",
    "auth": "basic",
    "integration_ids": [123],
}


def test_the_numbers_round_trip(tmp_path: Path) -> None:
    metadata = RecordingMetadata(**METADATA, max_examples=7, max_pages=3)  # type: ignore[arg-type]
    write_metadata(tmp_path, metadata)
    recorded = json.loads((tmp_path / METADATA_FILE).read_text())
    assert (recorded["max_examples"], recorded["max_pages"]) == (7, 3)
    assert read_metadata(tmp_path) == metadata


def test_a_recording_without_the_numbers_was_made_with_the_defaults(tmp_path: Path) -> None:
    (tmp_path / METADATA_FILE).write_text(json.dumps(METADATA))
    assert read_metadata(tmp_path).max_examples == DEFAULT_MAX_EXAMPLES == 25
    assert read_metadata(tmp_path).max_pages == DEFAULT_MAX_PAGES == 5


@pytest.mark.parametrize("value", [1, 0, "5", 2.5, True, None])
def test_a_page_bound_below_two_or_not_whole_is_malformed(tmp_path: Path, value: object) -> None:
    (tmp_path / METADATA_FILE).write_text(json.dumps({**METADATA, "max_pages": value}))
    with pytest.raises(RecordingError, match=rf"{METADATA_FILE} is malformed \(max_pages is "):
        read_metadata(tmp_path)


@pytest.mark.parametrize("folder", ["cassettes", "cassettes-seed"])
def test_the_committed_recordings_were_made_with_the_default(folder: str) -> None:
    assert read_metadata(ROOT / folder).max_examples == DEFAULT_MAX_EXAMPLES


@pytest.mark.parametrize("value", [0, -3, "5", 2.5, True, None])
def test_a_number_that_is_not_a_positive_whole_number_is_malformed(tmp_path: Path, value: object) -> None:
    (tmp_path / METADATA_FILE).write_text(json.dumps({**METADATA, "max_examples": value}))
    with pytest.raises(RecordingError, match=rf"{METADATA_FILE} is malformed \(max_examples is "):
        read_metadata(tmp_path)


def test_replay_generates_the_recorded_number_whatever_the_environment_says(
    run_suite: SuiteRunner, target_double: DoubleServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "cassettes"
    monkeypatch.setenv(MAX_EXAMPLES_VARIABLE, "3")
    run_suite("--record-mode=rewrite", cassette_dir=folder).assert_outcomes(passed=7)
    assert json.loads((folder / METADATA_FILE).read_text())["max_examples"] == 3
    forget_live_target(monkeypatch)
    monkeypatch.delenv(MAX_EXAMPLES_VARIABLE)
    # The default (25) would send requests the three-case recording does not hold: exit 4.
    quiet = run_suite("-v", cassette_dir=folder)
    assert quiet.ret == pytest.ExitCode.OK, quiet.stdout.str()
    assert "sendcloud-contracts: generation fixed (no seed" in quiet.stdout.str()
    assert "3 generated cases per operation" in quiet.stdout.str()
    assert "SENDCLOUD_MAX_EXAMPLES" not in quiet.stdout.str()
    monkeypatch.setenv(MAX_EXAMPLES_VARIABLE, "10")
    noted = run_suite("-v", cassette_dir=folder)
    assert noted.ret == pytest.ExitCode.OK, noted.stdout.str()
    noted.stdout.fnmatch_lines(
        [
            "sendcloud-contracts: replay generates the recorded 3 cases per operation (recording.json); "
            "SENDCLOUD_MAX_EXAMPLES=10 applies to live runs and recordings"
        ]
    )


def test_an_older_recording_replays_with_the_default_whatever_the_environment_says(
    run_suite: SuiteRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    # More cases than recorded: generating them would send requests the cassettes do not hold.
    monkeypatch.setenv(MAX_EXAMPLES_VARIABLE, "40")
    result = run_suite(cassette_dir=SEED_CASSETTES)
    assert result.ret == pytest.ExitCode.OK, result.stdout.str()
