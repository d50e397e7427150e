"""The page walks in a run: which lists, how far, live and recorded, and left out on the seed document."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from sendcloud_contracts.double import DoubleApp, Reply
from sendcloud_contracts.errors import ConfigurationError
from sendcloud_contracts.pytest_plugin.budget import (
    DEFAULT_MAX_PAGES,
    MAX_PAGES_VARIABLE,
    max_pages_from_environment,
)
from sendcloud_contracts.pytest_plugin.page_walk import header, lists_to_filter, lists_to_walk
from sendcloud_contracts.spec import load_spec

from ..conftest import ROOT, SEED_SPEC, forget_live_target
from .test_bad_input import assert_one_line_stop

if TYPE_CHECKING:
    from pathlib import Path

    from sendcloud_contracts.double import DoubleServer, Request

    from ..conftest import SuiteRunner

COMPLETE = ROOT / "spec" / "sendcloud-v2-integrations-openapi.yml"
WALK_TEST = "test_lists.py::test_following_next_ends"
FILTER_TEST = "test_lists.py::test_filters_are_honoured"


def test_the_default_and_a_chosen_number_of_pages() -> None:
    assert max_pages_from_environment({}) == DEFAULT_MAX_PAGES == 5
    assert max_pages_from_environment({MAX_PAGES_VARIABLE: " 2 "}) == 2


@pytest.mark.parametrize("raw", ["1", "0", "-3", "2.5", "all", "٣"])
def test_a_bound_that_is_not_a_whole_number_of_at_least_two_is_refused(raw: str) -> None:
    with pytest.raises(
        ConfigurationError, match=f"{MAX_PAGES_VARIABLE}=.* expected a whole number of at least 2"
    ):
        max_pages_from_environment({MAX_PAGES_VARIABLE: raw})


def test_every_paginated_list_is_walked_per_known_id_and_filtered_on_the_first() -> None:
    spec = load_spec(COMPLETE)
    walked = lists_to_walk(spec, (5, 4711), 3)
    assert [item.test_id for item in walked] == [
        "integrations-5-shipments",
        "integrations-4711-shipments",
        "integrations-logs",
        "integrations-5-logs",
        "integrations-4711-logs",
    ]
    assert {item.max_pages for item in walked} == {3}
    assert walked[0].url("https://panel.sendcloud.sc/api/v2/") == (
        "https://panel.sendcloud.sc/api/v2/integrations/5/shipments"
    )
    assert walked[0].label == "GET /integrations/{id}/shipments"
    assert walked[2].path_parameters == {}
    assert "external_order_ids" in walked[0].parameters
    [filtered] = lists_to_filter(spec, (5, 4711), 3)
    assert filtered.test_id == "integrations-5-shipments"
    assert lists_to_filter(spec, (), 3) == []


def test_the_header_says_how_far_walks_go_or_that_there_are_none() -> None:
    [walks] = header(load_spec(COMPLETE), 4)
    assert "followed up to 4 pages each (SENDCLOUD_MAX_PAGES)" in walks
    [none] = header(load_spec(SEED_SPEC), 4)
    assert "no paginated list (x-sendcloud-paginated) in this document" in none
    assert "contracts/test_lists.py are deselected" in none


def test_the_seed_document_deselects_the_walks_and_says_so(
    run_suite: SuiteRunner, target_double: DoubleServer
) -> None:
    result = run_suite("--disable-recording", "-v")
    assert result.ret == pytest.ExitCode.OK, result.stdout.str()
    result.assert_outcomes(passed=7, deselected=7)
    result.stdout.fnmatch_lines(
        ["sendcloud-contracts: no paginated list (x-sendcloud-paginated) in this document*"]
    )
    assert "test_lists.py" not in "".join(line for line in result.outlines if "PASSED" in line)


def test_a_live_walk_notes_the_list_it_stopped_at_the_bound(
    run_suite: SuiteRunner, target_double: DoubleServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SENDCLOUD_MAX_EXAMPLES", "1")
    result = run_suite("--disable-recording", f"--contract-spec={COMPLETE}", "-k", "test_lists")
    assert result.ret == pytest.ExitCode.OK, result.stdout.str()
    # Four known ids: shipments and logs each, the logs of all, and the filters on the first id.
    result.assert_outcomes(passed=10)
    result.stdout.fnmatch_lines(
        [
            "*= page walks =*",
            "GET /integrations/logs (/api/v2/integrations/logs): stopped after 5 pages with next still set*",
        ]
    )
    asked = [request for request in target_double.requests if "/shipments" in request.path]
    assert any("start_date=2022-11-05&end_date=2022-11-05" in request.query for request in asked)
    assert any("external_shipment_ids=shipment-5-5" in request.query for request in asked)


def test_a_bad_bound_stops_the_run_before_any_request(
    run_suite: SuiteRunner, target_double: DoubleServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(MAX_PAGES_VARIABLE, "1")
    assert_one_line_stop(
        run_suite("--disable-recording", f"--contract-spec={COMPLETE}"), "ERROR:", MAX_PAGES_VARIABLE
    )
    assert not target_double.requests


def test_walks_recorded_then_replayed_offline(
    run_suite: SuiteRunner, target_double: DoubleServer, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("SENDCLOUD_MAX_EXAMPLES", "1")
    folder = tmp_path / "walk-cassettes"
    selection = ("-k", "test_lists", f"--contract-spec={COMPLETE}")
    recorded = run_suite("--record-mode=rewrite", *selection, cassette_dir=folder)
    assert recorded.ret == pytest.ExitCode.OK, recorded.stdout.str()
    sent = len(target_double.requests)
    assert any(path.name.startswith("test_following_next_ends") for path in folder.rglob("*.yaml"))
    forget_live_target(monkeypatch)
    replayed = run_suite(*selection, cassette_dir=folder)
    assert replayed.ret == pytest.ExitCode.OK, replayed.stdout.str()
    replayed.assert_outcomes(passed=10)
    assert len(target_double.requests) == sent, "replay must not reach the network"


class LaterPagesFail(DoubleApp):
    """Shipments answer their first page, and a 500 to every page a cursor names."""

    def handle(self, request: Request) -> Reply:
        if request.path.endswith("/shipments") and "cursor=" in request.query:
            envelope = {"code": 500, "request": request.path.lstrip("/"), "message": "Server error."}
            return Reply.json(500, {"error": envelope})
        return super().handle(request)


@pytest.mark.parametrize("double_app", [LaterPagesFail()], ids=["later-pages-fail"])
def test_a_next_that_leads_to_no_page_fails_the_walk(
    run_suite: SuiteRunner, target_double: DoubleServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SENDCLOUD_MAX_EXAMPLES", "1")
    result = run_suite(
        "--disable-recording", f"--contract-spec={COMPLETE}", "-k", "test_following_next_ends and shipments"
    )
    assert result.ret == pytest.ExitCode.TESTS_FAILED, result.stdout.str()
    result.stdout.fnmatch_lines(
        [
            "following next from /api/v2/integrations/5/shipments:",
            "[[]pagination[]] page 2: Received: 500 / Documented: 200 with the page the previous page's *",
            "Reproduce with:",
            "*curl -X GET -u *integrations/5/shipments?cursor=*",
        ]
    )
