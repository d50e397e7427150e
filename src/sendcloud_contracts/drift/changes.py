"""One change between two recordings' answers, and which changes a client could feel."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterable

# What an answer gained: no client of the documented operations relies on what it never got (a key
# of a free-form object, such as a log's headers, counts as a field here). Listed, never exit 1.
ADDITIONS = frozenset({"field added", "header appeared", "no longer null"})


@dataclass(frozen=True)
class Change:
    operation: str
    status: int
    kind: str
    subject: str = ""
    before: str = ""
    after: str = ""

    @property
    def felt(self) -> bool:
        """Whether a client that read the old answers could break on the new ones."""
        return self.kind not in ADDITIONS


def drifted(changes: Iterable[Change]) -> bool:
    """Whether the drift is worth exit 1: a change a client could feel, not only additions."""
    return any(change.felt for change in changes)
