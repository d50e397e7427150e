"""The write journal: what a run found before its first write, then each write before it is sent.

One JSON object a line in `journal.jsonl` beside the run's reports, each line flushed to disk before
the write it announces leaves: whatever ends the run (Ctrl-C, SIGTERM, SIGKILL, a crash, a CI
time-out), the journal holds the snapshot to restore and every write that may have reached the API.
`restore.py` reads it; a run that restored the account marks it `restored`. No credential is ever
in it: the snapshot is what the API answered, a write is its method, path and body.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pathlib import Path

JOURNAL_FILE = "journal.jsonl"
SNAPSHOT = "snapshot"
WRITE = "write"
RESTORED = "restored"


@dataclass
class Journal:
    path: Path
    writes: int = 0

    @classmethod
    def start(cls, folder: Path, snapshot: dict[str, Any]) -> Journal:
        """A new journal for a run about to write: its snapshot first, on disk before any write."""
        folder.mkdir(parents=True, exist_ok=True)
        journal = cls(folder / JOURNAL_FILE)
        journal.path.unlink(missing_ok=True)
        journal.append({"kind": SNAPSHOT, **snapshot})
        return journal

    def write(self, method: str, path: str, body: bytes | None) -> None:
        self.writes += 1
        text = (body or b"").decode("utf-8", "replace")
        self.append({"kind": WRITE, "number": self.writes, "method": method, "path": path, "body": text})

    def restored(self, differences: list[str]) -> None:
        self.append({"kind": RESTORED, "differences": differences})

    def append(self, entry: dict[str, Any]) -> None:
        with self.path.open("a", encoding="utf-8") as handle:
            handle.write(json.dumps(entry, ensure_ascii=False) + "\n")
            handle.flush()
            os.fsync(handle.fileno())


@dataclass(frozen=True)
class Recorded:
    """What a journal says: the snapshot, the writes sent, and whether the run restored the account."""

    snapshot: dict[str, Any]
    writes: list[dict[str, Any]] = field(default_factory=list)
    restored: bool = False


def read_journal(path: Path) -> Recorded | None:
    """The journal at `path`; None when there is none, or no snapshot in it (nothing was written)."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError:
        return None
    entries = []
    for line in lines:
        try:
            entries.append(json.loads(line))
        except ValueError:
            # A line cut off by a kill: its write was announced, maybe not sent; nothing to read.
            continue
    snapshot = next((entry for entry in entries if entry.get("kind") == SNAPSHOT), None)
    if snapshot is None:
        return None
    writes = [entry for entry in entries if entry.get("kind") == WRITE]
    restored = any(entry.get("kind") == RESTORED and not entry.get("differences") for entry in entries)
    return Recorded(snapshot, writes, restored)
