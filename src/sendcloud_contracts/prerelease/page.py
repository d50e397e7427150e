"""The pre-release table as a page, from the outcomes its `summary.md` is written from."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sendcloud_contracts.reports.render import PAGE_FILE, render, write_page

if TYPE_CHECKING:
    from pathlib import Path

    from sendcloud_contracts.prerelease.outcome import Outcome


def write_prerelease_page(reports: Path, outcomes: list[Outcome], headline: str, code: int) -> Path:
    """`report.html` beside the table's `summary.md`, each account linking to its own run's page."""
    rows = [(outcome, (reports / outcome.profile / PAGE_FILE).is_file()) for outcome in outcomes]
    path = reports / PAGE_FILE
    write_page(path, render("prerelease.html.j2", headline=headline, code=code, rows=rows))
    return path
