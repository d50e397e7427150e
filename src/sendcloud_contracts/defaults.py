"""Where things are unless told otherwise, and what to do when recordings do not fit: one home for both."""

from __future__ import annotations

# Paths relative to the checkout (pytest's rootdir, or the working directory of a command).
DEFAULT_SPEC = "spec/sendcloud-v2-integrations-openapi.yml"
DEFAULT_CASSETTE_DIR = "cassettes"
V3_SPEC = "spec/sendcloud-v3-integrations-openapi.yml"
V3_CASSETTE_DIR = "cassettes-v3"
SEED_SPEC = "spec/integrations.yaml"
SEED_CASSETTE_DIR = "cassettes-seed"
# The documents a replay runs when none is named, each with its recordings: API v2, then v3.
DEFAULT_DOCUMENTS = ((DEFAULT_SPEC, DEFAULT_CASSETTE_DIR), (V3_SPEC, V3_CASSETTE_DIR))
# Every vendored document with the folder its shipped recordings are in.
SHIPPED_RECORDINGS = {**dict(DEFAULT_DOCUMENTS), SEED_SPEC: SEED_CASSETTE_DIR}


def recordings_of(spec_name: str) -> str:
    """The option that replays a vendored document's own recordings, or a placeholder for another."""
    folder = next(
        (held for spec, held in SHIPPED_RECORDINGS.items() if spec.endswith("/" + spec_name)), "DIR"
    )
    return f"--cassette-dir {folder}"


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


def scripted_suite_command(python: str, *options: str, mode: str = "--disable-recording") -> list[str]:
    """`pytest contracts` as a child process runs it: live unless `mode` says otherwise.

    Without the cache provider: a scripted run must leave nothing in the checkout but its reports.
    """
    return [python, "-m", "pytest", "contracts", mode, "-p", "no:cacheprovider", *options]


# The hints that end a message about recordings.
RERECORD = "re-record with `tox -e record` (or `tox -e record-double`)"
RECORD_FIRST = "record them with `tox -e record` (a sandbox account) or `tox -e record-double`"


def sentence(hint: str) -> str:
    """A hint that starts a sentence of its own."""
    return hint[:1].upper() + hint[1:]
