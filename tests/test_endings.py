"""Every entry point, every way a run can end: each report says how, the exit code is its ending's,
and only a run that finished is kept in the history.

One test over the class of runs (`tests/endings/`): an entry point is the command a user or CI
types and the folders it owns; a way is what ends the run (a fault, a refused option, a bad
document, a signal at a chosen moment, an internal error). Before each run the folders hold an
earlier PASS, so a report the run forgot to write shows up as that verdict still standing.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import time
from typing import TYPE_CHECKING

import pytest

from sendcloud_contracts.double import DoubleApp, DoubleServer
from sendcloud_contracts.double.__main__ import target_environment
from sendcloud_contracts.double.catalogue.faults import playing
from sendcloud_contracts.prerelease.command import main as prerelease

from .conftest import ROOT, SEED_SPEC, TEST_SEED_OPTION
from .endings import processes
from .endings import ways as w
from .endings.documents import Compare, Night
from .endings.entries import Entry, Launch, Live, Record, Replay, Suite, Writes
from .endings.folders import Expect, check, history, plant
from .endings.verifications import Merged, Prerelease, profiles_toml
from .endings.workspace import FAST, Workspace
from .endings.wrappers import TOX_PYTHON, Double, Drift, Tox, Versions

if TYPE_CHECKING:
    from pathlib import Path

    from .conftest import SuiteRunner

# Each case is judged by its reports and exit code; the code it crosses is covered line by line
# elsewhere (`unmeasured`, tests/conftest.py).
pytestmark = pytest.mark.usefixtures("unmeasured")

ENTRIES: tuple[Entry, ...] = (
    Replay(),
    Live(),
    Record(),
    Writes(),
    Double(),
    Tox(),
    Versions(),
    Drift(),
    Prerelease(),
    Merged(),
    Compare(),
    Night(),
)
CASES = [pytest.param(entry, way, id=f"{entry}: {way}") for entry in ENTRIES for way in entry.ways]


@pytest.mark.parametrize("entry", ENTRIES, ids=str)
def test_each_entry_point_runs_every_way_or_says_why_not(entry: Entry) -> None:
    # By name: an entry point may end a way at a moment of its own (the write run, in its own test).
    covered = {way.name for way in entry.ways}
    left_out = {way.name for way in entry.left_out}
    every = {way.name for way in w.EVERY_WAY}
    assert not covered & left_out
    assert covered | left_out == every, every - covered - left_out
    assert all(reason.strip() for reason in entry.left_out.values())


def _run(
    launch: Launch, ws: Workspace, run_suite: SuiteRunner, monkeypatch: pytest.MonkeyPatch
) -> processes.Finished:
    if launch.in_process is not None:
        # pytest itself with no signal to send: in this process, as the rest of the tests run it.
        for name, value in {**FAST, **ws.target(), **ws.moment()}.items():
            monkeypatch.setenv(name, value)
        result = run_suite(*launch.in_process, cassette_dir=launch.cassettes)
        return processes.Finished(int(result.ret), result.stdout.str(), result.stderr.str())
    reached = launch.reached or (lambda process: processes.wait_for(ws.marker, process))
    sent = ws.way.sent if launch.signalled else None
    return processes.run(launch.command, cwd=launch.cwd, env=launch.env, reached=reached, sent=sent)


def run_case(
    entry: Entry, way: w.Way, tmp_path: Path, run_suite: SuiteRunner, monkeypatch: pytest.MonkeyPatch
) -> tuple[Workspace, processes.Finished]:
    ws = Workspace(tmp_path, way)
    with ws.cleanups, contextlib.ExitStack() as served:
        if entry.serves_double:
            ws.double = served.enter_context(DoubleServer(playing(way.fault) if way.fault else DoubleApp()))
        entry.prepare(ws)
        finished = _run(entry.launch(ws), ws, run_suite, monkeypatch)
    return ws, finished


@pytest.mark.parametrize(("entry", "way"), CASES)
def test_every_report_states_how_the_run_ended(
    entry: Entry, way: w.Way, tmp_path: Path, run_suite: SuiteRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    ws, finished = run_case(entry, way, tmp_path, run_suite, monkeypatch)

    output = f"{finished.out}\n{finished.err}"
    assert finished.code == way.exit_code, output
    expected = entry.expects(ws)
    for expect in expected:
        check(expect)
    entry.check_more(ws, finished)
    kept = history(tmp_path)
    # Only a run that finished is kept, and nothing of an interruption is ever a failure of the API.
    assert len(kept) == sum(1 for expect in expected if expect.kind == "contract" and expect.finished)
    assert {run["verdict"] for run in kept} <= {"pass", "fail"}
    assert "KeyboardInterrupt" not in json.dumps(kept)
    if isinstance(entry, Suite) and way is not w.REFUSED:
        # The run's verdict is its last lines, as every report states it.
        said = [line for line in finished.lines if line.startswith("sendcloud-contracts: ")]
        assert said[-1].endswith(f"(exit {way.exit_code})"), output
        assert any(line.startswith(f"sendcloud-contracts: {way.ending.upper()}") for line in said), output
        if not way.finished:
            assert "contract-coverage.md" not in finished.out, "the terminal points to a file never written"


# The scenarios. Its first two are cases above: `live: sigint-mid-run` and
# `tox -e live: sigint-mid-run` (Ctrl-C to tox's group, through toxfile.py), `live: not-openapi`
# and `replay: not-openapi` (`foo: bar`: exit 4, one line naming the file, no earlier PASS standing).


def _target(monkeypatch: pytest.MonkeyPatch, double: DoubleServer) -> None:
    for name, value in {**FAST, **target_environment(double)}.items():
        monkeypatch.setenv(name, value)


def test_a_profile_that_passes_beside_one_that_fails_on_the_same_url_shows_nothing_fixed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, unmeasured_children: None
) -> None:
    reports = tmp_path / "prerelease"
    for expect in (
        Expect("prerelease", reports, "pass", 0),
        *(Expect("contract", reports / name, "pass", 0) for name in ("oauth", "basic")),
    ):
        plant(expect)
    with DoubleServer(playing("token-for-a-wrong-secret")) as double:
        profiles = tmp_path / "profiles.toml"
        # One account: the OAuth2 profile, which fails, runs first; then the Basic one.
        oauth2 = f'auth = "oauth2"\ntoken_url = "{double.token_url}"\n'
        profiles.write_text(profiles_toml(double.base_url, ("oauth", "basic"), extra=oauth2))
        monkeypatch.setenv("SENDCLOUD_SHOP_PUBLIC_KEY", double.app.public_key)
        monkeypatch.setenv("SENDCLOUD_SHOP_SECRET_KEY", double.app.secret_key)
        monkeypatch.setenv("PYTEST_ADDOPTS", f"{TEST_SEED_OPTION} --contract-spec={SEED_SPEC}")
        for name, value in FAST.items():
            monkeypatch.setenv(name, value)
        code = prerelease([str(profiles), "--reports", str(reports), "--root", str(ROOT)])

    assert code == 1
    # Each profile has a history of its own: the Basic one's first run compares with nothing.
    page = (reports / "basic" / "report.html").read_text()
    assert 'class="mark fixed"' not in page
    assert 'id="fixed"' not in page
    assert "Nothing to compare with yet" in page
    check(Expect("prerelease", reports, "fail", 1))
    check(Expect("contract", reports / "oauth", "fail", 1))
    check(Expect("contract", reports / "basic", "pass", 0))
    assert sorted(run["key"] for run in history(tmp_path)) == ["prerelease basic", "prerelease oauth"]


def test_a_second_live_run_on_another_free_port_compares_with_the_first(
    run_suite: SuiteRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ports = []
    for _run in range(2):
        # `python -m sendcloud_contracts.double --port 0`: a fresh port every time.
        with DoubleServer(DoubleApp(), port=0) as double, monkeypatch.context() as scoped:
            _target(scoped, double)
            ports.append(double.port)
            assert run_suite("--disable-recording").ret == 0
    assert ports[0] != ports[1]
    page = (tmp_path / "reports" / "report.html").read_text()
    assert "Compared with the run of " in page
    assert len(history(tmp_path)) == 2


REAL_TOX = "SENDCLOUD_CONTRACTS_REAL_TOX"


@pytest.mark.skipif(
    not (os.environ.get(REAL_TOX) and (ROOT / ".tox" / "live").is_dir()),
    # The case `tox -e live: sigint-mid-run` above stands in for it, on toxfile.py and a tiny tox.ini.
    reason=f"slow: set {REAL_TOX}=1 where `tox -e live` was built (.tox/live)",
)
def test_ctrl_c_to_tox_e_live_ends_the_run_interrupted(tmp_path: Path, unmeasured_children: None) -> None:
    reports = tmp_path / "reports"
    environ = {name: value for name, value in os.environ.items() if not name.startswith("SENDCLOUD_")}
    with DoubleServer(playing(w.BROKEN)) as double:
        environ.update(FAST, **target_environment(double))
        command = [TOX_PYTHON, "-m", "tox", "-e", "live", "--", f"--contract-spec={SEED_SPEC}"]
        with processes.started([*command, f"--report-dir={reports}"], cwd=ROOT, env=environ) as tox:
            # Mid-run, as a person presses Ctrl-C: the double has answered the first tests.
            deadline = time.monotonic() + 600
            while sum(1 for request in double.requests if "/4711" in request.path) < 2:
                assert tox.poll() is None, tox.communicate()
                assert time.monotonic() < deadline
                time.sleep(0.01)
            processes.send(tox, processes.Signal(signal.SIGINT, "group"))
            out, err = tox.communicate(timeout=processes.END_SECONDS)
    assert tox.returncode == 2, out + err
    check(Expect("contract", reports, "interrupted", 2, "SIGINT"))
    assert history(tmp_path) == []
