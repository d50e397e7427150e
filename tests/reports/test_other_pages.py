"""The pre-release table and the drift report as pages: the verdict first, written from their own data."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sendcloud_contracts.drift.compare import Change
from sendcloud_contracts.drift.page import write_drift_page
from sendcloud_contracts.prerelease.outcome import Outcome, Verdict
from sendcloud_contracts.prerelease.page import write_prerelease_page

from .test_run_page import external_references, outline

if TYPE_CHECKING:
    from pathlib import Path


def test_the_prerelease_page_links_each_account_that_left_a_page(tmp_path: Path) -> None:
    (tmp_path / "eu-shop").mkdir()
    (tmp_path / "eu-shop" / "report.html").write_text("<!DOCTYPE html>")
    outcomes = [
        Outcome("eu-shop", Verdict.PASS, 0, 49, 4.1, "details: reports/prerelease/eu-shop/summary.md"),
        Outcome("us-shop", Verdict.CONFIGURATION_ERROR, note="SENDCLOUD_US_PUBLIC_KEY is not set"),
    ]
    html = write_prerelease_page(tmp_path, outcomes, "ERROR: a profile is misconfigured", 4).read_text()
    assert (
        "".join(outline(html).headings)
        == "Pre-release verification: ERROR: a profile is misconfigured (exit 4)"
    )
    assert '<a href="eu-shop/report.html">eu-shop</a>' in html
    assert '<td class="num">0</td>' in html
    assert '<td class="num">stopped</td>' in html
    assert "<td>us-shop</td>" in html
    assert "SENDCLOUD_US_PUBLIC_KEY is not set" in html
    assert external_references(html) == []


def test_the_drift_page_without_changes_says_so_and_lists_what_it_compared(tmp_path: Path) -> None:
    html = write_drift_page(
        tmp_path, [], "cassettes", "reports/drift/cassettes", ["GET /integrations/{id}"]
    ).read_text()
    assert "".join(outline(html).headings) == "API drift: no drift"
    assert '<li class="mono">GET /integrations/{id}</li>' in html


def test_the_drift_page_groups_changes_by_operation(tmp_path: Path) -> None:
    changes = [
        Change("GET /integrations/{id}", 200, "field removed", "system", "string"),
        Change("GET /integrations/{id}", 404, "header appeared", "Retry-After"),
        Change("GET /integrations", 200, "became nullable", "0.shop_url", "never null", "null seen"),
    ]
    html = write_drift_page(tmp_path, changes, "old", "new", []).read_text()
    assert "".join(outline(html).headings) == "API drift: 3 changes in 2 operations"
    assert html.count('<h2 class="mono">') == 2


def test_the_drift_page_of_a_recording_that_stopped_says_why(tmp_path: Path) -> None:
    html = write_drift_page(
        tmp_path, [], "old", "new", [], stopped="infrastructure error: refused", code=75
    ).read_text()
    assert "API drift: not measured (exit 75)" in html
    assert "Why: the fresh recording stopped early: infrastructure error: refused" in html
