"""Pre-release runs: the live suite against sandbox accounts, one profile's run at a time.

Each profile runs `pytest contracts --disable-recording` in its own process with `SENDCLOUD_*`
built from the profile, reporting into `DIR/<profile>/`. Different accounts run in parallel;
profiles of one account run one after the other, so no account sees more than one run's requests
against its rate limit. A row is what the run's own `run.json` says; the runner writes a folder's
ending itself only for a run it ended or never started (keys unset, time-out, interruption).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING

from sendcloud_contracts import exitcodes
from sendcloud_contracts.children import Children, Interrupted
from sendcloud_contracts.defaults import DEFAULT_SPEC, scripted_suite_command
from sendcloud_contracts.errors import ConfigurationError
from sendcloud_contracts.http.settings import Mode
from sendcloud_contracts.prerelease.profiles import Profile, load_profiles
from sendcloud_contracts.reports import prerelease as verification
from sendcloud_contracts.reports import run_folder
from sendcloud_contracts.reports.history import HISTORY_KEY_VARIABLE
from sendcloud_contracts.reports.outcome import Ending, Outcome
from sendcloud_contracts.reports.prerelease import Row

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping
    from pathlib import Path

__all__ = ["Profile", "Row", "load_profiles", "run_all", "run_profile"]

LOG_FILE = "pytest.log"


def run_profile(
    profile: Profile,
    *,
    root: Path,
    reports: Path,
    environ: Mapping[str, str],
    timeout: float,
    children: Children | None = None,
) -> Row:
    """One profile's live run into `reports/<profile>/`; `timeout` in seconds."""
    children = children or Children()
    started = time.monotonic()
    folder = reports / profile.name
    # The folder holds this run's verdict only: a previous run's reports must not be read as it.
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    details = f"details: {profile.name}/{run_folder.SUMMARY_FILE}"
    try:
        env = profile.environment(environ)
    except ConfigurationError as error:
        return _unstarted(profile, folder, Outcome.stopped(str(error)), 0.0)
    # Each profile's history is its own, whatever other profiles share its account or URL.
    env[HISTORY_KEY_VARIABLE] = f"prerelease {profile.name}"
    # The version's document; v2's is the suite's default, left to the suite (and to PYTEST_ADDOPTS).
    document: tuple[str, ...] = (
        () if profile.document == DEFAULT_SPEC else (f"--contract-spec={profile.document}",)
    )
    # The write contract's run of a profile naming the one integration it may change.
    document += ("--writes",) if profile.writes else ()
    command = scripted_suite_command(
        sys.executable,
        *document,
        f"--report-dir={folder}",
        "-o",
        f"junit_suite_name={profile.name}",
        f"--rootdir={root}",
        # Reproductions name the variables that hold this profile's keys in the caller's shell, and
        # messages name the profile's fields where they name a variable the profile sets.
        f"--key-variables={profile.public_key_env},{profile.secret_key_env}",
        f"--setting-names={profile.setting_names()}",
    )
    try:
        with (folder / LOG_FILE).open("w", encoding="utf-8") as output:
            code = children.run(command, cwd=root, env=env, stdout=output, stderr=output, timeout=timeout)
    except Interrupted as interrupted:
        note = f"not run: the verification was interrupted by {interrupted.signal}"
        return _unstarted(profile, folder, Outcome.interrupted(note), 0.0)
    except subprocess.TimeoutExpired:
        seconds = time.monotonic() - started
        note = (
            f"no verdict within {_duration(timeout)}: raise --timeout (minutes), or check the account's API"
        )
        # The run was told to stop (SIGTERM) and said so; its folder says why it has no verdict.
        return _unstarted(profile, folder, Outcome.stopped(note, exitcodes.INFRASTRUCTURE), seconds)
    row = verification.row_from_run(profile.name, folder)
    if row is None or row.outcome.ending is Ending.RUNNING:
        # Killed before it could write its ending, or it never started (a Python without the suite).
        reason = f"the run ended (exit {code}) without writing its verdict; see {profile.name}/{LOG_FILE}"
        return _unstarted(profile, folder, Outcome.crashed(reason), time.monotonic() - started)
    note = profile.in_its_terms(row.outcome.reason or "") if not row.outcome.judged else ""
    return Row(row.profile, row.outcome, row.failures, row.requests, row.seconds, note or details)


def _unstarted(profile: Profile, folder: Path, outcome: Outcome, seconds: float) -> Row:
    """A profile's run the runner itself ended, or never started: its folder says so too."""
    note = profile.in_its_terms(outcome.reason or "")
    outcome = Outcome(outcome.ending, outcome.exit_code, note)
    run_folder.finish_unstarted(folder, str(Mode.LIVE), outcome, seconds)
    return Row(profile.name, outcome, None, None, seconds, note)


def _duration(seconds: float) -> str:
    return f"{seconds / 60:g} min" if seconds >= 60 else f"{seconds:g} s"


def run_all(
    profiles: list[Profile],
    *,
    root: Path,
    reports: Path,
    environ: Mapping[str, str],
    jobs: int,
    timeout: float,
    children: Children | None = None,
    on_finish: Callable[[Row], None] | None = None,
) -> list[Row]:
    """Accounts in parallel, profiles of one account in sequence; rows in the file's order."""
    children = children or Children()
    groups: dict[tuple[str, str], list[Profile]] = {}
    for profile in profiles:
        groups.setdefault(profile.account(environ), []).append(profile)
    lock = threading.Lock()

    def run_group(group: list[Profile]) -> list[Row]:
        rows = []
        for profile in group:
            row = run_profile(
                profile, root=root, reports=reports, environ=environ, timeout=timeout, children=children
            )
            if on_finish is not None:
                with lock:
                    on_finish(row)
            rows.append(row)
        return rows

    with ThreadPoolExecutor(max_workers=max(1, min(jobs, len(groups)))) as pool:
        results = [row for rows in pool.map(run_group, groups.values()) for row in rows]
    order = {profile.name: index for index, profile in enumerate(profiles)}
    return sorted(results, key=lambda row: order[row.profile])
