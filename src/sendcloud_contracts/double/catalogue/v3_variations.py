"""API v3 keeping its contract in ways a careless suite would flag: a correct suite passes them all.

Each stays within what the v3 document allows: empty lists and lists on one page, nulls where the
schema has them, optional fields left out, fields it does not name, other offsets and precisions,
a `Link` header with several links and relation types (RFC 8288), error objects with every member
JSON:API gives them, and `errors` as one object (the document types it an array or an object).
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl, urlencode

from sendcloud_contracts.double.base import Reply
from sendcloud_contracts.double.catalogue import listing_faults
from sendcloud_contracts.double.catalogue.v3_variant import (
    ERROR,
    answer_kind,
    listed_logs,
    on_v3,
    on_v3_reply,
    v3_entry,
    with_account,
    with_logs,
)
from sendcloud_contracts.double.catalogue.variant import Kind
from sendcloud_contracts.double.instants import instant
from sendcloud_contracts.double.v3 import logs

if TYPE_CHECKING:
    from collections.abc import Callable

    from sendcloud_contracts.double.app import DoubleApp
    from sendcloud_contracts.double.base import Request
    from sendcloud_contracts.double.data import Integration
    from sendcloud_contracts.double.listing_data import Item

    Body = dict[str, Any]

# The integrations whose newest log the one-page variation keeps: two logs in all, one page at size 2.
ONE_PAGE_OWNERS = (5, 123)
# The fields each answer leaves out in the variation without optional fields (the v3 schemas
# require none of an integration's; of a log, only `base_url`).
INTEGRATION_OPTIONAL = (
    "shop_url",
    "service_point_enabled",
    "service_point_carriers",
    "webhook_active",
    "webhook_url",
    "feedback_type",
)
# v2's optional log fields, and what v3's log adds.
LOG_OPTIONAL = ("integration_id", *listing_faults.LOG_OPTIONAL, "additional_data")
# Offsets the same instants are written in, in turn: half and three-quarter hours, the ends of the range.
OFFSETS = (
    timedelta(hours=-3, minutes=-30),
    timedelta(hours=5, minutes=45),
    timedelta(hours=14),
    timedelta(hours=-12),
)
DATE_TIMES = ("started_failing_at", "last_fetched_at", "created_at", "updated_at", "deleted_at")


def _empty_lists(request: Request, app: DoubleApp) -> Reply:
    reply = app.faithful(request)
    if answer_kind(request, reply) not in ("logs", "statuses"):
        return reply
    return Reply.json(
        200, {"data": []}, {name: value for name, value in reply.headers.items() if name != "Link"}
    )


def _never_fetched(integration: Integration) -> None:
    integration.update(failing_since=None, last_fetch=None, webhook_url=None, webhook_active=False)


def _newest_of_a_few(every: list[Item]) -> list[Item]:
    newest: dict[int, Item] = {}
    for log in every:
        if log["integration_id"] in ONE_PAGE_OWNERS:
            newest.setdefault(log["integration_id"], log)
    return [log for log in every if log in newest.values()]


def _dropping(names: tuple[str, ...]) -> Callable[[Body], None]:
    def drop(item: Body) -> None:
        for name in names:
            item.pop(name, None)

    return drop


def _items(body: Body) -> list[Body]:
    return body["data"] if isinstance(body["data"], list) else [body["data"]]


def _optional_absent(body: Body, request: Request, app: DoubleApp) -> None:
    for item in _items(body):
        if "shop_name" in item:
            _dropping(INTEGRATION_OPTIONAL)(item)
        elif "base_url" in item:
            _dropping(LOG_OPTIONAL)(item)
        elif "translations" in item:
            _dropping(("status", "deleted_at"))(item)
        else:
            for entry in item["mapping"]:
                entry.pop("is_valid")


def _undocumented(body: Body, request: Request, app: DoubleApp) -> None:
    body["meta"] = {"api_version": "3.0.0"}
    for item in _items(body):
        item["region"] = "eu-west-1"
        for translation in item.get("translations", []):
            translation["is_default"] = translation["language"] == "en-gb"


def _elsewhere(stamp: str, offset: timedelta) -> str:
    """The same instant, written at `offset` with six fractional digits."""
    moved = datetime.fromisoformat(stamp).astimezone(timezone(offset))
    return moved.isoformat(timespec="microseconds")


def _other_offsets(body: Body, request: Request, app: DoubleApp) -> None:
    for position, item in enumerate(_items(body)):
        # By id where there is one: an integration is written alike in the list and on its own.
        key = item["id"] if isinstance(item.get("id"), int) else position
        for index, name in enumerate(DATE_TIMES):
            if isinstance(item.get(name), str):
                item[name] = _elsewhere(item[name], OFFSETS[(key + index) % len(OFFSETS)])


def _link(request: Request, cursor: str | None) -> str:
    kept = [
        (name, value) for name, value in parse_qsl(request.query, keep_blank_values=True) if name != "cursor"
    ]
    if cursor is not None:
        kept.append(("cursor", cursor))
    host = request.header("Host") or "127.0.0.1"
    return f"http://{host}{request.path}" + (f"?{urlencode(kept)}" if kept else "")


def _more_relations(reply: Reply, request: Request, app: DoubleApp) -> Reply:
    """`prev` before `next`, a link parameter besides `rel`, and `rel="next last"` when the next page
    is the last: the same next page, announced as RFC 8288 also allows."""
    # Called for pages of logs only, which `listed_logs` always finds.
    every = listed_logs(request, app) or []
    query = parse_qsl(request.query, keep_blank_values=True)
    size = logs.page_size(query)
    cursors = [value for name, value in query if name == "cursor"]
    older_than = instant(cursors[-1]) if cursors else None
    start = 0 if older_than is None else sum((instant(log["created_at"]) or 0) >= older_than for log in every)
    links = []
    if start > 0:
        previous = max(0, start - size)
        links.append(
            f'<{_link(request, every[previous - 1]["created_at"] if previous else None)}>; rel="prev"'
        )
    if start + size < len(every):
        relations = "next last" if len(every) - (start + size) <= size else "next"
        cursor = every[start + size - 1]["created_at"]
        links.append(f'<{_link(request, cursor)}>; rel="{relations}"; type="application/json"')
    headers = {name: value for name, value in reply.headers.items() if name != "Link"}
    if links:
        headers["Link"] = ", ".join(links)
    return Reply(reply.status, headers, reply.body)


def _every_member(body: Body, request: Request, app: DoubleApp) -> None:
    first = body["errors"][0]
    first.update(
        id="4f1c2a3e-2d5b-4c3b-9a8e-1f2e3d4c5b6a",
        links={"about": "https://api.sendcloud.dev/docs/errors"},
        meta={"request_id": "0c4d1e2f"},
    )
    body["errors"].append(
        {**first, "id": "9b8a7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d", "detail": "Please try again."}
    )


def _one_object(body: Body, request: Request, app: DoubleApp) -> None:
    body["errors"] = body["errors"][0]


V3_VARIATIONS = (
    v3_entry(
        "v3-empty-lists",
        Kind.VALID,
        'every list of logs and of shop order statuses is empty: {"data": []}, no Link',
        _empty_lists,
    ),
    v3_entry(
        "v3-one-page-lists",
        Kind.VALID,
        f"only integrations {' and '.join(map(str, ONE_PAGE_OWNERS))} have a log, one each: every list of "
        "logs fits on one page of 2, without Link",
        with_logs(_newest_of_a_few),
    ),
    v3_entry(
        "v3-null-timestamps",
        Kind.VALID,
        "no integration has ever failed or been fetched, nor has a webhook: started_failing_at, "
        "last_fetched_at and webhook_url are null",
        with_account(_never_fetched),
    ),
    v3_entry(
        "v3-optional-fields-absent",
        Kind.VALID,
        "optional fields left out: integrations keep id, shop_name, type and their date-times; logs id, "
        "base_url and created_at; statuses external_id and translations; mapping entries lose is_valid",
        on_v3(_optional_absent, "integration", "list", "logs", "statuses", "mapping"),
    ),
    v3_entry(
        "v3-undocumented-fields",
        Kind.VALID,
        'every answer carries fields the document does not name: "meta" beside "data", "region" in each item',
        on_v3(_undocumented, "integration", "list", "logs", "statuses", "mapping"),
    ),
    v3_entry(
        "v3-timestamps-in-other-offsets",
        Kind.VALID,
        "every date-time is the same instant written at -03:30, +05:45, +14:00 or -12:00, with microseconds",
        on_v3(_other_offsets, "integration", "list", "logs", "statuses"),
    ),
    v3_entry(
        "v3-link-with-more-relations",
        Kind.VALID,
        'Link names rel="prev" before rel="next", with a type parameter, and rel="next last" before the '
        "last page",
        on_v3_reply(_more_relations, "logs"),
    ),
    v3_entry(
        "v3-errors-with-every-member",
        Kind.VALID,
        "v3 errors carry id, links, meta and a second error object besides status, code, title and detail",
        on_v3(_every_member, ERROR),
    ),
    v3_entry(
        "v3-errors-as-one-object",
        Kind.VALID,
        'v3 errors hold one error object, not a list: {"errors": {...}}, as the document\'s type allows',
        on_v3(_one_object, ERROR),
    ),
)
