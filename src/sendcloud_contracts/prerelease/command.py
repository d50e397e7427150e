"""`python -m sendcloud_contracts.prerelease`: every profile here, one profile as a CI job, or a merge.

python -m sendcloud_contracts.prerelease [profiles.toml] [--reports DIR] [--jobs N] [--timeout MINUTES]
python -m sendcloud_contracts.prerelease [profiles.toml] --profile NAME [--profile NAME...] [--reports DIR]
python -m sendcloud_contracts.prerelease [profiles.toml] --merge JOB_DIR... [--reports DIR]
python -m sendcloud_contracts.prerelease [profiles.toml] --matrix

A CI matrix (`--matrix` prints it) runs one job per account, its profiles given as `--profile`, each
job holding only its own account's keys, and a last job `--merge`s the jobs' report folders into the
table, page and exit code a local run over every profile gives. Exit code: 1 if any account broke
the contract, else 4 if any run was stopped by a setup mistake, else 75 if any account could not be
reached (or, merged, left no report), else 3 if a run crashed; 2 when the verification was
interrupted; else 0.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from sendcloud_contracts import cli, exitcodes
from sendcloud_contracts.children import Children
from sendcloud_contracts.defaults import DEFAULT_PRERELEASE_REPORTS, DEFAULT_PROFILES
from sendcloud_contracts.errors import ConfigurationError
from sendcloud_contracts.prerelease import matrix, merge
from sendcloud_contracts.prerelease.profiles import Profile, accounts_of, load_profiles
from sendcloud_contracts.prerelease.runner import run_all
from sendcloud_contracts.reports import prerelease as verification
from sendcloud_contracts.reports.run_folder import SUMMARY_FILE
from sendcloud_contracts.variables import unknown as unknown_variables

if TYPE_CHECKING:
    from collections.abc import Callable

# A default run sends about three hundred requests, half a minute at the default 10/s; the rest of
# the budget is for a throttled account, where each request may wait up to SENDCLOUD_THROTTLE_BUDGET.
DEFAULT_TIMEOUT_MINUTES = 20.0


def parser(refused: Callable[[str], None] | None = None) -> cli.ArgumentParser:
    parser = cli.ArgumentParser(
        prog="python -m sendcloud_contracts.prerelease",
        description="Run the live contract suite against every sandbox account in a profiles file.",
        refused=refused,
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
    chosen = parser.add_mutually_exclusive_group()
    chosen.add_argument(
        "--profile",
        action="append",
        metavar="NAME",
        help="run this profile only (again for more): one job of a CI matrix",
    )
    chosen.add_argument(
        "--merge",
        nargs="+",
        type=Path,
        metavar="JOB_DIR",
        help="build the one table, page and exit code from the --profile jobs' report folders",
    )
    chosen.add_argument(
        "--matrix",
        action="store_true",
        help="print the CI matrix as JSON: one job per account, with its profiles and key variables",
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    arguments = sys.argv[1:] if argv is None else argv
    args = parser(lambda reason: _refused(arguments, reason)).parse_args(arguments)
    reports = args.reports.resolve()
    try:
        tables = load_profiles(args.profiles)
        every = [run for profile in tables for run in profile.runs()]
        profiles = _chosen(every, args.profile or [], args.profiles)
    except ConfigurationError as error:
        print(f"ERROR: {error}", file=sys.stderr)
        if not args.matrix:
            verification.stopped(reports, str(error), exitcodes.BAD_INPUT)
        return exitcodes.BAD_INPUT
    if args.matrix:
        print(matrix.matrix(tables))
        return exitcodes.HOLDS
    names = [profile.name for profile in profiles]
    accounts = accounts_of(profiles)
    if args.merge:
        rows = merge.rows(profiles, args.merge, reports)
        outcome = verification.finished(reports, names, rows, accounts)
        print(verification.render_table(rows), end="")
        return _said(outcome.exit_code, reports)
    keys = [name for profile in profiles for name in (profile.public_key_env, profile.secret_key_env)]
    # Before any run: a misspelt setting would reach no profile's run and pass as its default.
    for warning in unknown_variables(os.environ, also_known=keys):
        print(warning, file=sys.stderr)
    verification.started(reports, names)
    print(verification.TABLE_HEADER, end="", flush=True)
    children = Children()
    with children.handling_signals():
        rows = run_all(
            profiles,
            root=args.root.resolve(),
            reports=reports,
            environ=os.environ,
            jobs=args.jobs,
            timeout=args.timeout * 60,
            children=children,
            on_finish=lambda row: print(verification.render_row(row), end="", flush=True),
        )
        outcome = verification.finished(reports, names, rows, accounts, children.interrupted)
    return _said(outcome.exit_code, reports)


def _refused(arguments: list[str], reason: str) -> None:
    """A refused command line stops the verification it names: the last one's verdict no longer stands."""
    reports = Path(cli.option_value(arguments, "--reports") or DEFAULT_PRERELEASE_REPORTS).resolve()
    verification.stopped(reports, reason, exitcodes.BAD_INPUT)


def _chosen(profiles: list[Profile], names: list[str], path: Path) -> list[Profile]:
    """Every profile's runs, or the runs of the profiles `--profile` names, in the file's order."""
    if not names:
        return profiles
    tables = ", ".join(dict.fromkeys(profile.table for profile in profiles))
    for name in names:
        if not any(name in (profile.table, profile.name) for profile in profiles):
            raise ConfigurationError(f"{path}: no profile {name!r}; its profiles are {tables}")
    return [profile for profile in profiles if {profile.table, profile.name} & set(names)]


def _said(code: int | None, reports: Path) -> int:
    summary = (reports / SUMMARY_FILE).read_text(encoding="utf-8").splitlines()[0]
    print(f"\n{summary.removeprefix('# ')}; table in {reports / SUMMARY_FILE}")
    return exitcodes.CRASHED if code is None else code
