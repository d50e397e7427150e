"""What one API version's writes are, as its document names them: the write contract reads this.

Each version changes an integration its own way (v2: `PUT` and `PATCH` answering the integration;
v3: `PATCH` answering 204 with no body), and has writes the other lacks (v2's shipments, v3's shop
order statuses). A path of None: the version has no such operation.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Writes:
    # The methods that change an integration's settings, and whether their answer carries it.
    settings_methods: tuple[str, ...]
    settings_answer_body: bool
    # Fields the API keeps itself; a write may move them, and no restore can set them back.
    server_fields: frozenset[str]
    item_path: str = "/integrations/{id}"
    logs_path: str = "/integrations/{id}/logs"
    shipments_path: str | None = None
    shipments_delete_path: str | None = None
    statuses_path: str | None = None
    mapping_path: str | None = None
    # The query parameter that shows the statuses a replacement deleted.
    show_deleted: str = "show_deleted"

    def paths(self) -> tuple[str, ...]:
        """Every path the version writes to."""
        optional = (self.shipments_path, self.shipments_delete_path, self.statuses_path, self.mapping_path)
        return (self.item_path, self.logs_path, *(path for path in optional if path is not None))
