"""The preflight: a 404 for a known id is a setup mistake (exit 4), named in one line.

Each exit code of a run, shown against the double: 0 valid, 1 a broken contract for a known id,
4 a setup mistake, 75 an unreachable token endpoint.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import pytest

from sendcloud_contracts.double import DoubleApp, Reply
from sendcloud_contracts.double.catalogue.variant import asked_id
from sendcloud_contracts.exitcodes import BAD_INPUT, INFRASTRUCTURE

# Whole runs of the suite, judged by what they send and say (`unmeasured` in tests/conftest.py).
pytestmark = pytest.mark.usefixtures("unmeasured")

if TYPE_CHECKING:
    from pathlib import Path

    from sendcloud_contracts.double import DoubleServer, Request

    from ..conftest import SuiteRunner

LIVE = ("--disable-recording", "--tb=short")


def _output(result: pytest.RunResult) -> str:
    return "\n".join(result.outlines + result.errlines)


def test_known_ids_that_answer_pass(run_suite: SuiteRunner, target_double: DoubleServer) -> None:
    result = run_suite(*LIVE)
    assert result.ret == pytest.ExitCode.OK, _output(result)[-3000:]
    asked = [request.path for request in target_double.requests[:4]]
    assert asked == [f"/api/v2/integrations/{key}" for key in (5, 123, 4711, 90210)], "preflight comes first"


def test_an_id_missing_from_the_account_is_a_setup_mistake(
    run_suite: SuiteRunner, target_double: DoubleServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SENDCLOUD_INTEGRATION_IDS", "123,999")
    result = run_suite(*LIVE)
    output = _output(result)
    assert result.ret == BAD_INPUT, output[-3000:]
    assert "integration 999 is not in this account. Remove it from SENDCLOUD_INTEGRATION_IDS" in output
    assert "Traceback" not in output
    assert len(target_double.requests) == 2, "nothing runs after the preflight"


def test_a_base_url_without_the_api_path_is_a_setup_mistake(
    run_suite: SuiteRunner, target_double: DoubleServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SENDCLOUD_BASE_URL", target_double.origin)
    result = run_suite(*LIVE)
    output = _output(result)
    assert result.ret == BAD_INPUT, output[-3000:]
    assert (
        f"SENDCLOUD_BASE_URL={target_double.origin} does not lead to the API; it usually ends in /api/v2"
        in output
    )
    assert "text/html" in output


@dataclass
class ServerErrorFor(DoubleApp):
    """Answers 500 in the envelope for one known id, from the first request on."""

    failing_id: str = "4711"

    def handle(self, request: Request) -> Reply:
        if request.method == "GET" and asked_id(request) == self.failing_id:
            payload = {"error": {"code": 500, "request": request.path.lstrip("/"), "message": "Error."}}
            return Reply.json(500, payload)
        return super().handle(request)


@pytest.mark.parametrize("double_app", [ServerErrorFor()], ids=["500"])
def test_any_other_answer_to_the_preflight_is_judged_by_the_contract(
    run_suite: SuiteRunner, target_double: DoubleServer
) -> None:
    result = run_suite(*LIVE)
    output = _output(result)
    assert result.ret == pytest.ExitCode.TESTS_FAILED, output[-3000:]
    assert "Received: 500" in output


@dataclass
class FailingOnce(DoubleApp):
    """Answers 500 to the first GET of integration 4711 only: the preflight's."""

    failed: bool = False

    def handle(self, request: Request) -> Reply:
        if request.method == "GET" and asked_id(request) == "4711" and not self.failed:
            self.failed = True
            return Reply(500, {"Content-Type": "text/html"}, b"<h1>Server Error (500)</h1>")
        return super().handle(request)


@pytest.mark.parametrize("double_app", [FailingOnce()], ids=["500-once"])
def test_an_error_only_the_preflight_saw_breaks_the_contract(
    run_suite: SuiteRunner, target_double: DoubleServer
) -> None:
    result = run_suite(*LIVE)
    output = _output(result)
    assert result.ret == pytest.ExitCode.TESTS_FAILED, output[-3000:]
    assert "the preflight's answer to GET /api/v2/integrations/4711:" in output
    assert "[status_code] (status): Received: 500 / Documented: 200 or 404" in output
    result.assert_outcomes(passed=6, failed=1)


@dataclass
class LosingIntegration(DoubleApp):
    """Forgets integration 4711 once the preflight asked for every id."""

    answered: int = 0

    def handle(self, request: Request) -> Reply:
        reply = super().handle(request)
        if asked_id(request) and reply.status == 200 and request.method == "GET":
            self.answered += 1
            if self.answered == len(self.integrations):
                self.integrations.pop(4711, None)
        return reply


@pytest.mark.parametrize("double_app", [LosingIntegration()], ids=["lost"])
def test_a_known_id_lost_mid_run_breaks_the_contract(
    run_suite: SuiteRunner, target_double: DoubleServer
) -> None:
    result = run_suite(*LIVE)
    output = _output(result)
    assert result.ret == pytest.ExitCode.TESTS_FAILED, output[-3000:]
    assert (
        "[known_integration] id: Received: 404 / Documented: 200: the preflight found integration 4711"
        in output
    )
    assert "The API lost an existing integration mid-run" in output


def test_an_unreachable_token_endpoint_names_its_own_setting(
    run_suite: SuiteRunner, target_double: DoubleServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SENDCLOUD_AUTH", "oauth2")
    monkeypatch.setenv("SENDCLOUD_TOKEN_URL", "http://127.0.0.1:9/oauth2/token/")
    result = run_suite(*LIVE)
    output = _output(result)
    assert result.ret == INFRASTRUCTURE, output[-3000:]
    assert "Check that SENDCLOUD_TOKEN_URL names a server that is up" in output
    assert "SENDCLOUD_BASE_URL" not in output


def test_re_recording_with_fewer_ids_drops_the_old_answers(
    run_suite: SuiteRunner, target_double: DoubleServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    run_suite("--record-mode=rewrite")
    monkeypatch.setenv("SENDCLOUD_INTEGRATION_IDS", "123")
    assert run_suite("--record-mode=rewrite").ret == pytest.ExitCode.OK
    recorded = (tmp_path / "cassettes" / "preflight.yaml").read_text()
    assert recorded.count("uri:") == 1
    assert "/integrations/123" in recorded
