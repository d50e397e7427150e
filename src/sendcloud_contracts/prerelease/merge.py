"""A verification fanned out over CI jobs, brought together: one row per profile run the file names.

Each `--profile` job leaves a folder holding its profile's runs (`JOB_DIR/<run>/run.json` and the
rest). The merge takes every run the profiles file names, in the file's order, from whichever job
folder holds it, and copies it beside the merged table so the page's links work. A run no job folder
holds (the job failed before writing, was cancelled, or its artifact never arrived) is a row that
says so, counted as infrastructure: never a pass.
"""

from __future__ import annotations

import shutil
from typing import TYPE_CHECKING

from sendcloud_contracts import exitcodes
from sendcloud_contracts.reports import run_folder
from sendcloud_contracts.reports.outcome import Outcome
from sendcloud_contracts.reports.prerelease import Row, row_from_run

if TYPE_CHECKING:
    from collections.abc import Sequence
    from pathlib import Path

    from sendcloud_contracts.prerelease.profiles import Profile


def rows(profiles: Sequence[Profile], job_folders: Sequence[Path], reports: Path) -> list[Row]:
    """The verification's rows from the jobs' folders, each run's folder copied into `reports`."""
    reports.mkdir(parents=True, exist_ok=True)
    found = []
    for profile in profiles:
        source = next(
            (
                folder / profile.name
                for folder in job_folders
                if (folder / profile.name / run_folder.OUTCOME_FILE).is_file()
            ),
            None,
        )
        if source is None:
            found.append(_missing(profile, job_folders))
            continue
        target = reports / profile.name
        if source.resolve() != target.resolve():
            shutil.rmtree(target, ignore_errors=True)
            shutil.copytree(source, target)
        row = row_from_run(profile.name, target)
        if row is None:  # pragma: no cover - the file was there a moment ago
            found.append(_missing(profile, job_folders))
            continue
        note = row.note or (row.outcome.reason or "" if not row.outcome.judged else _details(profile))
        found.append(Row(row.profile, row.outcome, row.failures, row.requests, row.seconds, note))
    return found


def _details(profile: Profile) -> str:
    return f"details: {profile.name}/{run_folder.SUMMARY_FILE}"


def _missing(profile: Profile, job_folders: Sequence[Path]) -> Row:
    looked = ", ".join(str(folder) for folder in job_folders)
    reason = (
        f"missing: no job left a report of this run (looked in {looked}); "
        f"run `--profile {profile.table or profile.name}` again, or check that job's log and artifact"
    )
    return Row(profile.name, Outcome.stopped(reason, exitcodes.INFRASTRUCTURE), note=reason)
