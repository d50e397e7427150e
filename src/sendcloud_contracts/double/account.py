"""The one account both API versions serve: its integrations, by id."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from sendcloud_contracts.double.data import seeded_integrations

if TYPE_CHECKING:
    from sendcloud_contracts.double.data import Integration


@dataclass
class Account:
    """What the account holds. v2 and v3 read the same objects, so neither can tell another story."""

    integrations: dict[int, Integration] = field(default_factory=seeded_integrations)

    def find(self, raw_id: str) -> Integration | None:
        """The integration a path's `{id}` names: a whole number the account holds.

        The routes only match digits, so "-1", "1.5" or "abc" are plain 404s, as in Django.
        """
        if not raw_id.isascii() or not raw_id.isdigit():
            return None
        return self.integrations.get(int(raw_id))
