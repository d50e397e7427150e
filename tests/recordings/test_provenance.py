"""Recordings replay only with the document they were made from: any other is a setup mistake (exit 4)."""

from __future__ import annotations

import hashlib
import json
import shutil
from dataclasses import replace
from typing import TYPE_CHECKING

import pytest

from sendcloud_contracts.errors import RecordingError
from sendcloud_contracts.exitcodes import BAD_INPUT
from sendcloud_contracts.recordings.provenance import check_fit, recorded_spec
from sendcloud_contracts.recordings.vcr_setup import METADATA_FILE, RecordedSpec, read_metadata
from sendcloud_contracts.spec import load_spec

from ..conftest import COMPLETE_SPEC, ROOT, SEED_SPEC

if TYPE_CHECKING:
    from pathlib import Path

    from ..conftest import SuiteRunner

SEED_RECORDINGS = ROOT / "cassettes-seed"
COMPLETE_RECORDINGS = ROOT / "cassettes"


def the_stop(result: pytest.RunResult) -> str:
    """The one line a run stopped with, before any test and any request."""
    output = result.stdout.str() + result.stderr.str()
    assert result.ret == BAD_INPUT, output
    assert "Traceback" not in output
    assert "passed" not in output
    assert "failed" not in output
    (line,) = [line for line in result.errlines if line.startswith("ERROR: ")]
    return line


def test_the_seed_document_against_the_complete_documents_recordings_is_a_setup_mistake(
    run_suite: SuiteRunner,
) -> None:
    # `tox -e contracts -- --contract-spec spec/integrations.yaml`, without `--cassette-dir cassettes-seed`.
    line = the_stop(run_suite(cassette_dir=COMPLETE_RECORDINGS))
    assert line == (
        "ERROR: the recordings in cassettes/ were made from spec/sendcloud-v2-integrations-openapi.yml, "
        "not from spec/integrations.yaml, the document this run was given: replay spec/integrations.yaml "
        "with its own recordings (`python3 -m tox -e contracts -- --contract-spec spec/integrations.yaml "
        "--cassette-dir cassettes-seed`), or re-record with `python3 -m tox -e record -- --contract-spec "
        "spec/integrations.yaml` (or `python3 -m tox -e record-double -- --contract-spec "
        "spec/integrations.yaml`)"
    )


def test_the_complete_document_against_the_seeds_recordings_is_a_setup_mistake(
    run_suite: SuiteRunner,
) -> None:
    line = the_stop(run_suite(f"--contract-spec={COMPLETE_SPEC}", cassette_dir=SEED_RECORDINGS))
    assert line.startswith(
        "ERROR: the recordings in cassettes-seed/ were made from spec/integrations.yaml, not from "
        "spec/sendcloud-v2-integrations-openapi.yml, the document this run was given: replay "
        "spec/sendcloud-v2-integrations-openapi.yml with its own recordings (`python3 -m tox -e contracts`)"
    )


def without_the_document(source: Path, folder: Path) -> Path:
    """A copy of recordings as they were before `recording.json` named its document."""
    shutil.copytree(source, folder)
    metadata = json.loads((folder / METADATA_FILE).read_text(encoding="utf-8"))
    del metadata["spec"]
    (folder / METADATA_FILE).write_text(json.dumps(metadata), encoding="utf-8")
    return folder


def test_older_recordings_holding_requests_the_document_does_not_describe_are_a_setup_mistake(
    run_suite: SuiteRunner, tmp_path: Path
) -> None:
    older = without_the_document(COMPLETE_RECORDINGS, tmp_path / "older")
    line = the_stop(run_suite(cassette_dir=older))
    assert (
        "hold requests spec/integrations.yaml, the document this run was given, does not describe (" in line
    )
    assert "GET /api/v2/integrations/logs" not in line, "a path the seed's /integrations/{id} matches"
    assert (
        "with its own recordings (`python3 -m tox -e contracts -- --contract-spec spec/integrations.yaml"
        in line
    )


def test_older_recordings_of_the_same_document_still_replay(run_suite: SuiteRunner, tmp_path: Path) -> None:
    older = without_the_document(SEED_RECORDINGS, tmp_path / "older")
    # Every recording is read (and held to the document) before a test runs; one test is enough.
    result = run_suite("-k", "test_existing_integration and 4711 and not yaml", cassette_dir=older)
    result.assert_outcomes(passed=1, deselected=69)


def test_a_document_changed_since_the_recording_names_both_digests(tmp_path: Path) -> None:
    spec = load_spec(SEED_SPEC)
    metadata = read_metadata(SEED_RECORDINGS)
    earlier = replace(metadata, spec=RecordedSpec("spec/integrations.yaml", "0" * 64, "/api/v2"))
    with pytest.raises(RecordingError) as caught:
        check_fit(spec, earlier, SEED_RECORDINGS, ROOT, "re-record with `python3 -m tox -e record`")
    digest = hashlib.sha256(SEED_SPEC.read_bytes()).hexdigest()
    assert str(caught.value) == (
        f"the recordings in cassettes-seed/ were made from an earlier spec/integrations.yaml (sha256 "
        f"000000000000, now {digest[:12]}): re-record with `python3 -m tox -e record`"
    )


@pytest.mark.parametrize(
    ("folder", "spec"), [(SEED_RECORDINGS, SEED_SPEC), (COMPLETE_RECORDINGS, COMPLETE_SPEC)]
)
def test_the_committed_recordings_name_their_document(folder: Path, spec: Path) -> None:
    assert read_metadata(folder).spec == recorded_spec(load_spec(spec), ROOT)
    assert recorded_spec(load_spec(spec), ROOT).base_path == "/api/v2"


@pytest.mark.parametrize(
    "value", [[], "spec/x.yml", {"path": "spec/x.yml", "sha256": 1, "base_path": "/api/v2"}]
)
def test_a_malformed_document_entry_is_a_malformed_recording(tmp_path: Path, value: object) -> None:
    shutil.copy(SEED_RECORDINGS / METADATA_FILE, tmp_path / METADATA_FILE)
    metadata = json.loads((tmp_path / METADATA_FILE).read_text(encoding="utf-8"))
    metadata["spec"] = value
    (tmp_path / METADATA_FILE).write_text(json.dumps(metadata), encoding="utf-8")
    with pytest.raises(RecordingError, match=r"is malformed .*spec is"):
        read_metadata(tmp_path)
