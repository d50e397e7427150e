"""The drift report as a page, from the changes its Markdown is written from."""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

from sendcloud_contracts.reports.render import PAGE_FILE, render, write_page

if TYPE_CHECKING:
    from collections.abc import Iterable
    from pathlib import Path

    from sendcloud_contracts.drift.compare import Change


def write_drift_page(
    folder: Path,
    changes: list[Change],
    old_label: str,
    new_label: str,
    compared: Iterable[str],
    *,
    stopped: str | None = None,
    code: int = 0,
) -> Path:
    """`report.html` of a drift run: the changes per operation, or why drift was not measured."""
    by_operation: dict[str, list[Change]] = defaultdict(list)
    for change in changes:
        by_operation[change.operation].append(change)
    recording = folder / "recording" / PAGE_FILE
    path = folder / PAGE_FILE
    html = render(
        "drift.html.j2",
        by_operation=dict(by_operation),
        changes=changes,
        old_label=old_label,
        new_label=new_label,
        compared=list(compared),
        stopped=stopped,
        code=code,
        recording_page=f"recording/{PAGE_FILE}" if recording.is_file() else None,
    )
    write_page(path, html)
    return path
