"""The nightly drift step: record the live API afresh, then report how it drifted from `cassettes/`.

python -m sendcloud_contracts.drift.record [--cassettes DIR] [--reports DIR] [PYTEST OPTION ...]

The fresh recording (`DIR/cassettes`) and its run's reports (`DIR/recording/`) stay next to the
drift report (`DIR/drift.md`), in a folder of their own, so the live run's reports are untouched.
Exit codes: 0 no drift, 1 drift, 4 bad input, 75 infrastructure. A recording whose run found the
contract broken (exit 1) is still compared: the live run reports the breakage, drift the shapes.
A recording that stopped early (4 or 75) is not: its exit code and reason become drift's.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from sendcloud_contracts import cli, exitcodes
from sendcloud_contracts.defaults import DEFAULT_CASSETTE_DIR, DEFAULT_DRIFT_REPORTS, DEFAULT_SPEC
from sendcloud_contracts.drift import compare
from sendcloud_contracts.drift.page import write_drift_page
from sendcloud_contracts.errors import ContractSuiteError
from sendcloud_contracts.files import write_atomically
from sendcloud_contracts.reports.run_folder import read_outcome
from sendcloud_contracts.spec import load_spec

REPORT_FILE = "drift.md"


def record(root: Path, spec: Path, cassettes: Path, reports: Path, pytest_args: list[str]) -> int:
    command = [
        sys.executable,
        "-m",
        "pytest",
        "contracts",
        "--record-mode=rewrite",
        f"--contract-spec={spec}",
        f"--cassette-dir={cassettes}",
        f"--report-dir={reports}",
        "-p",
        "no:cacheprovider",
        *pytest_args,
    ]
    return subprocess.run(command, cwd=root, check=False).returncode


def stop_reason(code: int, recording_reports: Path) -> str:
    return read_outcome(recording_reports).get("stopped") or f"the recording run exited with {code}"


def not_measured(code: int, recording_reports: Path) -> tuple[int, str]:
    """The exit code and report of a drift run whose recording stopped early."""
    reason = stop_reason(code, recording_reports)
    if code not in (exitcodes.BAD_INPUT, exitcodes.INFRASTRUCTURE):
        code = exitcodes.BAD_INPUT if code == exitcodes.NO_TESTS else exitcodes.INFRASTRUCTURE
    report = (
        f"# API drift: not measured (exit {code})\n\n"
        f"**Why:** the fresh recording stopped early: {reason}\n\n"
        f"Its reports: `{recording_reports}`.\n"
    )
    return code, report


def main(argv: list[str] | None = None) -> int:
    parser = cli.ArgumentParser(
        prog="python -m sendcloud_contracts.drift.record",
        description="Record the API named by SENDCLOUD_* afresh and report its drift from the cassettes.",
    )
    parser.add_argument(
        "--cassettes", type=Path, default=Path(DEFAULT_CASSETTE_DIR), help="the reference recordings"
    )
    parser.add_argument("--reports", type=Path, default=Path(DEFAULT_DRIFT_REPORTS), help="this run's folder")
    parser.add_argument(
        "--spec", type=Path, default=Path(DEFAULT_SPEC), help="the document recorded and compared"
    )
    parser.add_argument("--root", type=Path, default=Path.cwd(), help="the checkout holding contracts/")
    args, pytest_args = parser.parse_known_args(argv)
    reports = args.reports.resolve()
    # The folder holds this run's answer only: a previous night's report must not be read as it.
    shutil.rmtree(reports, ignore_errors=True)
    reports.mkdir(parents=True)
    fresh, recording_reports = reports / "cassettes", reports / "recording"
    code = record(args.root.resolve(), args.spec.resolve(), fresh, recording_reports, pytest_args)
    if code not in (exitcodes.HOLDS, exitcodes.BROKEN):
        reason = stop_reason(code, recording_reports)
        code, report = not_measured(code, recording_reports)
        write_atomically(reports / REPORT_FILE, report)
        write_drift_page(reports, [], str(args.cassettes), str(fresh), (), stopped=reason, code=code)
        print(report, end="")
        print(f"ERROR: drift not measured: see {reports / REPORT_FILE}", file=sys.stderr)
        return code
    try:
        spec = load_spec(args.spec)
        changes = compare.drift(args.cassettes, fresh, spec)
        compared = compare.compared_operations(spec, args.cassettes, fresh)
    except ContractSuiteError as error:
        print(f"ERROR: {error}", file=sys.stderr)
        return exitcodes.BAD_INPUT
    report = compare.render(changes, str(args.cassettes), str(fresh), compared)
    write_atomically(reports / REPORT_FILE, report)
    write_drift_page(reports, changes, str(args.cassettes), str(fresh), compared)
    print(report, end="")
    return exitcodes.BROKEN if changes else exitcodes.HOLDS


if __name__ == "__main__":
    sys.exit(main())
