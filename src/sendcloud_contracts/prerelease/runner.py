"""Pre-release verification: the live suite against every sandbox account in `profiles.toml`.

python -m sendcloud_contracts.prerelease [profiles.toml] [--reports DIR] [--jobs N] [--timeout MINUTES]

Each profile runs `pytest contracts --disable-recording` in its own process with `SENDCLOUD_*`
built from the profile, reporting into `DIR/<profile>/`. Different accounts run in parallel;
profiles of one account run one after the other, so no account sees more than one run's requests
against its rate limit. The verdict table is streamed as each profile finishes and written to
`DIR/summary.md`. Exit code: 1 if any account broke the contract, else 4 if any profile is
misconfigured, else 75 if any account could not be reached, else 0.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sendcloud_contracts import cli, exitcodes
from sendcloud_contracts.defaults import (
    DEFAULT_PRERELEASE_REPORTS,
    DEFAULT_PROFILES,
    DEFAULT_SPEC,
    scripted_suite_command,
)
from sendcloud_contracts.errors import ConfigurationError
from sendcloud_contracts.http.settings import Mode
from sendcloud_contracts.prerelease import reports as verification_reports
from sendcloud_contracts.prerelease.outcome import Outcome, Verdict
from sendcloud_contracts.prerelease.profiles import Profile, load_profiles
from sendcloud_contracts.reports import run_folder
from sendcloud_contracts.reports.outcome import Outcome as RunOutcome
from sendcloud_contracts.reports.run_folder import SUMMARY_FILE, read_outcome
from sendcloud_contracts.variables import unknown as unknown_variables

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

__all__ = ["Outcome", "Profile", "Verdict", "load_profiles", "main", "run_all", "run_profile"]

# A default run sends about fifty requests, seconds at the default 10/s; the rest of the budget is
# for a throttled account, where each request may wait up to SENDCLOUD_THROTTLE_BUDGET (60 s).
DEFAULT_TIMEOUT_MINUTES = 20.0
LOG_FILE = "pytest.log"


# The aggregate exit code, by precedence: a broken contract outranks a setup mistake, which
# outranks an account that could not be reached.
_PRECEDENCE = (
    (Verdict.CONTRACT_BROKEN, exitcodes.BROKEN, "FAIL: an account's API broke its contract"),
    (Verdict.CONFIGURATION_ERROR, exitcodes.BAD_INPUT, "ERROR: a profile is misconfigured"),
    (Verdict.INFRASTRUCTURE_ERROR, exitcodes.INFRASTRUCTURE, "ERROR: an account could not be reached"),
)


def run_profile(
    profile: Profile, *, root: Path, reports: Path, environ: Mapping[str, str], timeout: float
) -> Outcome:
    """One profile's live run into `reports/<profile>/`; `timeout` in seconds."""
    started = time.monotonic()
    folder = reports / profile.name
    # The folder holds this run's verdict only: a previous run's reports must not be read as it.
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    try:
        env = profile.environment(environ)
    except ConfigurationError as error:
        note = str(error)
        run_folder.finish_unstarted(folder, str(Mode.LIVE), RunOutcome.stopped(note))
        return Outcome(profile.name, Verdict.CONFIGURATION_ERROR, note=note)
    # The version's document; v2's is the suite's default, left to the suite (and to PYTEST_ADDOPTS).
    document = () if profile.document == DEFAULT_SPEC else (f"--contract-spec={profile.document}",)
    command = scripted_suite_command(
        sys.executable,
        *document,
        f"--report-dir={folder}",
        "-o",
        f"junit_suite_name={profile.name}",
        f"--rootdir={root}",
        # Reproductions name the variables that hold this profile's keys in the caller's shell.
        f"--key-variables={profile.public_key_env},{profile.secret_key_env}",
    )
    try:
        with (folder / LOG_FILE).open("w", encoding="utf-8") as output:
            code = subprocess.run(
                command,
                cwd=root,
                env=env,
                stdout=output,
                stderr=subprocess.STDOUT,
                timeout=timeout,
                check=False,
            ).returncode
    except subprocess.TimeoutExpired:
        seconds = time.monotonic() - started
        note = (
            f"no verdict within {_duration(timeout)}: raise --timeout (minutes), or check the account's API"
        )
        # The killed run left its marker; the folder says why it has no verdict.
        run_folder.finish_unstarted(
            folder, str(Mode.LIVE), RunOutcome.stopped(note, exitcodes.INFRASTRUCTURE), seconds
        )
        return Outcome(profile.name, Verdict.INFRASTRUCTURE_ERROR, seconds=seconds, note=note)
    seconds = time.monotonic() - started
    # One source of numbers: the run's run.json, which its summary.md was written from.
    outcome = read_outcome(folder)
    verdict, note = judge(code, outcome)
    failures, requests = outcome.get("failures"), outcome.get("requests")
    judged = verdict in (Verdict.PASS, Verdict.CONTRACT_BROKEN) and isinstance(failures, int)
    return Outcome(
        profile.name,
        verdict,
        failures if judged else None,
        requests if isinstance(requests, int) else None,
        seconds,
        profile.in_its_terms(note) or f"details: {folder / SUMMARY_FILE}",
    )


def _duration(seconds: float) -> str:
    return f"{seconds / 60:g} min" if seconds >= 60 else f"{seconds:g} s"


def judge(code: int, outcome: Mapping[str, Any]) -> tuple[Verdict, str]:
    """The verdict from the suite's exit code; the note from its `run.json`, never from its log."""
    stopped = str(outcome.get("stopped") or "")
    if code == exitcodes.HOLDS:
        return Verdict.PASS, ""
    if code == exitcodes.BROKEN:
        return Verdict.CONTRACT_BROKEN, ""
    if code == exitcodes.BAD_INPUT:
        return Verdict.CONFIGURATION_ERROR, _first_line(stopped or "bad input (exit 4); see the log")
    if code == exitcodes.NO_TESTS:
        return Verdict.CONFIGURATION_ERROR, "no contract tests were collected (exit 5); see the log"
    if code == exitcodes.INFRASTRUCTURE:
        return Verdict.INFRASTRUCTURE_ERROR, _first_line(stopped or "infrastructure error (exit 75)")
    return Verdict.INFRASTRUCTURE_ERROR, f"pytest exited with {code}; see the log"


def _first_line(text: str, limit: int = 200) -> str:
    line = text.strip().splitlines()[0] if text.strip() else ""
    return line if len(line) <= limit else line[: limit - 1] + "…"


def run_all(
    profiles: list[Profile],
    *,
    root: Path,
    reports: Path,
    environ: Mapping[str, str],
    jobs: int,
    timeout: float,
    on_finish: Callable[[Outcome], None] | None = None,
) -> list[Outcome]:
    """Accounts in parallel, profiles of one account in sequence; outcomes in the file's order."""
    groups: dict[tuple[str, str], list[Profile]] = {}
    for profile in profiles:
        groups.setdefault(profile.account(environ), []).append(profile)
    lock = threading.Lock()

    def run_group(group: list[Profile]) -> list[Outcome]:
        outcomes = []
        for profile in group:
            outcome = run_profile(profile, root=root, reports=reports, environ=environ, timeout=timeout)
            if on_finish is not None:
                with lock:
                    on_finish(outcome)
            outcomes.append(outcome)
        return outcomes

    with ThreadPoolExecutor(max_workers=max(1, min(jobs, len(groups)))) as pool:
        results = [outcome for outcomes in pool.map(run_group, groups.values()) for outcome in outcomes]
    order = {profile.name: index for index, profile in enumerate(profiles)}
    return sorted(results, key=lambda outcome: order[outcome.profile])


TABLE_HEADER = "| account | verdict | failures | requests | time | note |\n|---|---|---|---|---|---|\n"


def render_row(outcome: Outcome) -> str:
    # A stopped run judged nothing: "stopped" and its reason in the note, not a count of one error.
    requests = "—" if outcome.requests is None else str(outcome.requests)
    seconds = f"{outcome.seconds:.1f} s" if outcome.seconds else "—"
    note = outcome.note.replace("|", "\\|")
    return f"| {outcome.profile} | {outcome.verdict} | {outcome.failed} | {requests} | {seconds} | {note} |\n"


def render_table(outcomes: list[Outcome]) -> str:
    return TABLE_HEADER + "".join(render_row(outcome) for outcome in outcomes)


def aggregate(outcomes: list[Outcome]) -> tuple[int, str]:
    """The exit code and headline of the whole verification."""
    verdicts = {outcome.verdict for outcome in outcomes}
    for verdict, code, headline in _PRECEDENCE:
        if verdict in verdicts:
            return code, headline
    return exitcodes.HOLDS, "PASS: every account keeps the documented contract"


def main(argv: list[str] | None = None) -> int:
    parser = cli.ArgumentParser(
        prog="python -m sendcloud_contracts.prerelease",
        description="Run the live contract suite against every sandbox account in a profiles file.",
    )
    parser.add_argument("profiles", nargs="?", type=Path, default=Path(DEFAULT_PROFILES))
    parser.add_argument(
        "--reports", type=Path, default=Path(DEFAULT_PRERELEASE_REPORTS), help="one folder per profile"
    )
    parser.add_argument("--root", type=Path, default=Path.cwd(), help="the checkout holding contracts/")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="accounts checked at once")
    parser.add_argument(
        "--timeout",
        type=float,
        default=DEFAULT_TIMEOUT_MINUTES,
        metavar="MINUTES",
        help=f"minutes one profile's run may take (default: {DEFAULT_TIMEOUT_MINUTES:g})",
    )
    args = parser.parse_args(argv)
    reports = args.reports.resolve()
    try:
        # One run per account and API version.
        profiles = [run for profile in load_profiles(args.profiles) for run in profile.runs()]
    except ConfigurationError as error:
        print(f"ERROR: {error}", file=sys.stderr)
        verification_reports.stopped(reports, str(error), exitcodes.BAD_INPUT)
        return exitcodes.BAD_INPUT
    keys = [name for profile in profiles for name in (profile.public_key_env, profile.secret_key_env)]
    # Before any run: a misspelt setting would reach no profile's run and pass as its default.
    for warning in unknown_variables(os.environ, also_known=keys):
        print(warning, file=sys.stderr)
    names = [profile.name for profile in profiles]
    verification_reports.started(reports, names)
    print(TABLE_HEADER, end="", flush=True)
    outcomes = run_all(
        profiles,
        root=args.root.resolve(),
        reports=reports,
        environ=os.environ,
        jobs=args.jobs,
        timeout=args.timeout * 60,
        on_finish=lambda outcome: print(render_row(outcome), end="", flush=True),
    )
    code, headline = aggregate(outcomes)
    verification_reports.finished(reports, names, outcomes, headline, code, render_table(outcomes))
    print(f"\n{headline} (exit {code}); table in {reports / SUMMARY_FILE}")
    return code
