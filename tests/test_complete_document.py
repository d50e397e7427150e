"""The complete Integrations API v2 document: every safe operation reached, no write ever sent."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sendcloud_contracts.double.app import API_PREFIX

from .conftest import ROOT

if TYPE_CHECKING:
    from sendcloud_contracts.double import DoubleServer

    from .conftest import SuiteRunner

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
