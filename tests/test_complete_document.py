"""The complete Integrations API v2 document: every safe operation reached, no write ever sent."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import pytest

from sendcloud_contracts.double.base import API_PREFIX

from .conftest import ROOT

if TYPE_CHECKING:
    from pathlib import Path

    from sendcloud_contracts.double import DoubleServer

    from .conftest import SuiteRunner

# Whole runs of the complete document, judged by what they send and say (unmeasured).
pytestmark = pytest.mark.usefixtures("unmeasured")


COMPLETE = ROOT / "spec" / "sendcloud-v2-integrations-openapi.yml"
SAFE_PROBES = {"GET", "HEAD", "OPTIONS", "TRACE", "QUERY"}


def test_a_live_run_reaches_every_safe_operation_and_sends_no_write(
    run_suite: SuiteRunner, target_double: DoubleServer
) -> None:
    # `-v` undoes the runner's `-q`, so that pytest prints the run header. A process of its own, as
    # a user's run: the seed's requests are then the same whichever tests ran before.
    result = run_suite("--disable-recording", f"--contract-spec={COMPLETE}", "-v", fresh_process=True)
    output = result.stdout.str()
    assert result.ret == 0, output
    assert {request.method for request in target_double.requests} <= SAFE_PROBES
    reached = {
        request.path.removeprefix(API_PREFIX) for request in target_double.requests if request.method == "GET"
    }
    for path in ("/integrations", "/integrations/logs", "/integrations/4711"):
        assert path in reached
    for suffix in ("shipments", "logs"):
        assert any(path.startswith("/integrations/") and path.endswith(f"/{suffix}") for path in reached)
    assert (
        "never sent, as they change or delete data on a real account: PUT /integrations/{id}, "
        "DELETE /integrations/{id}, PATCH /integrations/{id}, POST /integrations/{id}/shipments"
    ) in output
    assert len(target_double.requests) < 300


def test_the_seed_document_leaves_nothing_out(run_suite: SuiteRunner, target_double: DoubleServer) -> None:
    result = run_suite("--disable-recording", "-v")
    assert result.ret == 0, result.stdout.str()
    assert "never sent" not in result.stdout.str()


def test_a_400_to_an_invalid_filter_is_a_warning_not_a_broken_contract(
    run_suite: SuiteRunner, target_double: DoubleServer, tmp_path: Path
) -> None:
    # Seed 1 sends `GET /integrations/{id}/shipments` with invalid filter values, which the double,
    # like Django REST framework, refuses with a 400 the document does not list.
    seed_1 = ("--disable-recording", f"--contract-spec={COMPLETE}", "--hypothesis-seed=1")
    result = run_suite(*seed_1, fresh_process=True)
    output = result.stdout.str()
    assert result.ret == 0, output[-3000:]
    assert "hygiene (warnings)" in output
    warning = re.search(
        r"\[status_code_conformance\] GET /api/v2/integrations/\d+/shipments: Received: 400\n"
        r"    Documented: 200, 404\n    \(the request's query is invalid on purpose",
        output,
    )
    assert warning, output[-3000:]
    summary = (tmp_path / "reports" / "summary.md").read_text()
    assert summary.startswith("# Sendcloud contract: PASS")
    assert ": Received: 400\n  - Documented: 200, 404\n" in summary.split("## Warnings", 1)[1]
