"""A run pytest refuses before the suite's plugin is configured still leaves its own verdict.

pytest refuses an option it does not know before any plugin's `pytest_configure`, so the suite's
reports (`run_reports.py`) never take charge of the run. Its folder would keep the last run's
verdict; this writes a STOPPED one in its place, into the folder the run would have used.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from sendcloud_contracts.cli import option_value
from sendcloud_contracts.defaults import (
    CONTRACTS_DIR,
    DEFAULT_SPEC,
    WRITES_OPTION,
    kind_of_run,
    report_folder,
)
from sendcloud_contracts.errors import ContractSuiteError
from sendcloud_contracts.http.settings import Mode
from sendcloud_contracts.pytest_plugin.run_reports import REPORTS_REGISTERED
from sendcloud_contracts.reports import run_folder
from sendcloud_contracts.reports.outcome import Outcome
from sendcloud_contracts.spec import load_spec

if TYPE_CHECKING:
    from collections.abc import Sequence


def guard_refusals(config: pytest.Config) -> None:
    """Have a run pytest refuses before `pytest_configure` (an unknown option) mark its folder stopped.

    pytest runs a config's cleanups even when it never configured it, inside the handler of the
    error that stopped it; the reports of a configured run are `RunReports`' (`REPORTS_REGISTERED`).
    """
    started = time.monotonic()

    def cleanup() -> None:
        error = sys.exc_info()[1]
        if not isinstance(error, pytest.UsageError) or config.stash.get(REPORTS_REGISTERED, False):
            return
        arguments = list(config.invocation_params.args)
        rootdir = Path(config.rootpath)
        if not names_the_contract_suite(arguments, rootdir, Path(config.invocation_params.dir)):
            return
        # The line of pytest's message that says what it refused, without the usage and paths around it.
        lines = [line.strip() for line in str(error).splitlines() if line.strip()]
        said = next((line for line in lines if "error: " in line), lines[0] if lines else "usage error")
        reason = f"pytest refused the command line: {said.partition('error: ')[2] or said}"
        folder = folder_of(arguments, rootdir)
        outcome = Outcome.stopped(reason)
        run_folder.finish_unstarted(folder, str(mode_of(arguments)), outcome, time.monotonic() - started)

    config.add_cleanup(cleanup)


def folder_of(arguments: Sequence[str], rootdir: Path) -> Path:
    """The folder a run of the suite with these arguments reports into, worked out without running it."""
    suffix = _version_suffix(rootdir, option_value(arguments, "--contract-spec"))
    kind = kind_of_run(str(mode_of(arguments)), writes=WRITES_OPTION in arguments)
    return report_folder(rootdir, option_value(arguments, "--report-dir"), kind, suffix)


def _version_suffix(rootdir: Path, spec: str | None) -> str:
    """The folder suffix of the document the run names (`-v3`), as a run it accepted would use."""
    try:
        return load_spec(rootdir / (spec or DEFAULT_SPEC)).dialect.report_suffix
    except ContractSuiteError:
        return ""


def mode_of(arguments: Sequence[str]) -> Mode:
    return Mode.from_recording_options(
        option_value(arguments, "--record-mode"), "--disable-recording" in arguments
    )


def names_the_contract_suite(arguments: Sequence[str], rootdir: Path, invoked_in: Path) -> bool:
    contracts = (rootdir / CONTRACTS_DIR).resolve()
    for argument in arguments:
        if argument.startswith("-"):
            continue
        path = Path(argument.split("::")[0])
        if (path if path.is_absolute() else invoked_in / path).resolve().is_relative_to(contracts):
            return True
    return False
