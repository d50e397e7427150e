"""Writes that keep the contract in ways a careless write contract would flag: it must pass them.

They mirror what the documents allow without showing it, and what the real API may well do: a
timestamp that stays when nothing changed, 429s in a burst of writes (empty, no `Retry-After`),
members the schemas do not name, instants in other offsets, an error entry without the id it was
not given, lists in another order.
"""

from __future__ import annotations

import json
import threading
from datetime import UTC, datetime, timedelta, timezone
from typing import TYPE_CHECKING, Any

from sendcloud_contracts.double.base import API_PREFIX, Reply
from sendcloud_contracts.double.catalogue.v3_variant import on_v3
from sendcloud_contracts.double.catalogue.variant import Kind
from sendcloud_contracts.double.catalogue.write_variant import (
    LOG,
    SETTINGS,
    UPSERT,
    Write,
    bending_answer,
    integration_before,
    json_reply,
    on_write,
    write_entry,
    write_of,
    write_valid,
)
from sendcloud_contracts.double.ratelimit import WriteLimit, WriteLimiter

if TYPE_CHECKING:
    from collections.abc import Callable

    from sendcloud_contracts.double.app import DoubleApp
    from sendcloud_contracts.double.base import Request
    from sendcloud_contracts.double.catalogue.variant import Variant

# A burst: more writes than this in one second. Throttled this many times, then the account's other
# clients calm down: enough to need a backoff, few enough that a backing-off run still ends in seconds.
BURST = 3
THROTTLED_WRITES = 3
# An offset neither the API's own (Amsterdam's) nor UTC.
OTHER_OFFSET = timezone(timedelta(hours=5, minutes=30))
EXTRA_MEMBERS = {"integration_type": "api", "feature_flags": {"returns": True}}


def _keeping_updated_at(stamp: str) -> Callable[[Request, DoubleApp, Write], Reply]:
    """A settings write that changes no value leaves the integration's `stamp` as it was (a save that
    skips unchanged rows); one that changes something moves it, as the double does."""

    def change(request: Request, app: DoubleApp, write: Write) -> Reply:
        before = integration_before(app, write)
        facts = app.account.v3_facts(before["id"]).feedback_type if before is not None else None
        reply = app.faithful(request)
        if before is None or reply.status >= 300:
            return reply
        now = app.integrations[before["id"]]
        same = {**now, stamp: None} == {**before, stamp: None}
        if same and app.account.v3_facts(before["id"]).feedback_type == facts:
            now[stamp] = before[stamp]
            return json_reply(reply, now) if reply.body else reply
        return reply

    return change


class WriteBursts:
    """429 with an empty body and no `Retry-After` to a write past `BURST` in one second, as the real
    API answers a burst over its limit; `THROTTLED_WRITES` times, then it lets every write through."""

    def __init__(self) -> None:
        self.throttled = 0
        self._limiter: WriteLimiter | None = None
        self._lock = threading.Lock()

    def __call__(self, request: Request, app: DoubleApp) -> Reply:
        if request.is_api_write and not app.refuses(request):
            with self._lock:
                if self._limiter is None:
                    self._limiter = WriteLimiter(WriteLimit(BURST, 10**6), app.clock)
                throttle = self.throttled < THROTTLED_WRITES and not self._limiter.admits()
                self.throttled += throttle
            if throttle:
                return Reply(429)
        return app.faithful(request)


def _with_extra_members(reply: Reply, request: Request, app: DoubleApp) -> Reply:
    if reply.status >= 300 or not reply.body:
        return reply
    body = json.loads(reply.body)
    for each in body if isinstance(body, list) else [body]:
        each.update(EXTRA_MEMBERS)
    return json_reply(reply, body)


def _extra_members(request: Request, app: DoubleApp) -> Reply:
    reply = app.faithful(request)
    write = write_of(request)
    if write is None or write.api != "v2" or write.what not in (SETTINGS, UPSERT, LOG):
        return reply
    return _with_extra_members(reply, request, app)


def _in_other_offset(value: Any, key: str = "") -> Any:
    """`value` with each date-time of a `*_at` member (and v2's `failing_since`, `last_fetch`) written
    in `OTHER_OFFSET`: the same instants."""
    if isinstance(value, dict):
        return {name: _in_other_offset(item, name) for name, item in value.items()}
    if isinstance(value, list):
        return [_in_other_offset(item, key) for item in value]
    if isinstance(value, str) and (key.endswith("_at") or key in ("failing_since", "last_fetch")):
        try:
            moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return value
        return moment.astimezone(OTHER_OFFSET).isoformat() if moment.tzinfo is not None else value
    return value


def _other_offsets(request: Request, app: DoubleApp) -> Reply:
    reply = app.faithful(request)
    if not request.path.startswith(API_PREFIX + "/") or "json" not in reply.headers.get("Content-Type", ""):
        return reply
    return json_reply(reply, _in_other_offset(json.loads(reply.body)))


def _errors_without_shipment_id(reply: Reply, request: Request, app: DoubleApp) -> Reply:
    if reply.status != 200:
        return reply
    entries = json.loads(reply.body)
    for entry in entries:
        if entry.get("status") == "error" and not entry.get("external_shipment_id"):
            entry.pop("external_shipment_id", None)
    return json_reply(reply, entries)


def _reversed(body: Any, request: Request, app: DoubleApp) -> None:
    data = body["data"]
    if isinstance(data, list):
        data.reverse()
    elif isinstance(data, dict) and isinstance(data.get("mapping"), list):
        data["mapping"].reverse()


def _log_in_utc(reply: Reply, request: Request, app: DoubleApp) -> Reply:
    if reply.status != 201:
        return reply
    body = json.loads(reply.body)
    written = datetime.fromisoformat(body["data"]["created_at"])
    body["data"]["created_at"] = written.astimezone(UTC).isoformat().replace("+00:00", "Z")
    return json_reply(reply, body)


WRITE_VARIATIONS: tuple[Variant, ...] = (
    write_valid(
        "updates-keep-last-updated-at",
        "PUT and PATCH that change no value leave last_updated_at as it was",
        on_write("v2", SETTINGS, _keeping_updated_at("last_updated_at")),
    ),
    write_valid(
        "v3-patch-keeps-updated-at",
        "a v3 PATCH that changes no value leaves updated_at as it was",
        on_write("v3", SETTINGS, _keeping_updated_at("last_updated_at")),
        api="v3",
    ),
    write_entry(
        "write-bursts-answered-429",
        Kind.VALID,
        f"a write past {BURST} in one second answers 429, empty and without Retry-After, "
        f"{THROTTLED_WRITES} times",
        WriteBursts,
    ),
    write_valid(
        "write-answers-with-extra-members",
        "PUT, PATCH, the shipments upsert and a created log answer with members the document does not name",
        _extra_members,
    ),
    write_valid(
        "write-timestamps-in-another-offset",
        "every v2 answer writes its instants in +05:30",
        _other_offsets,
    ),
    write_valid(
        "upsert-errors-without-shipment-id",
        "an upsert entry answered `error` leaves external_shipment_id out where the order had none",
        bending_answer("v2", UPSERT, _errors_without_shipment_id),
    ),
    write_valid(
        "v3-statuses-in-another-order",
        "shop order statuses and the mapping's categories are listed in reverse order",
        on_v3(_reversed, "statuses", "mapping"),
        api="v3",
    ),
    write_valid(
        "v3-log-created-at-in-utc",
        "a created v3 log answers its created_at in UTC (Z), the instant it was given in +01:00",
        bending_answer("v3", LOG, _log_in_utc),
        api="v3",
    ),
)
