"""What a pre-release verification leaves in its reports folder, and what it takes away.

`summary.md` holds the verdict table under the aggregate verdict and `run.json` the same for
tools, with the profiles the verification ran. Each profile's own reports are in a folder of its
name. Nothing there may stand for a verification that did not make it: one that starts marks the
folder as under way, one that stops (a broken profiles file) says so, and the folders of profiles
an earlier verification ran that this one does not are removed. Only folders a verification
named in its own `run.json` are ever removed, so a `--reports` folder shared with anything else
keeps what is not the verification's.
"""

from __future__ import annotations

import json
import shutil
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from sendcloud_contracts.files import write_atomically
from sendcloud_contracts.prerelease.page import write_prerelease_page
from sendcloud_contracts.reports.render import PAGE_FILE
from sendcloud_contracts.reports.run_folder import OUTCOME_FILE, SUMMARY_FILE, read_outcome

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence
    from pathlib import Path

    from sendcloud_contracts.prerelease.outcome import Outcome

TITLE = "# Pre-release verification"


def previous_profiles(reports: Path) -> list[str]:
    """The profiles the last verification in `reports` ran, by its own `run.json`."""
    names = read_outcome(reports).get("profiles")
    if not isinstance(names, list):
        return []
    return [name for name in names if isinstance(name, str) and name and "/" not in name and name[0] != "."]


def retire(reports: Path, keep: Iterable[str]) -> None:
    """Remove the folders of profiles the last verification ran and this one does not."""
    kept = set(keep)
    for name in previous_profiles(reports):
        if name not in kept:
            shutil.rmtree(reports / name, ignore_errors=True)


def write(reports: Path, headline: str, code: int | None, profiles: Sequence[str], body: str = "") -> None:
    """The verification's `summary.md` and `run.json`; `code` None while it is under way."""
    verdict = headline.split(":", 1)[0].split(" ", 1)[0].lower()
    status = "" if code is None else f" (exit {code})"
    write_atomically(reports / SUMMARY_FILE, f"{TITLE}: {headline}{status}\n\n{body}")
    outcome = {"verdict": verdict, "exit_status": code, "profiles": list(profiles)}
    write_atomically(reports / OUTCOME_FILE, json.dumps(outcome, indent=2) + "\n")


def started(reports: Path, profiles: Sequence[str]) -> None:
    """A verification under way: a killed one leaves this, not the verdict of the one before."""
    retire(reports, profiles)
    (reports / PAGE_FILE).unlink(missing_ok=True)
    when = datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S %Z")
    write(
        reports,
        f"RUNNING: started {when}, no verdict yet",
        None,
        profiles,
        "If no verification is under way, it was killed before its end: nothing is known from it.\n",
    )


def stopped(reports: Path, reason: str, code: int) -> None:
    """A verification that stopped before any profile ran: no profile's folder stands for it."""
    retire(reports, ())
    write(reports, "STOPPED: nothing was verified", code, (), f"**Why it stopped:** {reason}\n")
    write_prerelease_page(reports, [], f"STOPPED: nothing was verified: {reason}", code)


def finished(
    reports: Path, profiles: Sequence[str], outcomes: Sequence[Outcome], headline: str, code: int, table: str
) -> None:
    """The verification's verdict: `summary.md` with the table, `run.json` and the page."""
    write(reports, headline, code, profiles, table)
    write_prerelease_page(reports, list(outcomes), headline, code)
