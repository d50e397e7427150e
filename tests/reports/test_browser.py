"""The pages as a person opens them, in headless Chromium: the verdict, the finding, its curl; nothing loaded.

One start of the browser per page: a replay with a failing recording (its second night: still
failing), the replay after the fix (fixed), and a run that stopped early.
"""

from __future__ import annotations

import shutil
from typing import TYPE_CHECKING

import pytest

from sendcloud_contracts.reports.run_page import write_run_page

from ..conftest import ROOT
from . import samples
from .browser import chromium, page_requests, show

if TYPE_CHECKING:
    from pathlib import Path

    from ..conftest import SuiteRunner

SHIPPED = ROOT / "cassettes-seed"
CURL = 'curl -X GET -u "$SENDCLOUD_PUBLIC_KEY:$SENDCLOUD_SECRET_KEY" http://127.0.0.1:8080/api/v2/integrations/4711'


def without_system(folder: Path) -> Path:
    """The shipped recordings, with `system` gone from the one answer for integration 4711."""
    broken = folder / "broken-cassettes"
    shutil.copytree(SHIPPED, broken)
    cassette = broken / "test_existing_integration[4711].yaml"
    text = cassette.read_text(encoding="utf-8")
    assert text.count('\\"system\\":\\"api\\",') == 1
    cassette.write_text(text.replace('\\"system\\":\\"api\\",', ""), encoding="utf-8")
    return broken


def test_a_failing_recording_reads_still_failing_the_second_night_and_fixed_after(
    run_suite: SuiteRunner, tmp_path: Path
) -> None:
    chromium()
    broken = without_system(tmp_path)
    page = tmp_path / "reports" / "report.html"
    for _night in range(2):
        assert run_suite(cassette_dir=broken).ret == pytest.ExitCode.TESTS_FAILED
    red_page = tmp_path / "red.html"
    shutil.copy(page, red_page)
    red = show(red_page, tmp_path / "red")
    assert run_suite(cassette_dir=SHIPPED).ret == pytest.ExitCode.OK
    green = show(page, tmp_path / "green")

    assert red.text.startswith("Sendcloud contract: FAIL: the API broke its contract (1 failure)")
    for seen in ("0 new, 1 still failing, 0 fixed", "still failing [response_schema]", "system", CURL):
        assert seen in red.text, seen
    assert green.text.startswith("Sendcloud contract: PASS: the API keeps its documented contract")
    assert (
        "0 new, 0 still failing, 1 fixed. fixed [response_schema] GET /integrations/{id} system" in green.text
    )
    assert red.requests == green.requests == []


def test_a_stopped_run_opens_with_why_it_stopped(tmp_path: Path) -> None:
    chromium()
    page = write_run_page(
        tmp_path / "live", samples.stopped(), None, history_key=samples.KEY, secrets=samples.secrets()
    )
    shown = show(page, tmp_path / "browser")
    assert shown.text.startswith("Sendcloud contract: STOPPED (exit 75): the run ended early")
    assert "Why: infrastructure error: GET https://panel.sendcloud.sc/api/v2/integrations/4711" in shown.text
    assert shown.requests == []


def test_the_requests_a_page_made_are_told_from_the_browsers_own() -> None:
    netlog = {
        "constants": {"logEventTypes": {"URL_REQUEST_START_JOB": 1, "REQUEST_ALIVE": 2}},
        "events": [
            {"type": 1, "params": {"initiator": "not an origin", "url": "https://update.googleapis.com/x"}},
            {"type": 1, "params": {"initiator": "null", "url": "https://example.com/a.png"}},
            {"type": 2, "params": {"url": "https://example.com/b.png"}},
            {"type": 1, "params": {"net_error": -105}},
        ],
    }
    assert page_requests(netlog) == ["https://example.com/a.png"]
