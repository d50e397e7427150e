"""The nightly workflow, step by step, against the double: its reports must tell the morning the truth.

Each `tox -e ENV` step of `nightly.yml` is played with the commands `tox.ini` gives ENV, in a copy
of the checkout, with this interpreter standing in for tox's environment.
"""

from __future__ import annotations

import configparser
import json
import os
import shlex
import shutil
import subprocess
import sys
from typing import TYPE_CHECKING

import pytest

from sendcloud_contracts.double import DoubleServer
from sendcloud_contracts.double.__main__ import target_environment
from sendcloud_contracts.double.catalogue.faults import playing
from sendcloud_contracts.drift import record
from sendcloud_contracts.exitcodes import BROKEN, INFRASTRUCTURE

from ..conftest import ROOT, SEED_SPEC
from ..test_workflows import TOX_CALL, load, steps

if TYPE_CHECKING:
    from pathlib import Path

# The nightly steps run as processes of their own, judged by their reports (unmeasured_children).
pytestmark = pytest.mark.usefixtures("unmeasured_children")


CHECKOUT = ("contracts", "spec", "conftest.py", "pyproject.toml", "deviations.toml", "tox.ini")
# The nights run on the seed document and its recordings: about fifty requests a run instead of
# three hundred, through the very same steps and reports.
NIGHT_SPEC = SEED_SPEC.relative_to(ROOT)
SEED_NIGHT = {"PYTEST_ADDOPTS": f"--contract-spec={NIGHT_SPEC}"}


def tox_commands(env: str, checkout: Path) -> list[list[str]]:
    parser = configparser.ConfigParser(interpolation=None)
    parser.read(checkout / "tox.ini", encoding="utf-8")
    lines = parser[f"testenv:{env}"]["commands"].strip().splitlines()
    commands = []
    for line in lines:
        if not line.strip() or line.strip().startswith("#"):
            continue
        text = line.replace("{posargs}", "").replace("{toxinidir}", str(checkout))
        command = shlex.split(text)
        if command[0] == "pytest":
            command = ["python", "-m", *command]
        commands.append([sys.executable if command[0] == "python" else command[0], *command[1:]])
    return commands


def play(step: dict[str, str], checkout: Path, environ: dict[str, str]) -> int:
    """A workflow step: its tox env's commands in order, or its shell script; the exit code of the step."""
    match = TOX_CALL.search(step["run"])
    if match is None:
        return subprocess.run(
            ["bash", "-e", "-c", step["run"]], cwd=checkout, env=environ, check=False
        ).returncode
    for command in tox_commands(match.group(1), checkout):
        code = subprocess.run(command, cwd=checkout, env=environ, check=False, timeout=300).returncode
        if code:
            return code
    return 0


@pytest.fixture
def checkout(tmp_path: Path) -> Path:
    folder = tmp_path / "checkout"
    folder.mkdir()
    for name in CHECKOUT:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, folder / name)
        else:
            shutil.copy2(source, folder / name)
    shutil.copytree(ROOT / "cassettes-seed", folder / "cassettes")
    return folder


def test_a_broken_night_then_a_dead_target_leaves_both_verdicts_intact(
    checkout: Path, tmp_path: Path
) -> None:
    workflow_steps = {step.get("name", ""): step for step in steps(load("nightly.yml")) if "run" in step}
    live, drift, summary = (
        workflow_steps["Live contract run"],
        workflow_steps["Fresh recording and its drift from cassettes/"],
        workflow_steps["Summary"],
    )
    step_summary = tmp_path / "step-summary.md"
    environ = {name: value for name, value in os.environ.items() if not name.startswith("SENDCLOUD_")}
    environ.update(GITHUB_STEP_SUMMARY=str(step_summary), SENDCLOUD_RATE_LIMIT="1000/s", **SEED_NIGHT)

    with DoubleServer(playing("missing-system")) as double:
        environ.update(target_environment(double))
        assert play(live, checkout, environ) == BROKEN
    live_reports = checkout / "reports" / "live"
    before = {path.name: path.read_bytes() for path in live_reports.iterdir() if path.is_file()}
    assert {"junit.xml", "summary.md", "run.json"} <= set(before)

    # The double has stopped: the drift step's recording meets a refused connection.
    assert play(drift, checkout, environ) == INFRASTRUCTURE
    assert play(summary, checkout, environ) == 0

    after = {path.name: path.read_bytes() for path in live_reports.iterdir() if path.is_file()}
    assert after == before, "the drift step must not touch the live run's reports"
    live_summary = (live_reports / "summary.md").read_text()
    assert live_summary.startswith("# Sendcloud contract: FAIL: the API broke its contract")
    drift_report = (checkout / "reports" / "drift" / "drift.md").read_text()
    assert drift_report.startswith("# API drift: not measured: STOPPED (exit 75)")
    assert "refused the connection" in drift_report
    published = step_summary.read_text()
    assert published.index(live_summary.splitlines()[0]) < published.index("# API drift: not measured")
    # The pages to open, named in the job summary; the history kept for the next night.
    assert "`live/report.html`" in published
    assert "`drift/report.html`" in published
    assert "FAIL: the API broke its contract" in (live_reports / "report.html").read_text()
    assert (
        "API drift: not measured: STOPPED (exit 75)"
        in (checkout / "reports" / "drift" / "report.html").read_text()
    )
    (history,) = (checkout / "reports" / "history").iterdir()
    assert json.loads(history.read_text())["key"].startswith("live · ")


def test_drift_compares_a_recording_whose_run_found_the_contract_broken(
    checkout: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    reports = tmp_path / "drift"
    with DoubleServer(playing("id-as-string")) as double:
        for name, value in target_environment(double).items():
            monkeypatch.setenv(name, value)
        monkeypatch.setenv("SENDCLOUD_RATE_LIMIT", "1000/s")
        for name, value in SEED_NIGHT.items():
            monkeypatch.setenv(name, value)
        code = record.main(
            [
                "--root",
                str(checkout),
                "--cassettes",
                str(checkout / "cassettes"),
                "--reports",
                str(reports),
                "--spec",
                str(checkout / NIGHT_SPEC),
            ]
        )
    assert code == BROKEN
    report = (reports / "drift.md").read_text()
    assert "| 200 | type changed | `id` | integer | string |" in report
    assert (reports / "recording" / "summary.md").read_text().startswith("# Sendcloud contract: FAIL")
    page = (reports / "report.html").read_text()
    assert "API drift: 1 change in 1 operation" in page
    assert '<td class="num">200</td><td>type changed</td><td><code>id</code></td>' in page
    assert '<a href="recording/report.html">' in page
    assert sorted(path.name for path in (reports / "cassettes").glob("*.yaml"))
    assert "API drift" in capsys.readouterr().out
