"""One write run from its first read to its last: what it may do, what it found, what it created.

The fixture opens it: the named integration read (an id the account does not have stops the run with
exit 4 before any write), an id to delete that the account does not have, the snapshot journaled,
the guard in place. `probe` asks once whether the account may use each operation that is closed to
some accounts; `sequences.py` runs the writes; `close` restores the account, reads it back and
says whether it was left as found.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sendcloud_contracts.exitcodes import bad_input
from sendcloud_contracts.rules import writes as rules
from sendcloud_contracts.wording import plural
from sendcloud_contracts.writes import account, bodies

if TYPE_CHECKING:
    import requests
    from requests.auth import AuthBase

    from sendcloud_contracts.rules.model import Violation
    from sendcloud_contracts.writes.account import Snapshot
    from sendcloud_contracts.writes.guard import WriteGuard
    from sendcloud_contracts.writes.journal import Journal
    from sendcloud_contracts.writes.plan import WritePlan
    from sendcloud_contracts.writes.requests_api import WriteApi

# Where a run's created orders say they were made: a fixed moment, so recordings are the same.
ORDERS_AT = "2026-01-01T00:00:00+00:00"


@dataclass
class WriteSession:
    api: WriteApi
    plan: WritePlan
    snapshot: Snapshot
    journal: Journal
    wrong_auth: AuthBase
    # Closed operations, by name, with the answer that closed them.
    closed: dict[str, str] = field(default_factory=dict)
    # The run's stored orders by key, with their shipment uuid; every key it ever created.
    stored: dict[tuple[str, str | None], str | None] = field(default_factory=dict)
    created: list[tuple[str, str | None]] = field(default_factory=list)
    # Those of them a sequence deleted and saw gone: the restore need not delete them again.
    gone: set[tuple[str, str | None]] = field(default_factory=set)
    logs_created: list[Any] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    # The settings fields a run may change: those it could write back as it found them.
    restorable: list[str] = field(default_factory=list)
    _orders: int = 0
    _probed: bool = False

    def __post_init__(self) -> None:
        self.restorable = self.api.restorable_fields(self.snapshot.settings)
        if self.snapshot.mapping is not None and not self.snapshot.mapping_restorable():
            self.notes.append(
                "The status mapping was left as it was: it names a status that is deleted, so once changed "
                "it could not be posted back as found"
            )
        kept = sorted(set(self.api.writable_fields()) - set(self.restorable))
        if kept:
            self.notes.append(
                f"Left as they were, since the document lets no client write their present values back: "
                f"{', '.join(f'{name}={self.snapshot.settings.get(name)!r}' for name in kept)}"
            )

    def open(self, name: str) -> bool:
        writes = self.api.dialect.writes
        present = {"shipments": writes.shipments_path, "statuses": writes.statuses_path}
        return present.get(name) is not None and name not in self.closed

    def probe(self) -> None:
        """Whether the account may use the operations some accounts may not: one write each, which
        changes nothing (an empty list of orders; the statuses the integration already has)."""
        if self._probed:
            return
        self._probed = True
        writes = self.api.dialect.writes
        if writes.shipments_path is not None:
            self._probe("shipments", writes.shipments_path, [], 403, "official Sendcloud partners only")
        if writes.statuses_path is not None:
            body = {"integration_id": self.api.integration_id, "statuses": self.snapshot.live_statuses()}
            self._probe("statuses", writes.statuses_path, body, 400, "some shop systems only")

    def _probe(self, name: str, path: str, body: Any, refused: int, documented: str) -> None:
        """Send a write that changes nothing; `refused` closes the operation to the run, else judge it."""
        answer = self.api.send("POST", path, body, judged=False)
        if answer.status_code != refused:
            self.api.judge(answer, path)
            return
        self.closed[name] = f"POST {path}"
        self.notes.append(
            f"POST {path} answered {refused} to a write that changes nothing: this account has no "
            f"access to it (documented for {documented}), so its checks were left out; "
            "not a broken contract"
        )

    def live_statuses(self) -> list[dict[str, Any]]:
        """The statuses the integration has now, as a replacement sends them: an earlier sequence may
        have replaced those the run found (the run restores them once, at its end)."""
        path = str(self.api.dialect.writes.statuses_path)
        shown = self.api.payload(self.api.get(path, {"integration_id": self.api.integration_id}))
        return account.Snapshot({}, shown if isinstance(shown, list) else []).live_statuses()

    def others(self) -> tuple[requests.Response, dict[str, dict[str, Any]]]:
        """The account's list, and the writable fields of every other integration it lists, by id:
        what no write to the named integration may change."""
        writable = self.api.writable_fields()
        identity = self.api.dialect.resource.identity
        response, items = self.api.listed()
        return response, {
            str(item.get(identity)): {name: item[name] for name in writable if name in item}
            for item in items
            if item.get(identity) != self.api.integration_id
        }

    def order_schema(self) -> dict[str, Any]:
        """The schema of one order of the shipments upsert."""
        spec, path = self.api.spec, str(self.api.dialect.writes.shipments_path)
        content = spec.resolve(spec.document["paths"][path]["post"]["requestBody"])["content"]
        return dict(spec.resolve(spec.resolve(content["application/json"]["schema"]).get("items", {})))

    def example_order(self) -> dict[str, Any]:
        """The document's example order, less what its schema refuses."""
        path = str(self.api.dialect.writes.shipments_path)
        orders = bodies.document_example(self.api.spec, "POST", path)
        if not (isinstance(orders, list) and orders and isinstance(orders[0], dict)):
            return {}
        return bodies.fitted(self.api.spec, orders[0], self.order_schema())

    def new_order(self, drawn: dict[str, Any], *, stored: bool = True) -> dict[str, Any]:
        self._orders += 1
        order = bodies.example_order(
            self.example_order(), drawn, self.plan.created_id(self._orders), ORDERS_AT
        )
        if stored:
            self.created.append(rules.order_key(order))
        return order

    def again(self, key: tuple[str, str | None], *, changed: bool) -> dict[str, Any]:
        """An order the run stored, sent again; with a later `updated_at` when `changed`."""
        self._orders += 1
        at = (
            f"2026-01-01T00:{self._orders // 60 % 60:02d}:{self._orders % 60:02d}+00:00"
            if changed
            else ORDERS_AT
        )
        order = bodies.example_order(self.example_order(), {}, key[0], at)
        order["external_shipment_id"] = key[1]
        return order

    def leftover(self) -> list[tuple[str, str | None]]:
        """The orders the run created and has not seen deleted: what the restore deletes."""
        return [key for key in dict.fromkeys(self.created) if key not in self.gone]

    def log_body(self, drawn: dict[str, Any]) -> dict[str, Any]:
        body = dict(drawn)
        if "integration_id" in body or self.api.dialect.name == "v2":
            body["integration_id"] = self.api.integration_id
        return body

    def close(self, guard: WriteGuard | None = None) -> list[Violation]:
        """Restore what the run changed, read it back; what still differs, each a violation."""
        if guard is not None:
            guard.restoring = True
        account.restore(self.api, self.snapshot, self.leftover())
        after = account.read(self.api)
        left = self._run_shipments()
        found = account.differences(self.api, self.snapshot, after, left)
        self.journal.restored([str(violation) for violation in found])
        if not found:
            self.notes.append(
                "The account was left as found: settings, shipments, statuses and mapping read back as "
                "the run first read them"
            )
        if self.logs_created:
            ids = ", ".join(str(identity) for identity in self.logs_created)
            self.notes.append(
                f"{plural(len(self.logs_created), 'exception log')} created on integration "
                f"{self.api.integration_id} (ids {ids}) stays: no operation deletes a log"
            )
        return found

    def _run_shipments(self) -> list[dict[str, Any]]:
        path = self.api.dialect.writes.shipments_path
        if path is None or not self.created or "shipments" in self.closed:
            return []
        ids = sorted({key[0] for key in self.created})
        listed = self.api.payload(self.api.get(path, {"external_order_ids": ids}))
        items = listed.get(self.api.dialect.paging.items_member, []) if isinstance(listed, dict) else []
        return [
            item
            for item in items
            if str(item.get("external_order_id", "")).startswith(self.plan.created_prefix)
        ]


def first_read(api: WriteApi) -> None:
    """The named integration, read before any write: an id the account does not have is a setup mistake."""
    response = api.session.get(api.url(api.dialect.writes.item_path), auth=api.auth)
    if response.status_code == 404:
        raise bad_input(
            f"SENDCLOUD_WRITE_INTEGRATION_ID={api.integration_id}: the account has no such integration "
            "(it answered 404); name one of its integrations, one the run may change. Nothing was written."
        )
