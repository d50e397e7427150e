"""What a run leaves for the morning: failures as the suite's lines, runnable reproductions, a summary
with the verdict and the facts first, and a stopped run that says so in every report."""

from __future__ import annotations

import json
import os
import subprocess
import xml.etree.ElementTree as ElementTree
from typing import TYPE_CHECKING

import pytest

from sendcloud_contracts.defaults import report_folder
from sendcloud_contracts.double import DoubleApp
from sendcloud_contracts.double.catalogue.faults import playing
from sendcloud_contracts.exitcodes import BAD_INPUT, INFRASTRUCTURE
from sendcloud_contracts.http.settings import Mode

from ..prerelease.test_prerelease import closed_port
from ..variants import ThrottledApp

if TYPE_CHECKING:
    from pathlib import Path

    from sendcloud_contracts.double import DoubleServer

    from ..conftest import SuiteRunner


def without(field: str) -> DoubleApp:
    app = DoubleApp()
    for integration in app.integrations.values():
        del integration[field]
    return app


def junit_problems(path: Path) -> dict[str, ElementTree.Element]:
    """The failure or error element of each test case that has one, by test name."""
    root = ElementTree.parse(path).getroot()
    return {
        str(case.get("name")): child
        for case in root.iter("testcase")
        for child in case
        if child.tag in ("failure", "error")
    }


@pytest.mark.parametrize("double_app", [without("system")], ids=["system"])
def test_a_failure_reads_as_the_suites_own_lines_everywhere(
    run_suite: SuiteRunner, target_double: DoubleServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Wide enough for pytest to add each failure's message to its short-summary line.
    monkeypatch.setenv("COLUMNS", "250")
    result = run_suite("--disable-recording", "-rf")
    output = result.stdout.str() + result.stderr.str()
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    for noise in (
        "Exception Group Traceback",
        "Traceback",
        "CustomFailure(",
        "FailureGroup",
        "schemathesis/",
    ):
        assert noise not in output, noise
    result.stdout.fnmatch_lines(
        ["FAILED *test_existing_integration[[]123[]] - [[]response_schema[]] system*"]
    )
    message = junit_problems(tmp_path / "reports" / "junit.xml")["test_existing_integration[123]"].get(
        "message"
    )
    assert (
        message
        == '[response_schema] system: Received: (absent) / Documented: "system" is a required property'
    )


@pytest.mark.parametrize("double_app", [without("system")], ids=["system"])
def test_the_printed_reproduction_runs_as_printed(
    run_suite: SuiteRunner, target_double: DoubleServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    result = run_suite("--disable-recording")
    printed = [line.strip() for line in result.outlines if line.strip().startswith("curl ")]
    command = next(line for line in printed if line.endswith("/integrations/4711"))
    assert '-u "$SENDCLOUD_PUBLIC_KEY:$SENDCLOUD_SECRET_KEY"' in command
    assert target_double.app.secret_key not in result.stdout.str()
    # The user's shell holds the keys; the command names them and shows the failing body.
    answer = subprocess.run(
        ["bash", "-c", command + " --silent --show-error"],
        env={**os.environ},
        capture_output=True,
        text=True,
        timeout=30,
        check=True,
    ).stdout
    body = json.loads(answer)
    assert body["id"] == 4711
    assert "system" not in body


@pytest.mark.parametrize("double_app", [playing("auth-ignored")], ids=["auth-ignored"])
def test_the_authentication_probe_is_reproduced_without_credentials(
    run_suite: SuiteRunner, target_double: DoubleServer
) -> None:
    result = run_suite("--disable-recording", "-k", "test_existing_integration and 4711")
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    printed = [line.strip() for line in result.outlines if line.strip().startswith("curl ")]
    url = f"{target_double.base_url}/integrations/4711"
    assert f"curl -X GET {url}" in printed, printed
    assert f"curl -X GET -u sendcloud-contracts-invalid:not-a-secret {url}" in printed, printed
    assert all("[Filtered]" not in line and "SENDCLOUD_PUBLIC_KEY" not in line for line in printed)


@pytest.mark.parametrize("double_app", [without("system")], ids=["system"])
def test_oauth2_reproductions_name_the_token_variable(
    run_suite: SuiteRunner, target_double: DoubleServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SENDCLOUD_AUTH", "oauth2")
    result = run_suite("--disable-recording", "-k", "test_existing_integration and 4711")
    result.stdout.fnmatch_lines(['*curl -X GET --oauth2-bearer "$SENDCLOUD_TOKEN" *'])


@pytest.mark.parametrize("double_app", [without("system")], ids=["system"])
def test_the_summary_gives_the_verdict_then_the_facts_with_counts_that_match_the_rows(
    run_suite: SuiteRunner, target_double: DoubleServer, tmp_path: Path
) -> None:
    run_suite("--disable-recording")
    summary = (tmp_path / "reports" / "summary.md").read_text()
    lines = summary.splitlines()
    # One failure: the same check failing on the same operation, whichever integration showed it.
    assert lines[0] == "# Sendcloud contract: FAIL: the API broke its contract (1 failure)"
    facts = "\n".join(lines[:14])
    for fact in (
        f"- Target: {target_double.base_url} (live mode)",
        "- Auth: basic",
        "- Integration ids: 5, 123, 4711, 90210",
        "- Date: ",
        "- Duration: ",
        f"- Requests: {len(target_double.requests)} requests sent; 0 answered 429 (throttled), 0.0 s waited",
    ):
        assert fact in facts, facts
    rows = [line for line in lines if line.startswith("| response_schema |")]
    assert "## Failures found by the contract's rules (1)" in lines
    (row,) = rows
    assert row.split(" | ")[5] == "5", row  # the answers that showed it: four ids, one generated case
    # Four ids, and the property test whose subtest for the operation failed.
    assert "- Tests: all 7 tests selected; " in facts
    assert facts.count("; 5 failed") == 1, facts


@pytest.mark.parametrize("double_app", [without("system")], ids=["system"])
def test_one_failure_is_one_failure(
    run_suite: SuiteRunner, target_double: DoubleServer, tmp_path: Path
) -> None:
    run_suite("--disable-recording", "-k", "test_existing_integration and 4711")
    summary = (tmp_path / "reports" / "summary.md").read_text()
    assert summary.startswith(
        "# Sendcloud contract: FAIL (partial run: 1 of 7 tests): the API broke its contract (1 failure)\n"
    )


@pytest.mark.parametrize("double_app", [ThrottledApp(throttle=frozenset({1, 5}))], ids=["429"])
def test_throttling_is_counted_in_the_terminal_and_the_summary(
    run_suite: SuiteRunner, target_double: DoubleServer, tmp_path: Path
) -> None:
    result = run_suite("--disable-recording")
    result.assert_outcomes(passed=7)
    line = next(line for line in result.outlines if line.startswith("traffic: "))
    assert f"{len(target_double.requests)} requests sent; 2 answered 429 (throttled), " in line
    waited = float(line.rsplit(", ", 1)[1].split(" s ")[0])
    assert waited > 0
    outcome = json.loads((tmp_path / "reports" / "run.json").read_text())
    assert (outcome["throttled"], outcome["requests"]) == (2, len(target_double.requests))
    assert "2 answered 429 (throttled)" in (tmp_path / "reports" / "summary.md").read_text()


@pytest.mark.parametrize("double_app", [ThrottledApp(throttle_from=1)], ids=["always-429"])
def test_a_run_throttled_past_the_budget_says_so_in_every_report(
    run_suite: SuiteRunner, target_double: DoubleServer, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("SENDCLOUD_THROTTLE_BUDGET", "0.5")
    result = run_suite("--disable-recording")
    assert result.ret == INFRASTRUCTURE
    reports = tmp_path / "reports"
    summary = (reports / "summary.md").read_text().splitlines()
    assert summary[0].startswith("# Sendcloud contract: STOPPED (exit 75)")
    assert "is throttled: answered 429" in summary[2]
    assert "- Requests: 1 request sent; 1 answered 429 (throttled), 0.0 s waited" in summary
    problems = junit_problems(reports / "junit.xml")
    assert list(problems) == ["run"], problems
    assert "is throttled: answered 429" in str(problems["run"].get("message"))


def test_an_unreachable_api_leaves_an_errored_junit_case_with_its_reason(
    run_suite: SuiteRunner, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    environment = {
        "SENDCLOUD_BASE_URL": f"http://127.0.0.1:{closed_port()}/api/v2",
        "SENDCLOUD_PUBLIC_KEY": "public",
        "SENDCLOUD_SECRET_KEY": "secret",
        "SENDCLOUD_INTEGRATION_IDS": "123",
    }
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    result = run_suite("--disable-recording")
    assert result.ret == INFRASTRUCTURE
    reports = tmp_path / "reports"
    root = ElementTree.parse(reports / "junit.xml").getroot()
    suite = root if root.tag == "testsuite" else root[0]
    assert suite.get("errors") == "1", ElementTree.tostring(root)
    problems = junit_problems(reports / "junit.xml")
    # The preflight stopped the run in the first test's setup: no test ran, none is blamed.
    assert list(problems) == ["run"], problems
    assert problems["run"].tag == "error"
    assert "refused the connection" in str(problems["run"].get("message"))
    (case,) = [case for case in root.iter("testcase") if case.get("name") == "run"]
    assert case.get("classname") == "contracts"
    assert json.loads((reports / "run.json").read_text())["stopped"].startswith("infrastructure error")


def test_bad_settings_stop_with_an_errored_junit_case_and_a_summary_that_says_why(
    run_suite: SuiteRunner, target_double: DoubleServer, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("SENDCLOUD_AUTH", "digest")
    result = run_suite("--disable-recording")
    assert result.ret == BAD_INPUT
    reports = tmp_path / "reports"
    (error,) = junit_problems(reports / "junit.xml").values()
    assert error.tag == "error"
    assert "SENDCLOUD_AUTH='digest' is not supported" in str(error.get("message"))
    summary = (reports / "summary.md").read_text().splitlines()
    assert (
        summary[0]
        == "# Sendcloud contract: STOPPED (exit 4): the run ended early; nothing is known about the contract"
    )
    assert "SENDCLOUD_AUTH='digest'" in summary[2]
    assert not target_double.requests


@pytest.mark.parametrize(
    ("option", "mode", "folder"),
    [
        (None, Mode.REPLAY, "reports/replay"),
        (None, Mode.LIVE, "reports/live"),
        (None, Mode.RECORD, "reports/record"),
        ("reports/prerelease/eu-shop", Mode.LIVE, "reports/prerelease/eu-shop"),
    ],
)
def test_each_kind_of_run_reports_into_its_own_folder(
    tmp_path: Path, option: str | None, mode: Mode, folder: str
) -> None:
    assert report_folder(tmp_path, option, mode) == tmp_path / folder
