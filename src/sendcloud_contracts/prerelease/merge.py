"""A verification fanned out over CI jobs, brought together: one row per profile run the file names.

Each `--profile` job leaves a folder holding its profile's runs (`JOB_DIR/<run>/run.json` and the
rest). The merge takes every run the profiles file names, in the file's order, from whichever job
folder holds it, and copies it beside the merged table so the page's links work. The job folders may
lie inside the merged one (`--merge reports/prerelease/eu-shop` into `reports/prerelease`): every
run is copied aside before any is put in place. A run no job folder holds (the job failed before
writing, was cancelled, or its artifact never arrived), or whose folder still says RUNNING (the job
was killed mid-run), is a row that says so, counted as infrastructure: never a pass.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from sendcloud_contracts import exitcodes
from sendcloud_contracts.reports import run_folder
from sendcloud_contracts.reports.outcome import Ending, Outcome
from sendcloud_contracts.reports.prerelease import Row, retire, row_from_run

if TYPE_CHECKING:
    from collections.abc import Sequence

    from sendcloud_contracts.prerelease.profiles import Profile


def rows(profiles: Sequence[Profile], job_folders: Sequence[Path], reports: Path) -> list[Row]:
    """The verification's rows from the jobs' folders, each run's folder copied into `reports`."""
    reports.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".merging-", dir=reports) as staging:
        # Aside first: a job folder inside `reports` may be where another run's folder goes.
        staged = {}
        for profile in profiles:
            source = _source(profile, job_folders)
            if source is not None:
                staged[profile.name] = shutil.copytree(source, Path(staging) / profile.name)
        retire(reports, [profile.name for profile in profiles])
        for name, folder in staged.items():
            shutil.rmtree(reports / name, ignore_errors=True)
            shutil.move(folder, reports / name)
    return [
        _row(profile, reports, job_folders) if profile.name in staged else _missing(profile, job_folders)
        for profile in profiles
    ]


def _source(profile: Profile, job_folders: Sequence[Path]) -> Path | None:
    return next(
        (
            folder / profile.name
            for folder in job_folders
            if (folder / profile.name / run_folder.OUTCOME_FILE).is_file()
        ),
        None,
    )


def _row(profile: Profile, reports: Path, job_folders: Sequence[Path]) -> Row:
    row = row_from_run(profile.name, reports / profile.name)
    if row is None:  # pragma: no cover - the file was there a moment ago
        return _missing(profile, job_folders)
    if row.outcome.ending is Ending.RUNNING:
        reason = (
            "no verdict: the job ended before this run wrote one (cancelled, or past its timeout-minutes); "
            f"see that job's log, and run `--profile {profile.table or profile.name}` again"
        )
        return Row(
            profile.name,
            Outcome.stopped(reason, exitcodes.INFRASTRUCTURE),
            None,
            row.requests,
            row.seconds,
            reason,
        )
    note = profile.in_its_terms(row.outcome.reason or "") if not row.outcome.judged else _details(profile)
    return Row(row.profile, row.outcome, row.failures, row.requests, row.seconds, note)


def _details(profile: Profile) -> str:
    return f"details: {profile.name}/{run_folder.SUMMARY_FILE}"


def _missing(profile: Profile, job_folders: Sequence[Path]) -> Row:
    looked = ", ".join(str(folder) for folder in job_folders)
    reason = (
        f"missing: no job left a report of this run (looked in {looked}); "
        f"run `--profile {profile.table or profile.name}` again, or check that job's log and artifact"
    )
    return Row(profile.name, Outcome.stopped(reason, exitcodes.INFRASTRUCTURE), note=reason)
