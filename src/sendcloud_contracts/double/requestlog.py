"""What the double was asked and how it answered, for a test to measure: in process, or as JSON lines.

Each entry holds the method, path, query, status (None for a request the double never answered),
the app clock's monotonic reading when it arrived, and whether it was a write (a POST, PUT, PATCH or
DELETE under `/api/v2/` or `/api/v3/`: what the write rate limit counts). Never a header, never a
body: credentials travel in both.
"""

from __future__ import annotations

import json
import threading
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pathlib import Path


@dataclass(frozen=True)
class LoggedRequest:
    method: str
    path: str
    query: str
    status: int | None
    monotonic: float
    write: bool

    def to_json(self) -> str:
        return json.dumps(asdict(self), separators=(",", ":"), ensure_ascii=False)

    @classmethod
    def from_json(cls, line: str) -> LoggedRequest:
        fields: dict[str, Any] = json.loads(line)
        return cls(**fields)


class RequestLog:
    """The entries in the order they were answered; with `path`, each also appended to that file as
    one line of JSON as it is answered, so a test in another process can read them."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path
        self._entries: list[LoggedRequest] = []
        self._lock = threading.Lock()

    def record(self, entry: LoggedRequest) -> None:
        with self._lock:
            self._entries.append(entry)
            if self.path is not None:
                with self.path.open("a", encoding="utf-8") as appended:
                    appended.write(entry.to_json() + "\n")

    def entries(self) -> list[LoggedRequest]:
        with self._lock:
            return list(self._entries)

    def writes(self) -> list[LoggedRequest]:
        return [entry for entry in self.entries() if entry.write]

    def clear(self) -> None:
        """Forget the entries kept in process; lines already in the file stay."""
        with self._lock:
            self._entries.clear()


def read_request_log(path: Path) -> list[LoggedRequest]:
    """The entries a double appended to `path` (`--request-log`), oldest first."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return [LoggedRequest.from_json(line) for line in lines if line.strip()]
