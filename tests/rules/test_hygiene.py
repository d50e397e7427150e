"""Hygiene findings warn, in every report, and fail the run only with --strict-hygiene."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING
from xml.etree import ElementTree

import pytest

from sendcloud_contracts.double import DoubleApp, Reply

if TYPE_CHECKING:
    from pathlib import Path

    from sendcloud_contracts.double import DoubleServer, Request

    from ..conftest import SuiteRunner

LIVE = ("--disable-recording", "--tb=short")
UNDOCUMENTED_PUT = "Undocumented methods advertised: PUT"


def test_the_real_apis_allow_and_options_are_warnings(
    run_suite: SuiteRunner, target_double: DoubleServer, tmp_path: Path
) -> None:
    result = run_suite(*LIVE)
    output = "\n".join(result.outlines)
    assert result.ret == pytest.ExitCode.OK, output[-3000:]
    assert "hygiene (warnings)" in output
    assert (
        "[allow_header_conformance] OPTIONS /api/v2/integrations/123: `Allow: GET, PUT, HEAD, OPTIONS`"
        in output
    )
    assert "[unsupported_method] OPTIONS /api/v2/integrations/123: OPTIONS answered 200" in output
    summary = (tmp_path / "reports" / "summary.md").read_text()
    assert summary.startswith("# Sendcloud contract: PASS")
    assert "## Warnings" in summary
    assert UNDOCUMENTED_PUT in summary
    junit = ElementTree.parse(tmp_path / "reports" / "junit.xml")
    warnings = [
        item.get("value", "") for item in junit.iter("property") if item.get("name") == "hygiene_warning"
    ]
    assert any(UNDOCUMENTED_PUT in warning for warning in warnings), warnings


def test_strict_hygiene_fails_the_run(
    run_suite: SuiteRunner, target_double: DoubleServer, tmp_path: Path
) -> None:
    result = run_suite(*LIVE, "--strict-hygiene")
    output = "\n".join(result.outlines)
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    assert "ST205 Allow header mismatch" in output
    assert "hygiene (failing: --strict-hygiene)" in output
    summary = (tmp_path / "reports" / "summary.md").read_text()
    # Hygiene failing on purpose is not "the API broke its contract".
    assert summary.startswith(
        "# Sendcloud contract: FAIL: 2 hygiene findings, failing because of --strict-hygiene\n"
    )
    assert "Other failing tests" not in summary


@dataclass
class ServerErrorOnTrace(DoubleApp):
    """Answers TRACE, which nobody documented, with a 500."""

    def handle(self, request: Request) -> Reply:
        if request.method == "TRACE":
            return Reply(500, {"Content-Type": "text/html"}, b"<h1>Server Error (500)</h1>")
        return super().handle(request)


@pytest.mark.parametrize("double_app", [ServerErrorOnTrace()], ids=["trace-500"])
def test_a_server_error_for_an_undocumented_method_is_hygiene(
    run_suite: SuiteRunner, target_double: DoubleServer
) -> None:
    result = run_suite(*LIVE)
    output = "\n".join(result.outlines)
    assert result.ret == pytest.ExitCode.OK, output[-3000:]
    assert "[not_a_server_error] TRACE /api/v2/integrations/123: Server error" in output
    assert run_suite(*LIVE, "--strict-hygiene").ret == pytest.ExitCode.TESTS_FAILED


@dataclass
class BadRequestForMalformedIds(DoubleApp):
    """Answers an id that is not a number with 400 in the envelope, a status the document never names."""

    def handle(self, request: Request) -> Reply:
        raw_id = request.path.rstrip("/").rsplit("/", 1)[-1]
        if (
            request.method == "GET"
            and request.path.startswith("/api/v2/integrations/")
            and not raw_id.isdigit()
        ):
            envelope = {"error": {"code": 400, "request": request.path.lstrip("/"), "message": "Bad id."}}
            return Reply.json(400, envelope)
        return super().handle(request)


@pytest.mark.parametrize("double_app", [BadRequestForMalformedIds()], ids=["400-for-malformed-ids"])
def test_schemathesis_findings_are_wrapped_like_the_suites_own(
    run_suite: SuiteRunner, target_double: DoubleServer, tmp_path: Path
) -> None:
    result = run_suite(*LIVE)
    lines = result.outlines
    assert result.ret == pytest.ExitCode.OK, "\n".join(lines)[-3000:]
    start = next(index for index, line in enumerate(lines) if line.startswith("[status_code_conformance] "))
    # The headline names the check, the request and what was received; each further part of
    # schemathesis' message is a line of its own, indented, as a failure's reproduction is.
    assert lines[start].endswith(": Received: 400"), lines[start]
    assert lines[start + 1] == "    Documented: 200, 404"
    assert lines[start + 2] == (
        "    (the request's path is invalid on purpose and the document promises no answer to it)"
    )
    summary = (tmp_path / "reports" / "summary.md").read_text()
    assert "\n  - Documented: 200, 404\n" in summary
