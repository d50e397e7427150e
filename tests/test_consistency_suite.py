"""The list compared with each known integration: live, recorded, replayed, and left out with the seed."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from sendcloud_contracts.double import DoubleApp, Reply
from sendcloud_contracts.double.catalogue.faults import playing
from sendcloud_contracts.double.catalogue.listing_faults import STALE_SHOP_NAME
from sendcloud_contracts.pytest_plugin.consistency import LEFT_OUT, TEST_NAME

from .conftest import ROOT, forget_live_target

if TYPE_CHECKING:
    from pathlib import Path

    from sendcloud_contracts.double import DoubleServer, Request

    from .conftest import SuiteRunner

# Whole runs of the suite, judged by what they send and say (unmeasured).
pytestmark = pytest.mark.usefixtures("unmeasured")


COMPLETE = f"--contract-spec={ROOT / 'spec' / 'sendcloud-v2-integrations-openapi.yml'}"
DISAGREEMENT = (
    f'[consistency] 2.shop_name: Received: "{STALE_SHOP_NAME}" / Documented: "Kaffeerösterei Müller", '
    "as GET /api/v2/integrations/4711 answers"
)


def list_requests(double: DoubleServer) -> int:
    return sum(
        request.path == "/api/v2/integrations" and request.method == "GET" for request in double.requests
    )


def _server_error(request: Request) -> Reply:
    """A 500 in the v2 envelope, which no rule of the list or the item objects to."""
    return Reply.json(500, {"error": {"code": 500, "request": request.path[1:], "message": "Oops"}})


class FirstAnswerFails(DoubleApp):
    """Answers the first GET of integration 4711 (the preflight's) with a 500, then behaves."""

    def handle(self, request: Request) -> Reply:
        if request.path == "/api/v2/integrations/4711" and not getattr(self, "failed", False):
            self.failed = True
            return _server_error(request)
        return super().handle(request)


@pytest.mark.parametrize("double_app", [FirstAnswerFails()])
def test_an_id_whose_preflight_answer_was_no_integration_is_asked_again(
    run_suite: SuiteRunner, target_double: DoubleServer
) -> None:
    result = run_suite("--disable-recording", COMPLETE, "-k", TEST_NAME)
    assert result.ret == pytest.ExitCode.OK, result.stdout.str()
    asked = [request.path for request in target_double.requests if request.method == "GET"]
    assert asked.count("/api/v2/integrations/4711") == 2
    assert asked.count("/api/v2/integrations/123") == 1


class ListFails(DoubleApp):
    """Answers the list with a 500 in the v2 envelope, which no other rule of the list objects to."""

    def handle(self, request: Request) -> Reply:
        if request.path == "/api/v2/integrations":
            return _server_error(request)
        return super().handle(request)


@pytest.mark.parametrize("double_app", [ListFails()])
def test_a_list_that_cannot_be_compared_fails_rather_than_passing_silently(
    run_suite: SuiteRunner, target_double: DoubleServer
) -> None:
    result = run_suite("--disable-recording", COMPLETE, "-k", TEST_NAME)
    assert result.ret == pytest.ExitCode.TESTS_FAILED, result.stdout.str()
    assert (
        '[consistency] GET /api/v2/integrations: Received: 500 {"error":{"code":500,' in result.stdout.str()
    )
    assert "Documented: 200 with the list of integrations, to compare each known integration with" in (
        result.stdout.str()
    )


def test_a_live_run_compares_the_list_once(run_suite: SuiteRunner, target_double: DoubleServer) -> None:
    before = run_suite("--disable-recording", COMPLETE, "-k", "not list_agrees")
    assert before.ret == pytest.ExitCode.OK, before.stdout.str()
    generated = list_requests(target_double)
    result = run_suite("--disable-recording", COMPLETE, "-vv")
    assert result.ret == pytest.ExitCode.OK, result.stdout.str()
    result.stdout.fnmatch_lines([f"*{TEST_NAME} PASSED*"])
    # One list request of its own; the items are the preflight's answers.
    assert list_requests(target_double) == 2 * generated + 1
    assert LEFT_OUT not in result.stdout.str()


@pytest.mark.parametrize("double_app", [playing("list-disagrees-with-item")])
def test_a_disagreement_reads_like_every_failure_with_a_reproduction(
    run_suite: SuiteRunner, target_double: DoubleServer
) -> None:
    result = run_suite("--disable-recording", COMPLETE, "-k", TEST_NAME)
    output = result.stdout.str()
    assert result.ret == pytest.ExitCode.TESTS_FAILED, output
    assert DISAGREEMENT in output
    assert "GET /api/v2/integrations compared with GET /integrations/{id} of each known id:" in output
    assert f"{target_double.base_url}/integrations\n" in output.replace("'", ""), output


def test_a_recording_replays_the_comparison_offline(
    run_suite: SuiteRunner,
    target_double: DoubleServer,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    cassettes = tmp_path / "scratch-cassettes"
    recorded = run_suite("--record-mode=rewrite", COMPLETE, cassette_dir=cassettes)
    assert recorded.ret == pytest.ExitCode.OK, recorded.stdout.str()
    assert (cassettes / f"{TEST_NAME}.yaml").is_file()
    sent = len(target_double.requests)
    forget_live_target(monkeypatch)
    replayed = run_suite(COMPLETE, "-vv", "-k", TEST_NAME, cassette_dir=cassettes)
    assert replayed.ret == pytest.ExitCode.OK, replayed.stdout.str()
    replayed.stdout.fnmatch_lines([f"*{TEST_NAME} PASSED*"])
    assert len(target_double.requests) == sent, "replay must not reach the network"


@pytest.mark.parametrize("double_app", [playing("list-disagrees-with-item")])
def test_a_recorded_disagreement_fails_in_replay_too(
    run_suite: SuiteRunner,
    target_double: DoubleServer,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    cassettes = tmp_path / "scratch-cassettes"
    recorded = run_suite("--record-mode=rewrite", COMPLETE, "-k", TEST_NAME, cassette_dir=cassettes)
    assert recorded.ret == pytest.ExitCode.TESTS_FAILED, recorded.stdout.str()
    forget_live_target(monkeypatch)
    replayed = run_suite(COMPLETE, "-k", TEST_NAME, cassette_dir=cassettes)
    assert replayed.ret == pytest.ExitCode.TESTS_FAILED, replayed.stdout.str()
    assert DISAGREEMENT in replayed.stdout.str()


def test_the_seed_leaves_the_comparison_out_and_says_so(
    run_suite: SuiteRunner, target_double: DoubleServer
) -> None:
    result = run_suite("--disable-recording", "-v")
    assert result.ret == pytest.ExitCode.OK, result.stdout.str()
    assert LEFT_OUT in result.stdout.str()
    assert TEST_NAME not in result.stdout.str().replace(LEFT_OUT, "")
    assert list_requests(target_double) == 0
    result.assert_outcomes(passed=7, deselected=7)
