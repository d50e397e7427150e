"""The nightly drift step: record the live API afresh, then report how it drifted from `cassettes/`.

python -m sendcloud_contracts.drift.record [--cassettes DIR] [--reports DIR] [PYTEST OPTION ...]

The fresh recording (`DIR/cassettes`) and its run's reports (`DIR/recording/`) stay next to the
drift report (`DIR/drift.md`), in a folder of their own, so the live run's reports are untouched.
Exit codes: 0 no drift (or only additions), 1 drift, 4 bad input, 75 infrastructure, 2
interrupted, 3 crashed. A recording whose run found the contract broken (exit 1) is still compared:
the live run reports the breakage, drift the shapes. A recording that did not finish is not: its
ending becomes drift's.
"""

from __future__ import annotations

import contextlib
import shutil
import sys
from pathlib import Path

from sendcloud_contracts import cli, exitcodes
from sendcloud_contracts.children import Children, Interrupted
from sendcloud_contracts.defaults import DEFAULT_CASSETTE_DIR, DEFAULT_DRIFT_REPORTS, DEFAULT_SPEC
from sendcloud_contracts.drift import compare, markdown
from sendcloud_contracts.errors import ContractSuiteError
from sendcloud_contracts.reports.drift import (
    RECORDING_FOLDER,
    REPORT_FILE,
    unmeasured_report,
    write_drift_reports,
)
from sendcloud_contracts.reports.outcome import Ending, Outcome
from sendcloud_contracts.reports.run_folder import outcome_of
from sendcloud_contracts.spec import load_spec


def record(
    root: Path, spec: Path, cassettes: Path, reports: Path, args: list[str], children: Children
) -> int:
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
        *args,
    ]
    return children.run(command, cwd=root)


def recording_outcome(code: int, recording_reports: Path, interrupted: str | None) -> Outcome:
    """How the recording run ended, as its own `run.json` says; the drift run's own interruption
    and a run that left no verdict (killed, or no suite to run) are said here."""
    if interrupted is not None:
        return Outcome.interrupted(f"interrupted by {interrupted} while recording")
    outcome = outcome_of(recording_reports)
    if outcome is None or outcome.ending is Ending.RUNNING:
        return Outcome.crashed(f"the recording run ended (exit {code}) without writing its verdict")
    return outcome


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
    fresh, recording_reports = reports / "cassettes", reports / RECORDING_FOLDER
    children = Children()
    code = exitcodes.INTERRUPTED
    with children.handling_signals(), contextlib.suppress(Interrupted):
        code = record(
            args.root.resolve(), args.spec.resolve(), fresh, recording_reports, pytest_args, children
        )
    recorded = recording_outcome(code, recording_reports, children.interrupted)
    old, new = str(args.cassettes), str(fresh)
    if not recorded.judged:
        report = unmeasured_report(recorded, recording_reports)
        write_drift_reports(reports, recorded, report, [], old, new)
        print(report, end="")
        print(f"ERROR: drift not measured: see {reports / REPORT_FILE}", file=sys.stderr)
        return recorded.exit_code or exitcodes.CRASHED
    try:
        spec = load_spec(args.spec)
        changes = compare.drift(args.cassettes, fresh, spec)
        compared = compare.compared_operations(spec, args.cassettes, fresh)
    except ContractSuiteError as error:
        stopped = Outcome.stopped(str(error))
        write_drift_reports(reports, stopped, unmeasured_report(stopped, recording_reports), [], old, new)
        print(f"ERROR: {error}", file=sys.stderr)
        return exitcodes.BAD_INPUT
    outcome = Outcome.failed() if compare.drifted(changes) else Outcome.passed()
    report = markdown.render(changes, old, new, compared)
    write_drift_reports(reports, outcome, report, changes, old, new, compared)
    print(report, end="")
    return outcome.exit_code or exitcodes.HOLDS


if __name__ == "__main__":
    cli.run_command(main, "python -m sendcloud_contracts.drift.record")
