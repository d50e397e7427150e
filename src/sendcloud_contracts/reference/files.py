"""The files a run writes and reads, each by the constant that names it where it is written or read."""

from __future__ import annotations

from sendcloud_contracts.defaults import DEFAULT_DEVIATIONS, DEFAULT_PROFILES, DEFAULT_REPORT_ROOT
from sendcloud_contracts.docdiff.acceptances import DEFAULT_ACCEPTANCES
from sendcloud_contracts.docdiff.nightly import JSON_REPORT as DOCDIFF_JSON
from sendcloud_contracts.docdiff.nightly import REPORT as DOCDIFF_REPORT
from sendcloud_contracts.prerelease.runner import LOG_FILE
from sendcloud_contracts.pytest_plugin.preflight import CASSETTE as PREFLIGHT_CASSETTE
from sendcloud_contracts.recordings.vcr_setup import METADATA_FILE
from sendcloud_contracts.reference.markdown import code, page, table
from sendcloud_contracts.reports.drift import RECORDING_FOLDER
from sendcloud_contracts.reports.drift import REPORT_FILE as DRIFT_REPORT
from sendcloud_contracts.reports.history import HISTORY_FOLDER, KEEP_RUNS
from sendcloud_contracts.reports.render import PAGE_FILE
from sendcloud_contracts.reports.run_folder import (
    ALLURE_ENVIRONMENT,
    COVERAGE_JSON,
    JUNIT_FILE,
    OUTCOME_FILE,
    PARTIAL_JUNIT,
    SUMMARY_FILE,
)
from sendcloud_contracts.reports.summary import COVERAGE_FILE
from sendcloud_contracts.writes.journal import JOURNAL_FILE

RUN = f"`{DEFAULT_REPORT_ROOT}/<mode>/`"
# (file, where it is, what it holds), in the order a reader meets them.
WRITTEN: tuple[tuple[str, str, str], ...] = (
    (
        SUMMARY_FILE,
        f"{RUN} of every run; `reports/prerelease/` and each profile's folder",
        "the verdict first (`PASS`, `FAIL ... (N failures)`, `STOPPED (exit 75)` and why, `RUNNING` while "
        "a run is under way), then target, auth, ids, date, duration, requests and `429`s, the seed, each "
        "failure with its curl line, warnings, coverage and accepted deviations; pre-release: the table",
    ),
    (
        PAGE_FILE,
        f"{RUN}, `reports/prerelease/`, `reports/drift/`",
        "one self-contained page (no script, nothing loaded): the verdict, what changed since the "
        "previous run, each failure with the request and answer the client saw, operations against rules",
    ),
    (
        OUTCOME_FILE,
        f"{RUN}, `reports/prerelease/`",
        "for tools: verdict, `exit_status`, why it stopped, failures, requests, `429`s, seconds waited, "
        "`selection`, `notes`, the seed (`generation`); pre-release: every row and the profiles it ran. "
        "Written last of a run's files",
    ),
    (
        JUNIT_FILE,
        RUN,
        "pytest's JUnit XML of a run that finished; a run that did not finish has one errored case, "
        "`contracts::run`, saying why",
    ),
    (
        PARTIAL_JUNIT,
        RUN,
        f"pytest's JUnit XML while the run is under way; it becomes `{JUNIT_FILE}` when the run finished",
    ),
    (
        COVERAGE_FILE,
        RUN,
        "for every field of the document's answers, which states the answers showed (absent, null, a "
        "value) and the statuses seen; a state never seen is a warning",
    ),
    (COVERAGE_JSON, RUN, f"the same as `{COVERAGE_FILE}`, for tools"),
    (
        HISTORY_FOLDER,
        f"`{DEFAULT_REPORT_ROOT}/{HISTORY_FOLDER}/<mode>-<hash>.json` (beside `--report-dir`)",
        f"per mode, target and document, the last {KEEP_RUNS} finished runs: date, verdict, score and "
        "each failure's rule, operation and field, never a value or a key; safe to delete",
    ),
    (
        LOG_FILE,
        "`reports/prerelease/<profile>/`",
        "the terminal output of the profile's run",
    ),
    (
        JOURNAL_FILE,
        "`reports/writes/`, `reports/writes-v3/`, a pre-release profile's `-writes` folder",
        "a write run's snapshot of the account before its first write, then each write before it leaves; "
        "`writes-restore` reads it. No credential is ever in it",
    ),
    (
        DRIFT_REPORT,
        "`reports/drift/`, `reports/drift-v3/`",
        "how the fresh recording's answers drifted from the cassettes, per operation and status, or why "
        "drift was not measured",
    ),
    (
        RECORDING_FOLDER,
        "`reports/drift/recording/`",
        "the reports of drift's recording run (its fresh cassettes are in `reports/drift/cassettes/`)",
    ),
    (
        DOCDIFF_REPORT,
        "`reports/docdiff/` (`--fetch`), or `--markdown FILE`",
        "what changed in the vendor's documents and what to do; the nightly job's summary",
    ),
    (
        DOCDIFF_JSON,
        "`reports/docdiff/` (`--fetch`), or `--json FILE`",
        "the same for tools, in the shape of `src/sendcloud_contracts/docdiff/docdiff.schema.json`",
    ),
    (
        ALLURE_ENVIRONMENT,
        "the `--alluredir` folder",
        "how the run ended, in Allure's environment panel: `outcome`, `exit_status`, `reason`",
    ),
)
# (file, where it is, what it tells the suite).
READ: tuple[tuple[str, str, str], ...] = (
    (
        METADATA_FILE,
        "each cassette folder (`cassettes/`, `cassettes-v3/`, ...)",
        "the document the recordings were made from (path, sha256, base path), base URL, known ids, cases "
        "per operation and pages per walk: what a replay aims at and generates",
    ),
    (
        PREFLIGHT_CASSETTE,
        "each cassette folder",
        "the preflight's answers for the known ids, replayed like every other cassette",
    ),
    (
        DEFAULT_DEVIATIONS,
        "the checkout (`--deviations PATH`)",
        "deviations from the document accepted on purpose",
    ),
    (
        DEFAULT_ACCEPTANCES,
        "the checkout (`--accepted PATH`)",
        "document changes accepted on purpose by the document check",
    ),
    (
        DEFAULT_PROFILES,
        "the checkout (the first argument of pre-release)",
        "the sandbox accounts of pre-release",
    ),
)


def files_page() -> str:
    return page(
        "Files",
        "the constants that name each file where it is written or read",
        "Every kind of run writes into a folder of its own, so that no run overwrites another's verdict: "
        "`reports/replay/`, `reports/record/`, `reports/live/`, `reports/writes/`, `reports/drift/`, "
        "`reports/prerelease/<profile>/`, with `-v3` for API v3 (`reports/live-v3/`); `--report-dir` "
        "picks another. A run that starts marks its folder `RUNNING`; a run killed before its end leaves "
        "that, never the last verdict.",
        "## What a run writes",
        table(
            ("file", "where", "what it holds"), [(code(name), where, what) for name, where, what in WRITTEN]
        ),
        "## What a run reads",
        table(
            ("file", "where", "what it tells the suite"),
            [(code(name), where, what) for name, where, what in READ],
        ),
    )


def documented_files() -> set[str]:
    return {name for name, _where, _what in (*WRITTEN, *READ)}
