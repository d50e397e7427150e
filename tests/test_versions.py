"""`tox -e contracts` replays each API version from its own recordings and ends with one exit code."""

from __future__ import annotations

import sys

import pytest

from sendcloud_contracts import versions
from sendcloud_contracts.defaults import DEFAULT_DOCUMENTS


@pytest.mark.parametrize(
    ("codes", "expected"),
    [
        ([0, 0], 0),
        ([0, 1], 1),
        ([4, 1], 1),
        ([75, 4], 4),
        ([0, 75], 75),
        ([5, 0], 0),
        ([5, 5], 5),
        ([0, 3], 3),
        ([], 5),
    ],
)
def test_the_most_telling_exit_code_wins(codes: list[int], expected: int) -> None:
    assert versions.aggregate(codes) == expected


def test_each_default_document_runs_with_its_own_recordings() -> None:
    runs = versions.commands(["-k", "test_existing_integration"])
    assert [command[1:] for _label, command in runs] == [
        [
            "-m",
            "pytest",
            "contracts",
            "--contract-spec",
            spec,
            "--cassette-dir",
            cassettes,
            *options,
            "-k",
            "test_existing_integration",
        ]
        for spec, cassettes, options in DEFAULT_DOCUMENTS
    ]
    assert all(command[0] == sys.executable for _label, command in runs)


@pytest.mark.parametrize(
    "named", [["--contract-spec", "spec/integrations.yaml"], ["--cassette-dir=cassettes-seed"]]
)
def test_a_named_document_runs_alone_as_given(named: list[str]) -> None:
    ((_label, command),) = versions.commands([*named, "-q"])
    assert command[1:] == ["-m", "pytest", "contracts", *named, "-q"]


def test_one_report_folder_for_two_runs_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    assert versions.main(["--report-dir", "out"]) == 4
    assert "name the document too" in capsys.readouterr().err
