"""`python -m sendcloud_contracts.versions`: the contract suite once per API version, one exit code.

`tox -e contracts` replays API v2 and v3 alike from their own recordings, reads and writes
(`DEFAULT_DOCUMENTS`), each
run in a process of its own with its own reports, and ends with the most telling exit code of the
runs: a broken contract (1) outranks a setup mistake (4), which outranks infrastructure (75). Given
`--contract-spec`, it runs that document alone, exactly as `pytest contracts` would. Interrupted, it
lets the run under way write that it was interrupted, starts no other, marks the folder of each run
it did not start as interrupted (no earlier verdict stands there for tonight's), and exits 2.
"""

from __future__ import annotations

import sys
from pathlib import Path

from sendcloud_contracts import cli, exitcodes
from sendcloud_contracts.children import Children, Interrupted
from sendcloud_contracts.defaults import DEFAULT_DOCUMENTS
from sendcloud_contracts.reports.outcome import PRECEDENCE


def aggregate(codes: list[int]) -> int:
    """One exit code for several runs: the most telling one; 0 when any passed and none failed."""
    for code in PRECEDENCE:
        if code in codes:
            return code
    if exitcodes.HOLDS in codes:
        return exitcodes.HOLDS
    return codes[0] if codes else exitcodes.NO_TESTS


# Options that name one document's run; given any, the suite runs as told, once.
ONE_DOCUMENT = ("--contract-spec", "--cassette-dir")
REPORT_OPTION = "--report-dir"


def _given(arguments: list[str], option: str) -> bool:
    return any(argument.split("=", 1)[0] == option for argument in arguments)


def commands(arguments: list[str]) -> list[tuple[str, list[str]]]:
    """The pytest runs to make: one per default document, or the one the arguments name."""
    suite = [sys.executable, "-m", "pytest", "contracts"]
    if any(_given(arguments, option) for option in ONE_DOCUMENT):
        return [("the document given", [*suite, *arguments])]
    return [
        (
            f"{spec}{' (writes)' if options else ''} from {cassettes}/",
            [*suite, "--contract-spec", spec, "--cassette-dir", cassettes, *options, *arguments],
        )
        for spec, cassettes, options in DEFAULT_DOCUMENTS
    ]


def main(argv: list[str] | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    if _given(arguments, REPORT_OPTION) and not any(_given(arguments, option) for option in ONE_DOCUMENT):
        print(
            f"ERROR: {REPORT_OPTION} names one run's folder, and this replays one run per API version: "
            "name the document too (--contract-spec, --cassette-dir), or leave it out (each version "
            "reports into reports/<mode>, API v3 into reports/<mode>-v3)",
            file=sys.stderr,
        )
        return exitcodes.BAD_INPUT
    results = []
    runs = commands(arguments)
    children = Children()
    with children.handling_signals():
        for label, command in runs:
            try:
                if children.interrupted is None:
                    print(f"sendcloud-contracts: {label}: python {' '.join(command[1:])}", flush=True)
                results.append((label, children.run(command)))
            except Interrupted:
                break
        # Still under the handlers: a repeated Ctrl-C cannot cut these folders' reports in half.
        if children.interrupted is not None:
            for _label, command in runs[len(results) :]:
                _not_run(command, children.interrupted)
    if children.interrupted is not None:
        done = "; ".join(f"{label}: exit {result}" for label, result in results)
        print(f"sendcloud-contracts: interrupted by {children.interrupted} ({done}); exit 2")
        return exitcodes.INTERRUPTED
    code = aggregate([result for _label, result in results])
    if len(results) > 1:
        said = "; ".join(f"{label}: exit {result}" for label, result in results)
        print(f"sendcloud-contracts: {said}; exit {code}")
    return code


def _not_run(command: list[str], signal: str) -> None:
    """The folder of a run the interruption kept from starting says so, as the run itself would have."""
    # Imported here: only an interrupted command needs what a run's folder is made of.
    from sendcloud_contracts.pytest_plugin.refusals import folder_of, mode_of
    from sendcloud_contracts.reports import run_folder
    from sendcloud_contracts.reports.outcome import Outcome

    outcome = Outcome.interrupted(f"not run: interrupted by {signal} before this version's run started")
    run_folder.finish_unstarted(folder_of(command, Path.cwd()), str(mode_of(command)), outcome)


if __name__ == "__main__":
    cli.run_command(main, "python -m sendcloud_contracts.versions")
