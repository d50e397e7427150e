"""The comparison for a person: plain text for the terminal, Markdown for a CI job's summary.

Both open with the verdict, then the breaking changes (each with what to do about it), the accepted
ones, the acceptances that need a look, and last the changes that break nobody. A group counts as
one change: why it is one and how to fix it, then its consequences under it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sendcloud_contracts.docdiff.acceptances import DEFAULT_ACCEPTANCES
from sendcloud_contracts.wording import one_line, plural

if TYPE_CHECKING:
    from sendcloud_contracts.docdiff.acceptances import Judgement
    from sendcloud_contracts.docdiff.changes import Change

# Long values (a rewritten description) are cut in the reports; the JSON keeps them whole.
SHOWN = 120


def headline(judgement: Judgement) -> str:
    accepted = len(judgement.accepted)
    harmless = len(judgement.harmless)
    if judgement.breaking:
        others = f", {accepted} accepted" if accepted else ""
        return (
            f"FAIL: {plural(len(judgement.breaking), 'change')} can break a client{others}, {harmless} cannot"
        )
    if not judgement.changes:
        return "PASS: no change in meaning"
    others = f" ({accepted} breaking accepted)" if accepted else ""
    return f"PASS: nothing can break a client{others}; {plural(harmless, 'change')} that cannot"


def short(value: str) -> str:
    value = one_line(value)
    return value if len(value) <= SHOWN else value[: SHOWN - 1] + "…"


def text(judgement: Judgement, old: str, new: str) -> str:
    lines = [f"Document changes: {old} -> {new}", headline(judgement)]
    for item in judgement.breaking:
        lines += ["", f"BREAKING {item.rule}", *_details(item)]
    for item in judgement.changes:
        entry = judgement.accepted.get(item.fingerprint)
        if entry is not None:
            lines += [
                "",
                f"ACCEPTED {item.rule} (until {entry.until.isoformat()}: {entry.reason})",
                *_details(item),
            ]
    lines += _acceptance_notes(judgement)
    if judgement.harmless:
        lines += ["", "Not breaking:"]
        lines += [
            f"  {item.rule}: {item.operation.label}: {item.location}: {short(item.old)} -> {short(item.new)}"
            for item in judgement.harmless
        ]
    if judgement.breaking:
        lines += ["", _how_to_accept()]
    return "\n".join(lines) + "\n"


def _details(item: Change) -> list[str]:
    written = [pointer for pointer in (item.pointer_old, item.pointer_new) if pointer]
    pointers = " -> ".join(dict.fromkeys(written))
    group = [f"  why one change: {one_line(item.why)}", f"  fix: {item.fix}"] if item.members else []
    lines = [
        f"  {item.operation.label}: {item.location}",
        f"  was: {short(item.old)}",
        f"  now: {short(item.new)}",
        *group,
        *([f"  in the document: {pointers}"] if pointers else []),
        f"  fingerprint: {item.fingerprint}",
    ]
    if item.members:
        lines += [f"  {_consequences(item)}:", *(f"    {_line(member)}" for member in item.members)]
    return lines


def _consequences(item: Change) -> str:
    return f"its consequences, counted in it ({len(item.members)})"


def _line(item: Change) -> str:
    """A consequence in one line: its group names the operation."""
    return f"{item.rule}: {item.location}: {short(item.old)} -> {short(item.new)}"


def _acceptance_notes(judgement: Judgement) -> list[str]:
    lines = []
    for entry in judgement.expired:
        lines += ["", f"EXPIRED acceptance, its change counts again: {entry}"]
    for entry in judgement.stale:
        lines += ["", f"STALE acceptance, no change has its fingerprint (remove it): {entry}"]
    return lines


def _how_to_accept() -> str:
    return (
        "A team that has looked at a breaking change and accepts it adds an [[accepted]] entry to "
        f"{DEFAULT_ACCEPTANCES} with its fingerprint, a reason and an until date."
    )


def markdown(judgement: Judgement, old: str, new: str, level: int = 1) -> str:
    heading = "#" * level
    lines = [f"{heading} Document changes: {headline(judgement)}", "", f"`{old}` → `{new}`"]
    sub = heading + "#"
    if judgement.breaking:
        lines += ["", f"{sub} Breaking ({len(judgement.breaking)})", ""]
        lines += _table(judgement.breaking, with_fingerprint=True)
        lines += _groups(judgement.breaking)
        lines += ["", _how_to_accept()]
    accepted = [item for item in judgement.changes if item.fingerprint in judgement.accepted]
    if accepted:
        lines += [
            "",
            f"{sub} Accepted ({len(accepted)})",
            "",
            "| rule | operation | location | until | reason |",
        ]
        lines.append("|---|---|---|---|---|")
        for item in accepted:
            entry = judgement.accepted[item.fingerprint]
            lines.append(
                f"| `{item.rule}` | `{item.operation.label}` | {_cell(item.location)} "
                f"| {entry.until.isoformat()} | {_cell(entry.reason)} |"
            )
        lines += _groups(accepted)
    notes = [line for line in _acceptance_notes(judgement) if line]
    if notes:
        lines += ["", f"{sub} Acceptances to look at", "", *(f"- {note}" for note in notes)]
    if judgement.harmless:
        lines += ["", f"{sub} Not breaking ({len(judgement.harmless)})", ""]
        lines += _table(judgement.harmless, with_fingerprint=False)
    return "\n".join(lines) + "\n"


def _table(changes: list[Change], *, with_fingerprint: bool) -> list[str]:
    header = "| rule | operation | location | was | now |" + (" fingerprint |" if with_fingerprint else "")
    lines = [header, "|---|---|---|---|---|" + ("---|" if with_fingerprint else "")]
    for item in changes:
        row = (
            f"| `{item.rule}` | `{item.operation.label}` | {_cell(item.location)} "
            f"| {_cell(short(item.old))} | {_cell(short(item.new))} |"
        )
        lines.append(row + (f" `{item.fingerprint}` |" if with_fingerprint else ""))
    return lines


def _groups(changes: list[Change]) -> list[str]:
    """Each group of `changes`: why it is one change, the fix, and its consequences, folded."""
    lines = []
    for item in (item for item in changes if item.members):
        lines += [
            "",
            f"**`{item.rule}`** `{item.operation.label}`, {_cell(item.location)}: {_cell(item.why)}. "
            f"{_cell(item.fix)}",
            "",
            f"<details><summary>{_consequences(item)}</summary>",
            "",
            "| rule | location | was | now |",
            "|---|---|---|---|",
        ]
        for member in item.members:
            shown = (_cell(member.location), _cell(short(member.old)), _cell(short(member.new)))
            lines.append(f"| `{member.rule}` | {' | '.join(shown)} |")
        lines += ["", "</details>"]
    return lines


def _cell(value: str) -> str:
    return one_line(value).replace("|", "\\|")
