"""The contract suite against doubles that each break one rule: it fails naming the rule and the field."""

from __future__ import annotations

import gzip
import json
import re
from typing import TYPE_CHECKING, Any

import pytest
import yaml

from sendcloud_contracts.double import DoubleApp, Reply, Request
from sendcloud_contracts.double.base import API_PREFIX, error_envelope

from ..conftest import forget_live_target

# Whole runs of the suite, judged by what they send and say (`unmeasured` in tests/conftest.py).
pytestmark = pytest.mark.usefixtures("unmeasured")

if TYPE_CHECKING:
    from pathlib import Path

    from sendcloud_contracts.double import DoubleServer

    from ..conftest import SuiteRunner


class RewritingApp(DoubleApp):
    """The double, with its 200 bodies or error envelopes rewritten."""

    def __init__(
        self, integration: dict[str, Any] | None = None, error: dict[str, Any] | None = None
    ) -> None:
        super().__init__()
        self.integration_changes = integration or {}
        self.error_changes = error or {}

    def handle(self, request: Request) -> Reply:
        reply = super().handle(request)
        if reply.status == 200 and self.integration_changes and request.path.startswith("/api/"):
            body = {**json.loads(reply.body), **self.integration_changes}
            return Reply.json(200, body, reply.headers)
        if reply.status >= 400 and self.error_changes:
            payload = json.loads(reply.body)
            payload["error"].update(self.error_changes)
            return Reply.json(reply.status, payload, reply.headers)
        return reply


class IgnoresAuth(DoubleApp):
    def refuses(self, request: Request) -> bool:
        return False


class RefusesWith403(DoubleApp):
    def faithful(self, request: Request) -> Reply:
        reply = super().faithful(request)
        refused = reply.status == 401 and request.path.startswith(API_PREFIX + "/")
        return error_envelope(403, request, "Forbidden.") if refused else reply


@pytest.mark.parametrize(
    ("double_app", "expected"),
    [
        (
            RewritingApp(integration={"last_updated_at": "2020-06-03T13:27:58"}),
            "[[]timestamp[]] last_updated_at:",
        ),
        (RewritingApp(integration={"id": 1}), "[[]requested_integration[]] id: Received: 1 / Documented: *"),
        (RewritingApp(integration={"webhook_url": ""}), '[[]response_schema[]] webhook_url: Received: "" *'),
        (
            RewritingApp(error={"code": 400}),
            "[[]error_envelope[]] error.code: Received: 400 / Documented: 4*",
        ),
        (RewritingApp(error={"request": "/api/v2/integrations"}), "[[]error_envelope[]] error.request:*"),
        (
            IgnoresAuth(),
            "[[]authentication[]] GET /api/v2/integrations/* with no credentials: Received: 200*",
        ),
        (
            RefusesWith403(),
            "[[]authentication[]] GET * with wrong Basic credentials: Received: 403 / Documented: 401*",
        ),
    ],
    ids=["offset-less timestamp", "other integration", "empty url", "code", "request", "auth ignored", "403"],
)
def test_a_double_breaking_one_rule_fails_the_run_naming_it(
    run_suite: SuiteRunner, target_double: DoubleServer, expected: str
) -> None:
    result = run_suite("--disable-recording")
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    result.stdout.fnmatch_lines([f"*{expected}*"])


def test_oauth2_runs_also_probe_with_an_invalid_bearer_token(
    run_suite: SuiteRunner, target_double: DoubleServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SENDCLOUD_AUTH", "oauth2")
    run_suite("--disable-recording").assert_outcomes(passed=7)
    bearers = {request.header("Authorization") for request in target_double.requests}
    assert "Bearer sendcloud-contracts-invalid-token" in bearers


DEVIATION = """
[[deviation]]
rule = "response_schema"
field = "webhook_url"
received = '""'
reason = "the API sends an empty webhook_url"
until = {until}
"""


def deviations_file(tmp_path: Path, until: str) -> Path:
    """A deviations file accepting the empty webhook_url until the given date."""
    path = tmp_path / "deviations.toml"
    path.write_text(DEVIATION.format(until=until))
    return path


@pytest.mark.parametrize(
    "double_app", [RewritingApp(integration={"webhook_url": ""})], ids=["empty webhook_url"]
)
def test_an_accepted_deviation_is_a_warning_not_a_failure(
    run_suite: SuiteRunner, target_double: DoubleServer, tmp_path: Path
) -> None:
    deviations = deviations_file(tmp_path, until="2999-12-31")
    result = run_suite("--disable-recording", f"--deviations={deviations}")
    result.assert_outcomes(passed=7)
    result.stdout.fnmatch_lines(
        ["*accepted deviations (warnings)*", 'response_schema webhook_url = "" (until 2999-12-31*']
    )


@pytest.mark.parametrize(
    "double_app", [RewritingApp(integration={"webhook_url": ""})], ids=["empty webhook_url"]
)
def test_an_expired_deviation_fails_again(
    run_suite: SuiteRunner, target_double: DoubleServer, tmp_path: Path
) -> None:
    deviations = deviations_file(tmp_path, until="2020-01-01")
    result = run_suite("--disable-recording", f"--deviations={deviations}")
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    result.stdout.fnmatch_lines(["*accepted deviations have expired:*", "*webhook_url*until 2020-01-01*"])
    result.stdout.fnmatch_lines(['*[[]response_schema[]] webhook_url: Received: ""*'])


def test_a_deviation_that_no_longer_occurs_is_reported_stale(
    run_suite: SuiteRunner, target_double: DoubleServer, tmp_path: Path
) -> None:
    deviations = deviations_file(tmp_path, until="2999-12-31")
    result = run_suite("--disable-recording", f"--deviations={deviations}")
    result.assert_outcomes(passed=7)
    result.stdout.fnmatch_lines(["*stale deviations (warnings)*", "*webhook_url*not seen in this run*"])


def test_a_malformed_deviations_file_stops_the_run_in_one_line(
    run_suite: SuiteRunner, tmp_path: Path
) -> None:
    deviations = tmp_path / "deviations.toml"
    deviations.write_text(
        '[[deviation]]\nrule = "response_schema"\nfield = "x"\nreason = "r"\nuntil = "soon"\n'
    )
    result = run_suite(f"--deviations={deviations}")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["ERROR: *deviations.toml: deviation #1: until = 'soon' is not a date*"])


def test_the_coverage_report_shows_field_states_and_statuses_and_a_green_run_one_line_of_it(
    run_suite: SuiteRunner, target_double: DoubleServer, tmp_path: Path
) -> None:
    result = run_suite("--disable-recording")
    result.assert_outcomes(passed=7)
    # The detail lives in the coverage report; the terminal and the summary point to it in one line.
    output = result.stdout.str()
    assert "was never" not in output
    coverage_lines = [line for line in result.outlines if line.startswith("contract coverage")]
    report_path = tmp_path / "reports" / "contract-coverage.md"
    assert coverage_lines == [
        f"contract coverage: 8 possible states of documented fields never seen; see {report_path}"
    ]
    summary = (tmp_path / "reports" / "summary.md").read_text()
    assert "was never" not in summary
    assert "## Contract coverage" not in summary
    assert (
        "- Coverage: 8 possible states of documented fields never seen; see contract-coverage.md" in summary
    )
    assert len(summary.splitlines()) <= 18, summary
    report = json.loads((tmp_path / "reports" / "contract-coverage.json").read_text())
    operation = report["GET /integrations/{id}"]
    assert {"200", "404"} <= set(operation["statuses"])
    fields = {row["field"]: row for row in operation["fields"]}
    assert fields["shop_url"]["seen"].keys() == {"null", "value"}
    assert fields["shop_url"]["never_seen"] == ["absent"]
    assert fields["shop_name"]["never_seen"] == [], "a required, non-nullable field has only one state"
    markdown = (tmp_path / "reports" / "contract-coverage.md").read_text()
    # Never absent, null as often as the integration with a null shop_url was asked for.
    nulls = fields["shop_url"]["seen"]["null"]
    assert f"| `shop_url` |  | {nulls} |" in markdown


def _record(run_suite: SuiteRunner, cassettes: Path) -> None:
    # Deselected: the recorded-interaction walk (replay only), the page walks, the sorting checks, the
    # list comparison (no list in the seed) and the comparison with an earlier version (v2 has none).
    run_suite("--record-mode=rewrite", cassette_dir=cassettes).assert_outcomes(passed=7, deselected=7)


def test_replay_checks_every_recorded_interaction(
    run_suite: SuiteRunner, target_double: DoubleServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cassettes = tmp_path / "cassettes"
    _record(run_suite, cassettes)
    path = cassettes / "test_existing_integration[4711].yaml"
    cassette = yaml.safe_load(path.read_text())
    # Break the recorded 200 body and gzip it, as real recordings store bodies.
    response = cassette["interactions"][0]["response"]
    body = json.loads(response["body"]["string"])
    body.update(shop_name=None, last_fetch="yesterday")
    response["body"]["string"] = gzip.compress(json.dumps(body).encode())
    response["headers"]["Content-Encoding"] = ["gzip"]
    path.write_text(yaml.safe_dump(cassette))
    forget_live_target(monkeypatch)

    result = run_suite(cassette_dir=cassettes)
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    result.stdout.fnmatch_lines(
        [
            "*test_existing_integration[[]4711[]].yaml#0 GET /api/v2/integrations/4711 (status 200)*",
            "*[[]response_schema[]] shop_name: Received: null / Documented: *",
            '*[[]timestamp[]] last_fetch: Received: "yesterday" / Documented: RFC 3339*',
        ]
    )
    failed = [line for line in result.outlines if line.startswith("FAILED")]
    recorded_failures = [line for line in failed if "test_recorded_response" in line]
    assert len(recorded_failures) == 1, "one failure per broken interaction"
    summary = (tmp_path / "reports" / "summary.md").read_text()
    # The recorded answer and its replay show the same failure: one row, two answers.
    (row,) = [line for line in summary.splitlines() if line.startswith("| timestamp |")]
    assert "| GET /api/v2/integrations/4711 | last_fetch |" in row
    assert row.split(" | ")[5] == "2", row
    assert "test_recorded_response" not in summary, "a recorded violation is a row, not also another failure"
    # A failure only the walk over the recordings sees (one recorded from the real API) can be asked
    # again, at the URL it was recorded from, with the keys of the shell that runs the command.
    walk = run_suite("-k", "test_recorded_response", cassette_dir=cassettes)
    assert walk.ret == pytest.ExitCode.TESTS_FAILED
    walked = (tmp_path / "reports" / "summary.md").read_text()
    (row,) = [line for line in walked.splitlines() if line.startswith("| timestamp |")]
    assert "test_existing_integration[4711].yaml#0 GET /api/v2/integrations/4711" in row
    keys = '-u "$SENDCLOUD_PUBLIC_KEY:$SENDCLOUD_SECRET_KEY"'
    assert f"`curl -X GET {keys} {target_double.base_url}/integrations/4711`" in row


class AnswersTeapotForUnknownIds(DoubleApp):
    """A 418 for valid ids the account does not have (a 4xx to an invalid id would be hygiene)."""

    def handle(self, request: Request) -> Reply:
        reply = super().handle(request)
        last = request.path.rstrip("/").rsplit("/", 1)[-1]
        valid_id = last.isdigit() and int(last) >= 1
        return Reply.json(418, {"error": {"code": 418}}) if reply.status == 404 and valid_id else reply


@pytest.mark.parametrize(
    "double_app", [RewritingApp(integration={"shop_name": None})], ids=["null shop_name"]
)
def test_every_run_leaves_junit_and_a_summary_with_the_verdict_first(
    run_suite: SuiteRunner, target_double: DoubleServer, tmp_path: Path
) -> None:
    run_suite("--disable-recording")
    reports = tmp_path / "reports"
    assert "test_existing_integration" in (reports / "junit.xml").read_text()
    summary = (reports / "summary.md").read_text().splitlines()
    assert summary[0].startswith("# Sendcloud contract: FAIL: the API broke its contract")
    assert re.search(
        r"\| response_schema \| GET /api/v2/integrations/\d+ \| shop_name \| null \|", "\n".join(summary)
    )
    assert any(
        line.startswith("- Coverage: ") and line.endswith("; see contract-coverage.md") for line in summary
    )


@pytest.mark.parametrize("double_app", [AnswersTeapotForUnknownIds()], ids=["418"])
def test_the_summary_lists_schemathesis_own_failures_too(
    run_suite: SuiteRunner, target_double: DoubleServer, tmp_path: Path
) -> None:
    run_suite("--disable-recording")
    summary = (tmp_path / "reports" / "summary.md").read_text()
    assert "## Failures no contract rule describes" in summary
    assert "ST103 Undocumented status code" in summary
