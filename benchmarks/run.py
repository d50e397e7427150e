"""Benchmark: the contract suite and the plain schemathesis CLI against every catalogue entry.

For each fault and valid variation of `sendcloud_contracts.double.catalogue.faults`, start the double
playing it on a free loopback port, then run, each in a subprocess as a user would:

- the suite: `python -m pytest contracts --disable-recording --contract-spec SPEC`
  with SENDCLOUD_* aimed at it;
- the CLI: `schemathesis run SPEC --url BASE --auth USER:PASS`, defaults otherwise.

SPEC is the entry's document (`Variant.spec`): the one-operation seed for the entries that bend
`GET /integrations/{id}`, the complete v2 document for those that bend the lists, the v3 document
for API v3's entries; BASE ends in that document's API version (`/api/v2`, `/api/v3`).

An entry of the write contract (`Variant.writes`) is run as a user runs the write contract: the
suite with `--writes` and SENDCLOUD_WRITE_INTEGRATION_ID, paced under the double's real write limit
(15 a second, 100 a minute), restoring the account at its end. The plain CLI has no such run: it is
given the document's write operations alone (`--include-method`), and fuzzes them with its own
phases, stateful ones included; it writes to the double only (`--url`), anywhere in the account
(other integrations, DELETE included), and restores nothing.

A fault is caught when the run fails and its output names it (one of the entry's `caught_by`
fragments), and for the suite also ends with the entry's exit code (1 contract, 4 setup, 75
infrastructure); a valid variation that fails the run is a false positive. Requests are counted
from the double's log. Prints a table, writes it to benchmarks/RESULTS.md, and ends with the
one-line summary.

    python -m benchmarks.run [--only NAME ...] [--results PATH]
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING

from benchmarks.verdicts import Run, Verdict, judge, summary_line, table
from sendcloud_contracts.defaults import scripted_suite_command
from sendcloud_contracts.double import DoubleServer
from sendcloud_contracts.double.__main__ import target_environment
from sendcloud_contracts.double.catalogue.faults import CATALOGUE, Variant, playing
from sendcloud_contracts.double.catalogue.variant import SEED_SPEC, V3_SPEC
from sendcloud_contracts.spec import load_spec

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_RESULTS = ROOT / "benchmarks" / "RESULTS.md"
BENCHMARK_SEED_OPTION = "--hypothesis-seed=6"
# A run against a double that never answers is killed after this long and counted as hung.
SUITE_TIMEOUT_SECONDS = 60.0
CLI_TIMEOUT_SECONDS = 60.0
# The complete document has eight operations to the seed's one, and the lists are walked too:
# about 290 requests, 29 s at the suite's default 10/s alone, more on a loaded machine.
COMPLETE_DOCUMENT_TIMEOUT_SECONDS = 150.0
# A write run against a fault shrinks its failing sequence until its 150 writes are spent, at 90 a
# minute (`writes/guard.py`), and reads back after every write at the suite's 10 a second.
WRITE_RUN_TIMEOUT_SECONDS = 300.0
# The methods that write: the CLI's write entries test these operations alone.
WRITE_METHODS = ("POST", "PUT", "PATCH", "DELETE")
# The whole comparison stops starting new runs past this budget; the rest are reported skipped. About
# 60 minutes on two cores for the 98 read entries of v2 and v3, the v3 entries half of it (each a whole
# v3 run of about 280 requests at 10/s); the write contract's 45 entries about 50 minutes more, half
# of it the suite's: a write fault caught in a sequence shrinks it until its writes are spent, paced at
# 90 a minute (75 to 100 s a run), the others end in seconds (`RESULTS-writes.md`).
TOTAL_BUDGET_SECONDS = 150 * 60.0
REPLAY_RUNS = 5
STARTUP_RUNS = 5


def run_bounded(
    command: Sequence[str], env: dict[str, str], cwd: Path, timeout: float
) -> tuple[int | None, str]:
    """Exit code and output, or None when the command outlived `timeout` and was killed."""
    try:
        completed = subprocess.run(
            command, env=env, cwd=cwd, capture_output=True, text=True, timeout=timeout, check=False
        )
    except subprocess.TimeoutExpired as expired:
        return None, _text(expired.stdout) + _text(expired.stderr)
    return completed.returncode, completed.stdout + completed.stderr


def _text(output: str | bytes | None) -> str:
    if isinstance(output, bytes):
        return output.decode(errors="replace")
    return output or ""


def clean_environment() -> dict[str, str]:
    """The caller's environment without its own SENDCLOUD_*, which must not reach a run."""
    return {name: value for name, value in os.environ.items() if not name.startswith("SENDCLOUD_")}


def aimed(double: DoubleServer, spec: str) -> dict[str, str]:
    """SENDCLOUD_* aimed at the double's API of the version the document describes."""
    return target_environment(double, api=load_spec(ROOT / spec).dialect.name)


def suite_command(
    double: DoubleServer, scratch: Path, spec: str, auth: str, writes: int | None = None
) -> tuple[list[str], dict[str, str], Path]:
    # The write contract on the integration the entry names; a read run otherwise.
    written = {} if writes is None else {"SENDCLOUD_WRITE_INTEGRATION_ID": str(writes)}
    command = scripted_suite_command(
        sys.executable,
        # One seed for every run: the benchmark compares the suite from commit to commit, not
        # one live run's draw with another's.
        BENCHMARK_SEED_OPTION,
        # Short tracebacks keep the failure messages and drop library source, whose words
        # ("timed out", field names) would otherwise count as naming a fault.
        "--tb=short",
        f"--contract-spec={spec}",
        f"--cassette-dir={scratch}",
        # The benchmark's runs must not replace the reports of a user's own live run.
        f"--report-dir={scratch / 'reports'}",
        *(() if writes is None else ("--writes",)),
    )
    # The entry's authentication (`Variant.auth`): OAuth2 for what bends the token endpoint.
    environment = {**clean_environment(), **aimed(double, spec), "SENDCLOUD_AUTH": auth, **written}
    return command, environment, ROOT


def cli_command(
    double: DoubleServer, scratch: Path, spec: str, auth: str, writes: int | None = None
) -> tuple[list[str], dict[str, str], Path]:
    # Run from a scratch folder: the CLI may leave a Hypothesis database behind in its cwd. It
    # authenticates with Basic whatever the entry's `auth`: `--auth` is all the plain CLI offers.
    del auth
    credentials = f"{double.app.public_key}:{double.app.secret_key}"
    url = aimed(double, spec)["SENDCLOUD_BASE_URL"]
    command = [sys.executable, "-m", "schemathesis.cli", "run", str(ROOT / spec), "--url", url]
    # A write entry: the document's writes alone, all it can reach of what the entry bends.
    methods = () if writes is None else tuple(f"--include-method={method}" for method in WRITE_METHODS)
    return [*command, *methods, "--auth", credentials], clean_environment(), scratch


def measure(
    entry: Variant,
    build: Callable[[DoubleServer, Path, str, str, int | None], tuple[list[str], dict[str, str], Path]],
    timeout: float,
) -> Run:
    if entry.spec != SEED_SPEC:
        timeout = max(timeout, COMPLETE_DOCUMENT_TIMEOUT_SECONDS)
    if entry.writes is not None:
        timeout = max(timeout, WRITE_RUN_TIMEOUT_SECONDS)
    with DoubleServer(playing(entry.name)) as double, tempfile.TemporaryDirectory() as scratch:
        command, env, cwd = build(double, Path(scratch), entry.spec, entry.auth, entry.writes)
        started = time.perf_counter()
        exit_code, output = run_bounded(command, env, cwd, timeout)
        seconds = time.perf_counter() - started
        sent = len(double.requests)
    # The suite promises an exit code per kind of failure; the CLI only fails or passes.
    verdict = judge(entry, exit_code, output, exit_codes=build is suite_command)
    return Run(verdict, sent, seconds, exit_code)


def median_seconds(command: Sequence[str], runs: int, env: dict[str, str]) -> float:
    timings: list[float] = []
    for _ in range(runs):
        started = time.perf_counter()
        exit_code, output = run_bounded(command, env, ROOT, SUITE_TIMEOUT_SECONDS)
        if exit_code != 0:
            raise SystemExit(
                f"{' '.join(command)} failed (exit {exit_code}); fix it before timing it:\n{output}"
            )
        timings.append(time.perf_counter() - started)
    return statistics.median(timings)


def empty_session_seconds() -> float:
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        (folder / "pytest.ini").write_text("[pytest]\n")
        (folder / "test_nothing.py").write_text("def test_nothing():\n    pass\n")
        command = [sys.executable, "-m", "pytest", str(folder), "-p", "no:cacheprovider", "-q"]
        return median_seconds(command, STARTUP_RUNS, clean_environment())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--only", action="append", metavar="NAME", help="benchmark only these entries")
    parser.add_argument("--results", type=Path, default=DEFAULT_RESULTS, help="where to write the table")
    args = parser.parse_args(argv)
    entries = [entry for entry in CATALOGUE if not args.only or entry.name in args.only]
    if args.only and len(entries) != len(set(args.only)):
        parser.error(f"--only names no catalogue entry among {args.only}; see --list-faults of the double")

    deadline = time.monotonic() + TOTAL_BUDGET_SECONDS
    suite: dict[str, Run] = {}
    cli: dict[str, Run] = {}
    for entry in entries:
        if time.monotonic() > deadline:
            suite[entry.name] = cli[entry.name] = Run(Verdict.SKIPPED, 0, 0.0, None)
            continue
        suite[entry.name] = measure(entry, suite_command, SUITE_TIMEOUT_SECONDS)
        cli[entry.name] = measure(entry, cli_command, CLI_TIMEOUT_SECONDS)
        print(f"{entry.name}: suite {suite[entry.name].verdict}, CLI {cli[entry.name].verdict}", flush=True)

    replay = [sys.executable, "-m", "pytest", "contracts", "-p", "no:cacheprovider", "-q"]
    replay_seconds = median_seconds(replay, REPLAY_RUNS, clean_environment())
    replay_v3 = [*replay, f"--contract-spec={V3_SPEC}", "--cassette-dir=cassettes-v3"]
    replay_v3_seconds = median_seconds(replay_v3, REPLAY_RUNS, clean_environment())
    startup = [sys.executable, "-c", "import pytest, schemathesis, vcr"]
    startup_seconds = median_seconds(startup, STARTUP_RUNS, clean_environment())
    session_seconds = empty_session_seconds()

    reads = [entry for entry in entries if entry.writes is None]
    writes = [entry for entry in entries if entry.writes is not None]
    groups = (
        ("API v2", [entry for entry in reads if entry.spec != V3_SPEC]),
        ("API v3", [entry for entry in reads if entry.spec == V3_SPEC]),
        ("Writes, API v2", [entry for entry in writes if entry.spec != V3_SPEC]),
        ("Writes, API v3", [entry for entry in writes if entry.spec == V3_SPEC]),
    )
    summary = "\n".join(line for label, chosen in groups if (line := summary_line(label, chosen, suite, cli)))
    timings = [
        f"Offline replay of the suite (`pytest contracts`), median of {REPLAY_RUNS}: {replay_seconds:.2f} s",
        f"Start-up of its dependencies (`import pytest, schemathesis, vcr`), median of {STARTUP_RUNS}: "
        f"{startup_seconds:.2f} s",
        f"Replay against the dependencies' start-up: {replay_seconds / startup_seconds:.1f}x",
        f"Offline replay of the API v3 suite (`--contract-spec {V3_SPEC} --cassette-dir cassettes-v3`), "
        f"median of {REPLAY_RUNS}: {replay_v3_seconds:.2f} s ({replay_v3_seconds / startup_seconds:.1f}x)",
        f"A pytest session of one empty test, with the same plugins installed, median of {STARTUP_RUNS}: "
        f"{session_seconds:.2f} s ({session_seconds / startup_seconds:.1f}x the start-up): "
        "what any run pays before the suite's first test",
        f"Hung runs were killed after {SUITE_TIMEOUT_SECONDS:.0f} s (suite) / "
        f"{CLI_TIMEOUT_SECONDS:.0f} s (CLI), "
        f"{COMPLETE_DOCUMENT_TIMEOUT_SECONDS:.0f} s on the complete documents, "
        f"{WRITE_RUN_TIMEOUT_SECONDS:.0f} s for write runs.",
    ]
    rows = table(entries, suite, cli)
    print("\n".join(["", *rows, "", *timings, "", summary]))

    machine = f"{platform.platform()}, {os.cpu_count()} CPUs, Python {platform.python_version()}"
    today = datetime.datetime.now(datetime.UTC).date().isoformat()
    args.results.write_text(
        "\n".join(
            [
                "# Fault catalogue benchmark",
                "",
                f"Run on {today}, {machine}. Regenerate with `tox -e bench`.",
                "",
                "Caught: the run failed and named the fault (one of its `caught_by` fragments); "
                "the suite also with the fault's exit code (1 contract, 4 setup, 75 infrastructure).",
                "Requests: what the double received, counted from its log.",
                "",
                *rows,
                "",
                *(f"- {line}" for line in timings),
                "",
                summary,
                "",
            ]
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
