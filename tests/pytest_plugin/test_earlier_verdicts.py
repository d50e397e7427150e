"""Whatever stops a run, its report folder never shows an earlier run's verdict as this one's."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import xml.etree.ElementTree as ElementTree
from typing import TYPE_CHECKING

import pytest

from sendcloud_contracts.double.__main__ import target_environment
from sendcloud_contracts.double.catalogue.faults import playing
from sendcloud_contracts.exitcodes import BAD_INPUT

from ..conftest import CONTRACTS, ROOT, SEED_SPEC

if TYPE_CHECKING:
    from pathlib import Path

    from sendcloud_contracts.double import DoubleServer

    from ..conftest import SuiteRunner

EARLIER_PASS = "# Sendcloud contract: PASS: the API keeps its documented contract\n"
EARLIER_PAGE = "<h1>Sendcloud contract: PASS: the API keeps its documented contract</h1>\n"


def an_earlier_green_run(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "summary.md").write_text(EARLIER_PASS)
    (folder / "run.json").write_text(json.dumps({"verdict": "pass", "exit_status": 0}))
    (folder / "junit.xml").write_text('<testsuites><testsuite tests="304" errors="0"/></testsuites>')
    (folder / "contract-coverage.md").write_text("# Contract coverage\n")
    (folder / "report.html").write_text(EARLIER_PAGE)


def test_an_option_pytest_refuses_marks_the_folder_stopped(run_suite: SuiteRunner, tmp_path: Path) -> None:
    # `tox -e live -- --bogus-option`: pytest stops before the suite's plugin is configured.
    reports = tmp_path / "reports"
    an_earlier_green_run(reports)
    result = run_suite("--disable-recording", "--bogus-option")
    assert result.ret == BAD_INPUT
    summary = (reports / "summary.md").read_text().splitlines()
    assert summary[0] == (
        "# Sendcloud contract: STOPPED (exit 4): the run ended early; nothing is known about the contract"
    )
    assert summary[2] == "**Why:** pytest refused the command line: unrecognized arguments: --bogus-option"
    outcome = json.loads((reports / "run.json").read_text())
    assert (outcome["verdict"], outcome["exit_status"]) == ("stopped", 4)
    (case,) = ElementTree.parse(reports / "junit.xml").iter("testcase")
    assert (case.get("classname"), case.get("name")) == ("contracts", "run")
    assert not (reports / "contract-coverage.md").exists()
    page = (reports / "report.html").read_text()
    assert "STOPPED (exit 4)" in page
    assert "unrecognized arguments: --bogus-option" in page
    assert "PASS" not in page


def test_an_option_refused_outside_the_contract_suite_touches_no_report(
    pytester: pytest.Pytester, tmp_path: Path
) -> None:
    reports = ROOT / "reports" / "replay"
    before = (reports / "summary.md").read_bytes() if (reports / "summary.md").exists() else None
    result = pytester.runpytest_inprocess(
        str(ROOT / "tests" / "test_layout.py"),
        f"--rootdir={ROOT}",
        "-p",
        "no:cacheprovider",
        "--bogus-option",
    )
    assert result.ret == BAD_INPUT
    after = (reports / "summary.md").read_bytes() if (reports / "summary.md").exists() else None
    assert after == before


@pytest.mark.parametrize("double_app", [playing("never-answers")], ids=["never-answers"])
def test_a_run_killed_midway_leaves_a_running_marker_not_the_earlier_verdict(
    double: DoubleServer, tmp_path: Path
) -> None:
    reports = tmp_path / "reports"
    an_earlier_green_run(reports)
    env = {**os.environ, **target_environment(double), "SENDCLOUD_READ_TIMEOUT": "60"}
    command = [
        sys.executable,
        "-m",
        "pytest",
        str(CONTRACTS),
        f"--rootdir={ROOT}",
        "--disable-recording",
        f"--contract-spec={SEED_SPEC}",
        f"--report-dir={reports}",
        "-p",
        "no:cacheprovider",
        "-q",
    ]
    with subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    ) as run:
        deadline = time.monotonic() + 60
        while not (reports / "summary.md").read_text().startswith("# Sendcloud contract: RUNNING"):
            assert time.monotonic() < deadline, "the run never marked its folder"
            assert run.poll() is None, "the run ended instead of hanging on the double"
            time.sleep(0.1)
        # Under way: the preflight waits on a double that never answers. Killed as a CI job would be.
        while not double.requests:
            time.sleep(0.05)
        run.send_signal(signal.SIGKILL)
    summary = (reports / "summary.md").read_text()
    assert summary.startswith("# Sendcloud contract: RUNNING: no verdict yet (if no run is under way, it ")
    assert "PASS" not in summary
    assert json.loads((reports / "run.json").read_text())["verdict"] == "running"
    assert not (reports / "junit.xml").exists()
    assert not (reports / "contract-coverage.md").exists()
    page = (reports / "report.html").read_text()
    assert "Sendcloud contract: RUNNING" in page
    assert "PASS" not in page
