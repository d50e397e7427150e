"""The one account both API versions act on: its integrations and everything a write can change.

`integrations` is the authority on which integrations exist (the v2 records, which v3 shows under
its own names). Each integration's shipments, logs, shop order statuses, status mapping and v3-only
facts are seeded from `data.py`, `listing_data.py` and `v3_data.py` when the account is made (or
when an integration first shows up in `integrations`), and from then on change only by writes.
A write in one version is what the other version reads next, since both read these objects.
"""

from __future__ import annotations

import copy
import dataclasses
import uuid
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sendcloud_contracts.double import v3_data
from sendcloud_contracts.double.clock import SystemClock, parsed, rendered
from sendcloud_contracts.double.data import seeded_integrations
from sendcloud_contracts.double.listing_data import logs_of, shipments_of

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

    from sendcloud_contracts.double.clock import Clock
    from sendcloud_contracts.double.data import Integration
    from sendcloud_contracts.double.listing_data import Item

# (language, name) pairs, in the order the shop gave them.
Translations = tuple[tuple[str, str], ...]


@dataclass
class Log:
    """An integration's log: its fields as API v2 writes them, and what API v3 adds to them."""

    integration_id: int
    fields: Item
    additional_data: Any = ""


@dataclass
class ShopOrderStatus:
    external_id: str
    translations: Translations
    # When a replacement of the shop's statuses left it out; None while the shop has it.
    deleted_at: str | None = None


@dataclass
class Account:
    integrations: dict[int, Integration] = field(default_factory=seeded_integrations)
    clock: Clock = field(default_factory=SystemClock)
    # An account that is no official Sendcloud partner may not create shipments (v2 answers 403).
    official_partner: bool = True
    # Whether the integrations' shop systems take shop order statuses (only PrestaShop v2 does).
    order_statuses_supported: bool = True
    # Where new uuids come from: random, as the real API's; counted, for recordings made twice alike.
    new_uuid: Callable[[], str] = field(default=lambda: str(uuid.uuid4()))
    _shipments: dict[int, list[Item]] = field(default_factory=dict, init=False, repr=False)
    _logs: dict[int, list[Log]] = field(default_factory=dict, init=False, repr=False)
    _statuses: dict[int, list[ShopOrderStatus]] = field(default_factory=dict, init=False, repr=False)
    _mappings: dict[int, dict[str, str | None]] = field(default_factory=dict, init=False, repr=False)
    _v3_facts: dict[int, v3_data.Facts] = field(default_factory=dict, init=False, repr=False)
    _last_log_id: int = field(default=0, init=False, repr=False)

    def __post_init__(self) -> None:
        for integration in self.integrations.values():
            self._seed(integration)

    def find(self, raw_id: str) -> Integration | None:
        """The integration a path's `{id}` names: a whole number the account holds.

        The routes only match digits, so "-1", "1.5" or "abc" are plain 404s, as in Django.
        """
        if not raw_id.isascii() or not raw_id.isdigit():
            return None
        return self.integrations.get(int(raw_id))

    def now(self) -> str:
        """The current instant as the real API writes it."""
        return rendered(self.clock.now())

    def shipments(self, integration_id: int) -> list[Item]:
        """The integration's shipments, newest first: the list itself, for writes to change."""
        self._seeded(integration_id)
        return self._shipments[integration_id]

    def logs(self, integration_ids: Iterable[int] | None = None) -> list[Log]:
        """The logs of the integrations named (every integration if None), each integration's newest
        first, integrations in the account's order."""
        ids = list(self.integrations) if integration_ids is None else list(integration_ids)
        return [log for each in ids if each in self.integrations for log in self._seeded_logs(each)]

    def add_log(self, integration_id: int, sent: dict[str, Any]) -> Log:
        """Keep a new log of the integration from the members a client sent (either version's, read
        and checked): its id follows every id the account ever gave a log; what was not sent is null,
        but `method` and `exception`, which are "" (API v2 types them as text); `created_at` is now
        unless sent, in Amsterdam's offset either way. It is not protected."""
        self._last_log_id += 1
        created_at = parsed(sent["created_at"]) if sent.get("created_at") else None
        fields = {
            "id": self._last_log_id,
            "base_url": sent["base_url"],
            "full_url": sent.get("full_url"),
            "method": sent.get("method") or "",
            "response_code": sent.get("response_code"),
            "response": sent.get("response"),
            "request": sent.get("request"),
            "created_at": self.now() if created_at is None else rendered(created_at),
            "exception_type": sent.get("exception_type"),
            "exception": sent.get("exception", ""),
            "protected": False,
        }
        log = Log(integration_id, fields)
        self._seeded_logs(integration_id).insert(0, log)
        return log

    def shop_order_statuses(self, integration_id: int) -> list[ShopOrderStatus]:
        """Every status the shop ever gave, deleted ones included, in the order it first gave them."""
        self._seeded(integration_id)
        return self._statuses[integration_id]

    def replace_shop_order_statuses(self, integration_id: int, given: list[tuple[str, Translations]]) -> None:
        """The shop's statuses are now exactly `given`: those it no longer gives are deleted now
        (a status deleted before keeps its `deleted_at`), those it gives again are restored, new
        ones come after the ones it gave before. A status given twice takes its last translations."""
        statuses = self.shop_order_statuses(integration_id)
        latest = dict(given)
        now = self.now()
        for status in statuses:
            if status.external_id in latest:
                status.translations, status.deleted_at = latest.pop(status.external_id), None
            elif status.deleted_at is None:
                status.deleted_at = now
        statuses.extend(ShopOrderStatus(external_id, names) for external_id, names in latest.items())

    def status_mapping(self, integration_id: int) -> dict[str, str | None]:
        """Each of Sendcloud's status categories with the external id it is mapped onto, or None."""
        self._seeded(integration_id)
        return self._mappings[integration_id]

    def v3_facts(self, integration_id: int) -> v3_data.Facts:
        self._seeded(integration_id)
        return self._v3_facts[integration_id]

    def set_feedback_type(self, integration_id: int, feedback_type: str) -> None:
        facts = self.v3_facts(integration_id)
        self._v3_facts[integration_id] = dataclasses.replace(facts, feedback_type=feedback_type)

    def touch(self, integration: Integration) -> None:
        """The integration was saved: as Django's `auto_now` does, on every save, changed or not."""
        integration["last_updated_at"] = self.now()

    def delete(self, integration_id: int) -> None:
        """Delete the integration and all it holds; nothing brings it back."""
        del self.integrations[integration_id]
        for held in (self._shipments, self._logs, self._statuses, self._mappings, self._v3_facts):
            held.pop(integration_id, None)

    def state(self) -> dict[str, Any]:
        """A JSON-able snapshot (a copy) of everything a write can change, by integration id as text;
        a deleted integration is absent:

            {"integrations": {"4711": {
                "integration": {...},          # as v2's GET writes it (v3 shows the same fields)
                "feedback_type": "delayed",    # v3's own field
                "shipments": [{...}, ...],     # as v2's list writes them, newest first
                "log_count": 3,                # logs are only ever added
                "shop_order_statuses": [{"external_id", "translations": [{"status", "language"}],
                                         "deleted_at"}, ...],   # deleted ones too, in stored order
                "status_mapping": {"READY_TO_SEND": "3", "IN_TRANSIT": "4", "DELIVERED": None,
                                   "CANCEL": None},
            }}}

        Reads never change it: equal snapshots before and after a run mean the run wrote nothing.
        """
        return {"integrations": {str(each): self._state_of(each) for each in self.integrations}}

    def _state_of(self, integration_id: int) -> dict[str, Any]:
        statuses = [
            {
                "external_id": status.external_id,
                "translations": [{"status": name, "language": code} for code, name in status.translations],
                "deleted_at": status.deleted_at,
            }
            for status in self.shop_order_statuses(integration_id)
        ]
        return copy.deepcopy(
            {
                "integration": self.integrations[integration_id],
                "feedback_type": self.v3_facts(integration_id).feedback_type,
                "shipments": self.shipments(integration_id),
                "log_count": len(self._seeded_logs(integration_id)),
                "shop_order_statuses": statuses,
                "status_mapping": self.status_mapping(integration_id),
            }
        )

    def _seeded_logs(self, integration_id: int) -> list[Log]:
        self._seeded(integration_id)
        return self._logs[integration_id]

    def _seeded(self, integration_id: int) -> None:
        # An integration put into `integrations` after the account was made gets its seed on first use.
        if integration_id not in self._shipments:
            self._seed(self.integrations[integration_id])

    def _seed(self, integration: Integration) -> None:
        integration_id = integration["id"]
        self._shipments[integration_id] = shipments_of(integration)
        newest_extra = v3_data.NEWEST_LOG_ADDITIONAL_DATA
        self._logs[integration_id] = [
            Log(integration_id, fields, copy.deepcopy(newest_extra) if position == 0 else "")
            for position, fields in enumerate(logs_of(integration))
        ]
        seeded_ids = (log.fields["id"] for log in self._logs[integration_id])
        self._last_log_id = max((self._last_log_id, *seeded_ids))
        self._statuses[integration_id] = [
            ShopOrderStatus(each.external_id, each.translations, v3_data.deleted_at(integration_id, each))
            for each in v3_data.SHOP_STATUSES
        ]
        self._mappings[integration_id] = dict(v3_data.mapping_of(integration_id))
        self._v3_facts[integration_id] = v3_data.facts_of(integration)
