"""`python -m sendcloud_contracts --help`: the whole product on one screen, from the code that defines it.

The modes and their tox environments are listed here, once; the variables come from `variables.py`,
the exit codes from `exitcodes.py`: a new variable or ending shows up without anyone editing this.
"""

from __future__ import annotations

from sendcloud_contracts import exitcodes
from sendcloud_contracts.defaults import DEFAULT_REPORT_ROOT
from sendcloud_contracts.reports.render import PAGE_FILE
from sendcloud_contracts.reports.run_folder import JUNIT_FILE, OUTCOME_FILE, SUMMARY_FILE
from sendcloud_contracts.variables import VARIABLES

REPORT_FILES = (SUMMARY_FILE, OUTCOME_FILE, JUNIT_FILE, PAGE_FILE)
SITE = "docs/ (python3 -m tox -e docs builds it into site/)"
# (tox environment, what it does): what a user runs, in the order they meet it.
MODES = (
    ("contracts", "replay every recording offline: reads and writes, API v2 and v3 (the default)"),
    ("tests", "the project's own tests"),
    ("double", "the reference double on 127.0.0.1: -- --port 8080, or -- --port 0 -- COMMAND"),
    ("live, live-v3", "the read contract against the account SENDCLOUD_* names"),
    ("writes, writes-v3", "the write contract, on SENDCLOUD_WRITE_INTEGRATION_ID only"),
    ("writes-restore", "restore an account an interrupted write run left changed"),
    ("record, record-v3", "re-record the cassettes from the account (record-double*: from the double)"),
    ("drift, drift-v3", "record afresh and report how the answers' shapes drifted"),
    ("docdiff", "what changed between two OpenAPI documents that can break a client"),
    ("prerelease", "the live suite per sandbox account of profiles.toml, one table"),
)
EXIT_CODES = (
    (exitcodes.HOLDS, "pass: the API keeps its documented contract"),
    (exitcodes.BROKEN, "fail: a client of the documented operations would break or be misled"),
    (exitcodes.INTERRUPTED, "interrupted (Ctrl-C, SIGTERM): nothing is known"),
    (exitcodes.CRASHED, "crashed: a fault of the suite, not of the API"),
    (exitcodes.BAD_INPUT, "setup mistake: the one line printed says what to fix"),
    (exitcodes.INFRASTRUCTURE, "infrastructure: network, time-out, throttled; may pass later unchanged"),
)


def overview() -> str:
    width = max(len(variable.name) for variable in VARIABLES)
    lines = [
        "sendcloud-contracts: contract tests for the Sendcloud Integrations API v2 and v3, reads and writes.",
        "",
        "Run with python3 -m tox -e ENV [-- PYTEST OPTIONS]:",
        *(f"  {environment:<18} {meaning}" for environment, meaning in MODES),
        "",
        "Variables (live, record and write runs; a replay reads its recording.json):",
        *(f"  {variable.name:<{width}}  {variable.meaning}" for variable in VARIABLES),
        "",
        "Exit codes:",
        *(f"  {code:<3} {meaning}" for code, meaning in EXIT_CODES),
        "",
        f"Reports: {DEFAULT_REPORT_ROOT}/<mode>/ ({', '.join(REPORT_FILES)}), one folder",
        "per kind of run (-v3 for API v3), the history beside them; pre-release in reports/prerelease/.",
        f"Documentation: {SITE};",
        "the suite's own pytest options: python3 -m tox -e live -- --help.",
    ]
    return "\n".join(lines) + "\n"
