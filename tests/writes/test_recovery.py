"""A write run ended at any point leaves what `writes-restore` needs: after Ctrl-C, SIGTERM or SIGKILL
past the tenth write, the account reads as the run found it once the restore has run."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from typing import TYPE_CHECKING

import pytest

from sendcloud_contracts.double import DoubleApp, DoubleServer
from sendcloud_contracts.double.__main__ import target_environment
from sendcloud_contracts.writes import restore

from ..conftest import COMPLETE_SPEC, CONTRACTS, ROOT
from .test_write_runs import WRITTEN, as_found

if TYPE_CHECKING:
    from pathlib import Path

# Runs of the suite in processes of their own, judged by what they leave (`unmeasured_children`).
pytestmark = pytest.mark.usefixtures("unmeasured_children")


@pytest.mark.parametrize("ending", [signal.SIGINT, signal.SIGTERM, signal.SIGKILL], ids=lambda s: s.name)
def test_a_run_ended_after_its_tenth_write_is_restored_from_its_journal(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, ending: signal.Signals
) -> None:
    reports = tmp_path / "reports"
    with DoubleServer(DoubleApp(write_limit=None)) as double:
        before = as_found(double.app.state())
        environment = {
            **os.environ,
            **target_environment(double),
            "SENDCLOUD_WRITE_INTEGRATION_ID": str(WRITTEN),
            "SENDCLOUD_RATE_LIMIT": "1000/s",
        }
        command = [
            sys.executable,
            "-m",
            "pytest",
            str(CONTRACTS),
            f"--rootdir={ROOT}",
            "--disable-recording",
            "--writes",
            f"--contract-spec={COMPLETE_SPEC}",
            f"--report-dir={reports}",
            "-p",
            "no:cacheprovider",
            "-q",
        ]
        log = tmp_path / "run.log"
        with (
            log.open("wb") as output,
            subprocess.Popen(
                command, cwd=ROOT, env=environment, stdout=output, stderr=subprocess.STDOUT
            ) as run,
        ):
            deadline = time.monotonic() + 60
            while len(double.app.request_log.writes()) < 10:
                assert run.poll() is None, "the run ended before its tenth write"
                assert time.monotonic() < deadline, "no tenth write within a minute"
                time.sleep(0.01)
            run.send_signal(ending)
            code = run.wait(timeout=60)
        assert code == (-signal.SIGKILL if ending is signal.SIGKILL else 2), log.read_text()[-3000:]
        for name, value in target_environment(double).items():
            monkeypatch.setenv(name, value)

        restored = restore.main(["--reports", str(reports)])

        assert restored == 0
        assert as_found(double.app.state()) == before
        # Restored once, and known to be: a second restore has nothing left to do.
        assert restore.main(["--reports", str(reports)]) == 0
        # What the run's own reports say: interrupted, or (killed outright) still under way; never a verdict.
        headline = (reports / "summary.md").read_text().splitlines()[0]
        expected = "RUNNING" if ending is signal.SIGKILL else "INTERRUPTED (exit 2)"
        assert headline.startswith(f"# Sendcloud contract: {expected}")
