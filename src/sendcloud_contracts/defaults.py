"""Where things are unless told otherwise, and what to do when recordings do not fit: one home for both."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pathlib import Path

# Paths relative to the checkout (pytest's rootdir, or the working directory of a command).
CONTRACTS_DIR = "contracts"
DEFAULT_SPEC = "spec/sendcloud-v2-integrations-openapi.yml"
DEFAULT_CASSETTE_DIR = "cassettes"
V3_SPEC = "spec/sendcloud-v3-integrations-openapi.yml"
V3_CASSETTE_DIR = "cassettes-v3"
SEED_SPEC = "spec/integrations.yaml"
SEED_CASSETTE_DIR = "cassettes-seed"
WRITES_CASSETTE_DIR = "cassettes-writes"
V3_WRITES_CASSETTE_DIR = "cassettes-writes-v3"
# The runs a replay makes when no document is named, each with its recordings and options: API v2's
# reads, then v3's, then each version's write contract.
DEFAULT_DOCUMENTS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    (DEFAULT_SPEC, DEFAULT_CASSETTE_DIR, ()),
    (V3_SPEC, V3_CASSETTE_DIR, ()),
    (DEFAULT_SPEC, WRITES_CASSETTE_DIR, ("--writes",)),
    (V3_SPEC, V3_WRITES_CASSETTE_DIR, ("--writes",)),
)
# The complete document of each API version, by the version's name: what a live run of it tests.
VERSION_DOCUMENTS = {"v2": DEFAULT_SPEC, "v3": V3_SPEC}


DEFAULT_DEVIATIONS = "deviations.toml"
# Each kind of run reports into a folder of its own, `reports/<mode>`, so none overwrites another.
DEFAULT_REPORT_ROOT = "reports"
DEFAULT_DRIFT_REPORTS = f"{DEFAULT_REPORT_ROOT}/drift"
DEFAULT_PRERELEASE_REPORTS = f"{DEFAULT_REPORT_ROOT}/prerelease"
DEFAULT_PROFILES = "profiles.toml"
# Generated cases per operation (`SENDCLOUD_MAX_EXAMPLES`), and what a recording without the number used.
DEFAULT_MAX_EXAMPLES = 25
# Enough to see a loop on short lists (the double's are three pages), few enough that walking
# every paginated list of every known id keeps a default run under 300 requests.
DEFAULT_MAX_PAGES = 5
# The option that runs the write contract, alone.
WRITES_OPTION = "--writes"
# The most writes one write run sends per API version, shrinking and restoring included.
MOST_WRITES = 150


def kind_of_run(mode: str, *, writes: bool) -> str:
    """A run's kind as its report folder names it: `live`, `replay`; the write contract's `writes`
    (live), `replay-writes`, `record-writes`."""
    if not writes:
        return mode
    return "writes" if mode == "live" else f"{mode}-writes"


def report_folder(rootdir: Path, option: str | None, mode: str, suffix: str = "") -> Path:
    """`--report-dir`, or the mode's own folder (and the API version's: `replay-v3`), so that no kind of
    run overwrites another's reports."""
    return rootdir / (option or f"{DEFAULT_REPORT_ROOT}/{mode}{suffix}")


def scripted_suite_command(python: str, *options: str, mode: str = "--disable-recording") -> list[str]:
    """`pytest contracts` as a child process runs it: live unless `mode` says otherwise.

    Without the cache provider: a scripted run must leave nothing in the checkout but its reports.
    """
    return [python, "-m", "pytest", "contracts", mode, "-p", "no:cacheprovider", *options]


# Every hint runs tox through the interpreter: the quick start's `python3 -m pip install tox` may
# leave no `tox` on PATH, and a plain `pytest` outside tox has no package to load.
TOX = "python3 -m tox"


def tox_command(environment: str, *options: str) -> str:
    """`python3 -m tox -e ENV [-- OPTIONS]`: a command a hint prints, runnable from a fresh clone."""
    return f"{TOX} -e {environment}" + (f" -- {' '.join(options)}" if options else "")


def aiming_options(checkout: Path, spec: Path, cassette_dir: Path) -> tuple[str, ...]:
    """`--contract-spec` and `--cassette-dir` for a document and a folder, each left out when the default."""
    options = []
    for option, path, default in (
        ("--contract-spec", spec, DEFAULT_SPEC),
        ("--cassette-dir", cassette_dir, DEFAULT_CASSETTE_DIR),
    ):
        if path != checkout / default:
            options.append(f"{option} {shown_path(path, checkout)}")
    return tuple(options)


def shown_path(path: Path, checkout: Path) -> str:
    """A path as a user types it in the checkout: relative to it when inside."""
    return str(path.relative_to(checkout)) if path.is_relative_to(checkout) else str(path)


# The tox environments that record a document into its own folder (from an account, from the
# double), where they are not `record` and `record-double`: the v3 document's are aimed at /api/v3.
RECORDERS = {V3_SPEC: ("record-v3", "record-double-v3", V3_CASSETTE_DIR)}


def recorders(*options: str) -> tuple[str, str, tuple[str, ...]]:
    """The recording environments for the options' document, and the options they still need."""
    for spec, (account, double, folder) in RECORDERS.items():
        if f"--contract-spec {spec}" in options:
            built_in = (f"--contract-spec {spec}", f"--cassette-dir {folder}")
            return account, double, tuple(option for option in options if option not in built_in)
    return "record", "record-double", options


def rerecord(*options: str) -> str:
    """The hint that ends a message about recordings that do not fit this run.

    `options` aim the recording at this run's own document and folder (`--contract-spec`,
    `--cassette-dir`) when they are not the defaults, so the command re-records what was replayed.
    """
    account, double, kept = recorders(*options)
    return f"re-record with `{tox_command(account, *kept)}` (or `{tox_command(double, *kept)}`)"


def record_first(*options: str) -> str:
    account, double, kept = recorders(*options)
    return (
        f"record them with `{tox_command(account, *kept)}` (a sandbox account) "
        f"or `{tox_command(double, *kept)}`"
    )


RERECORD = rerecord()
RECORD_FIRST = record_first()


def sentence(hint: str) -> str:
    """A hint that starts a sentence of its own."""
    return hint[:1].upper() + hint[1:]
