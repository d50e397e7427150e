"""The pre-release table and the drift report as pages: the verdict first, written from their own data."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sendcloud_contracts.drift.changes import Change
from sendcloud_contracts.exitcodes import INFRASTRUCTURE
from sendcloud_contracts.reports import prerelease
from sendcloud_contracts.reports.drift import write_drift_reports
from sendcloud_contracts.reports.outcome import Outcome
from sendcloud_contracts.reports.prerelease import Row

from .test_run_page import external_references, outline

if TYPE_CHECKING:
    from pathlib import Path


def test_the_prerelease_page_links_each_account_that_left_a_page(tmp_path: Path) -> None:
    (tmp_path / "eu-shop").mkdir()
    (tmp_path / "eu-shop" / "report.html").write_text("<!DOCTYPE html>")
    rows = [
        Row("eu-shop", Outcome.passed(), 0, 270, 28.4, "details: eu-shop/summary.md"),
        Row(
            "us-shop",
            Outcome.stopped("SENDCLOUD_US_PUBLIC_KEY is not set"),
            note="SENDCLOUD_US_PUBLIC_KEY is not set",
        ),
    ]
    prerelease.finished(tmp_path, ["eu-shop", "us-shop"], rows, accounts=2)
    html = (tmp_path / "report.html").read_text()
    assert (
        "".join(outline(html).headings)
        == "Pre-release verification: ERROR: a setup mistake stopped 1 of 2 runs (exit 4)"
    )
    assert "2 accounts (2 runs); each run links to its own report." in html
    assert '<a href="eu-shop/report.html">eu-shop</a>' in html
    assert '<td class="num">0</td>' in html
    assert '<td class="num">stopped</td>' in html
    assert "<td>us-shop</td>" in html
    assert "SENDCLOUD_US_PUBLIC_KEY is not set" in html
    assert external_references(html) == []


def _drift_page(folder: Path, changes: list[Change], compared: list[str], outcome: Outcome) -> str:
    write_drift_reports(folder, outcome, "# API drift\n", changes, "cassettes", "new", compared)
    return (folder / "report.html").read_text()


def test_the_drift_page_without_changes_says_so_and_lists_what_it_compared(tmp_path: Path) -> None:
    html = _drift_page(tmp_path, [], ["GET /integrations/{id}"], Outcome.passed())
    assert "".join(outline(html).headings) == "API drift: no drift"
    assert '<li class="mono">GET /integrations/{id}</li>' in html


def test_the_drift_page_groups_changes_by_operation(tmp_path: Path) -> None:
    changes = [
        Change("GET /integrations/{id}", 200, "field removed", "system", "string"),
        Change("GET /integrations/{id}", 404, "header appeared", "Retry-After"),
        Change("GET /integrations", 200, "became nullable", "0.shop_url", "never null", "null seen"),
    ]
    html = _drift_page(tmp_path, changes, [], Outcome.failed())
    assert "".join(outline(html).headings) == "API drift: 3 changes in 2 operations"
    assert html.count('<h2 class="mono">') == 2
    assert 'id="additions"' not in html


def test_the_drift_page_of_additions_alone_says_they_are_no_failure(tmp_path: Path) -> None:
    changes = [Change("GET /integrations/{id}/logs", 200, "field added", "results[].request.headers.X")]
    html = _drift_page(tmp_path, changes, [], Outcome.passed())
    assert 'class="verdict pass"' in html
    assert "so they are listed, not a failure" in html


def test_the_drift_page_of_a_recording_that_stopped_says_why(tmp_path: Path) -> None:
    stopped = Outcome.stopped("infrastructure error: refused", INFRASTRUCTURE)
    html = _drift_page(tmp_path, [], [], stopped)
    assert "API drift: not measured: STOPPED (exit 75)" in html
    assert "Why: the fresh recording did not finish: infrastructure error: refused" in html


def test_the_drift_page_says_how_its_recording_run_ended(tmp_path: Path) -> None:
    (tmp_path / "recording").mkdir()
    (tmp_path / "recording" / "summary.md").write_text(
        "# Sendcloud contract: FAIL: the API broke its contract (2 failures)\n"
    )
    (tmp_path / "recording" / "report.html").write_text("<!DOCTYPE html>")
    html = _drift_page(tmp_path, [], [], Outcome.passed())
    assert (
        'The recording\'s run</dt><dd id="recording">FAIL: the API broke its contract (2 failures) '
        '(<a href="recording/report.html">its report</a>)' in html
    )
