"""The part of an account a write run may change: read it, restore it, read it back.

A snapshot is what the API answered before the first write: the named integration's settings and,
where the version has them, its shop order statuses (deleted ones too) and their mapping. The run's
own shipments are known by their external order ids. A restore sends only what differs from the
snapshot (so a field the API rejects as it stands, such as a recorded `""`, is never sent back), and
deletes the run's shipments; the read back is held to the snapshot by `rules.writes.left_as_found`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sendcloud_contracts.rules import writes as rules

if TYPE_CHECKING:
    from collections.abc import Iterable

    from sendcloud_contracts.rules.model import Violation
    from sendcloud_contracts.writes.requests_api import WriteApi

# Fields the statuses' read shows that no write sets.
STATUS_READ_ONLY = ("status", "deleted_at")
MAPPING_READ_ONLY = ("is_valid",)


@dataclass
class Snapshot:
    settings: dict[str, Any]
    statuses: list[dict[str, Any]] | None = None
    mapping: list[dict[str, Any]] | None = None

    def as_json(self) -> dict[str, Any]:
        return {"settings": self.settings, "statuses": self.statuses, "mapping": self.mapping}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Snapshot:
        return cls(dict(data.get("settings") or {}), data.get("statuses"), data.get("mapping"))

    def live_statuses(self) -> list[dict[str, Any]]:
        """The statuses as a replacement sends them: those not deleted, with their translations."""
        return [
            {"external_id": status["external_id"], "translations": status.get("translations", [])}
            for status in self.statuses or []
            if status.get("deleted_at") is None
        ]

    def sendable_mapping(self) -> list[dict[str, Any]]:
        return [
            {"status_category": entry.get("status_category"), "external_id": entry.get("external_id")}
            for entry in self.mapping or []
        ]

    def mapping_restorable(self) -> bool:
        """Whether the mapping could be posted back as it is: every id it names a status not deleted."""
        live = {str(status["external_id"]) for status in self.live_statuses()}
        return all(
            entry["external_id"] is None or str(entry["external_id"]) in live
            for entry in self.sendable_mapping()
        )


def read(api: WriteApi) -> Snapshot:
    """What the run may change, as the API shows it now."""
    writes = api.dialect.writes
    statuses = mapping = None
    if writes.statuses_path is not None:
        statuses = api.payload(
            api.get(writes.statuses_path, {"integration_id": api.integration_id, writes.show_deleted: "true"})
        )
    if writes.mapping_path is not None:
        shown = api.payload(api.get(writes.mapping_path, {"integration_id": api.integration_id}))
        mapping = shown.get("mapping") if isinstance(shown, dict) else shown
    return Snapshot(api.settings(), statuses, mapping)


def restore(api: WriteApi, snapshot: Snapshot, created: Iterable[tuple[str, str | None]]) -> None:
    """Send back what differs from `snapshot`, and delete the shipments the run created."""
    writes = api.dialect.writes
    now = read(api)
    changed = {
        name: snapshot.settings.get(name)
        for name in api.writable_fields()
        if name in snapshot.settings and now.settings.get(name) != snapshot.settings.get(name)
    }
    if changed:
        api.send(api.partial_method(), writes.item_path, changed)
    if writes.shipments_delete_path is not None:
        for order_id, shipment_id in dict.fromkeys(created):
            api.send(
                "POST",
                writes.shipments_delete_path,
                {"external_order_id": order_id, "external_shipment_id": shipment_id},
            )
    if writes.statuses_path is not None and _statuses(now) != _statuses(snapshot):
        body = {"integration_id": api.integration_id, "statuses": snapshot.live_statuses()}
        api.send("POST", writes.statuses_path, body)
    if writes.mapping_path is not None and now.sendable_mapping() != snapshot.sendable_mapping():
        body = {"integration_id": api.integration_id, "mapping": snapshot.sendable_mapping()}
        api.send("POST", writes.mapping_path, body)


def _statuses(snapshot: Snapshot) -> list[dict[str, Any]]:
    return sorted(snapshot.live_statuses(), key=lambda status: str(status["external_id"]))


def differences(
    api: WriteApi, snapshot: Snapshot, after: Snapshot, created: list[dict[str, Any]]
) -> list[Violation]:
    """Each part of the account that does not read as the snapshot, and each run shipment left."""
    ignored = api.dialect.writes.server_fields
    found = rules.left_as_found(snapshot.settings, after.settings, ignored=ignored, where="settings.")
    if snapshot.statuses is not None:
        before = {
            str(status["external_id"]): _comparable(status, STATUS_READ_ONLY) for status in snapshot.statuses
        }
        now = {
            str(status["external_id"]): _comparable(status, STATUS_READ_ONLY)
            for status in after.statuses or []
        }
        found += rules.left_as_found(before, now, where="statuses.")
        deleted = {str(s["external_id"]): s.get("deleted_at") is None for s in snapshot.statuses}
        shown = {str(s["external_id"]): s.get("deleted_at") is None for s in after.statuses or []}
        found += rules.left_as_found(deleted, shown, where="statuses shown.")
    if snapshot.mapping is not None:
        before_map = {
            str(entry.get("status_category")): entry.get("external_id") for entry in snapshot.mapping
        }
        after_map = {
            str(entry.get("status_category")): entry.get("external_id") for entry in after.mapping or []
        }
        found += rules.left_as_found(before_map, after_map, where="mapping.")
    found += rules.stored_as_sent(created, {}, "run shipment")
    return found


def _comparable(item: dict[str, Any], read_only: tuple[str, ...]) -> dict[str, Any]:
    return {name: value for name, value in item.items() if name not in read_only}
