"""The drift report in Markdown (`drift.md`, and what the command prints): every change, by operation."""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

from sendcloud_contracts.wording import plural

if TYPE_CHECKING:
    from collections.abc import Iterable

    from sendcloud_contracts.drift.changes import Change


def render(changes: list[Change], old_label: str, new_label: str, compared: Iterable[str] = ()) -> str:
    lines = [f"# API drift: `{old_label}` → `{new_label}`", ""]
    # Every operation either folder holds, so a report says what it covered, not only what moved.
    listed = ", ".join(f"`{operation}`" for operation in compared)
    ending = ["", f"Operations compared: {listed}."] if listed else []
    if not changes:
        lines.append("No drift: every operation answered with the same statuses, fields, types and headers.")
        return "\n".join([*lines, *ending]) + "\n"
    by_operation: dict[str, list[Change]] = defaultdict(list)
    for change in changes:
        by_operation[change.operation].append(change)
    lines.append(f"{plural(len(changes), 'change')} in {plural(len(by_operation), 'operation')}.")
    additions = sum(1 for change in changes if not change.felt)
    if additions:
        lines += [
            "",
            f"{additions} of them only add to an answer (a field, a header, a value no longer null): "
            "no client relies on what it never got, so they are listed, not a failure.",
        ]
    for operation, items in by_operation.items():
        lines += ["", f"## {operation}", "", "| status | change | field or header | before | after |"]
        lines.append("|---|---|---|---|---|")
        for change in items:
            subject = f"`{change.subject}`" if change.subject else ""
            lines.append(
                f"| {change.status} | {change.kind} | {subject} | {change.before} | {change.after} |"
            )
    return "\n".join([*lines, *ending]) + "\n"
