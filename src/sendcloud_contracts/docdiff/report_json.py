"""The comparison for tools: JSON whose shape `docdiff.schema.json` (shipped beside this module) documents.

Tools read this, never the text: every field a report shows is here, long values whole. A group
is one change, as the text counts it, with `group` holding why, the fix and every consequence.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sendcloud_contracts.docdiff.acceptances import Acceptance, Judgement
    from sendcloud_contracts.docdiff.changes import Change

SCHEMA = Path(__file__).with_name("docdiff.schema.json")
COMPARISON_FORMAT = "sendcloud-contracts/docdiff/1"
NIGHT_FORMAT = "sendcloud-contracts/docdiff-night/1"


def comparison(judgement: Judgement, old: str, new: str, exit_code: int) -> dict[str, Any]:
    return {
        "format": COMPARISON_FORMAT,
        "old": old,
        "new": new,
        "verdict": judgement.verdict,
        "exit_code": exit_code,
        "counts": {
            "breaking": len(judgement.breaking),
            "accepted": len(judgement.accepted),
            "not_breaking": len(judgement.harmless),
        },
        "changes": [
            {
                **_change(item),
                "acceptance": _acceptance(judgement.accepted.get(item.fingerprint)),
                "group": _group(item),
            }
            for item in judgement.changes
        ],
        "acceptances": {
            "expired": [_acceptance(entry) for entry in judgement.expired],
            "stale": [_acceptance(entry) for entry in judgement.stale],
        },
    }


def _change(item: Change) -> dict[str, Any]:
    return {
        "fingerprint": item.fingerprint,
        "rule": item.rule,
        "breaking": item.breaking,
        "operation": item.operation.label,
        "location": item.location,
        "old": item.old,
        "new": item.new,
        "pointer": {"old": item.pointer_old, "new": item.pointer_new},
    }


def _group(item: Change) -> dict[str, Any] | None:
    if not item.members:
        return None
    return {"why": item.why, "fix": item.fix, "members": [_change(member) for member in item.members]}


def _acceptance(entry: Acceptance | None) -> dict[str, str] | None:
    if entry is None:
        return None
    return {"fingerprint": entry.fingerprint, "reason": entry.reason, "until": entry.until.isoformat()}


def dumps(report: dict[str, Any]) -> str:
    return json.dumps(report, indent=2, ensure_ascii=False) + "\n"
