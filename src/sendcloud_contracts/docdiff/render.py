"""The comparison for a person: plain text for the terminal, Markdown for a CI job's summary.

Both open with the verdict, then the breaking changes (each with what to do about it), the accepted
ones, the acceptances that need a look, and last the changes that break nobody.
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
    return [
        f"  {item.operation.label}: {item.location}",
        f"  was: {short(item.old)}",
        f"  now: {short(item.new)}",
        *([f"  in the document: {pointers}"] if pointers else []),
        f"  fingerprint: {item.fingerprint}",
    ]


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


def _cell(value: str) -> str:
    return one_line(value).replace("|", "\\|")
