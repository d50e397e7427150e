"""The building blocks of API v3's catalogue entries: which answer of v3 a reply is, and how to bend it.

Most entries rewrite one kind of v3 answer (an integration, the list, a page of logs, the shop
order statuses, the mapping, an error); a few change the request before the double answers it
(a query parameter ignored), or the account the double serves (both versions see the change, and
v3 sorts and pages what it holds).
"""

from __future__ import annotations

import copy
import dataclasses
import json
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl, urlencode

from sendcloud_contracts.double.base import API_V3_PREFIX, Reply, Request
from sendcloud_contracts.double.catalogue.variant import V3_SPEC, Kind, Variant
from sendcloud_contracts.double.v3 import logs
from sendcloud_contracts.double.v3.routes import route_of

if TYPE_CHECKING:
    from collections.abc import Callable

    from sendcloud_contracts.double.app import DoubleApp
    from sendcloud_contracts.double.catalogue.variant import VariantBehaviour
    from sendcloud_contracts.double.data import Integration
    from sendcloud_contracts.double.listing_data import Item

    # Gets the body (a copy), the request and the double; changes the body in place (returning None)
    # or returns the body to send instead.
    Change = Callable[[Any, Request, DoubleApp], Any]

ERROR = "error"


def v3_entry(
    name: str, kind: Kind, description: str, behaviour: VariantBehaviour, *caught_by: str
) -> Variant:
    """An entry that bends API v3: a suite must run with the v3 document, at `/api/v3`, to reach it."""
    return Variant(name, kind, description, lambda: behaviour, caught_by, spec=V3_SPEC)


def answer_kind(request: Request, reply: Reply) -> str:
    """What a v3 answer holds: `list`, `integration`, `logs`, `statuses` or `mapping` for a 200 to a GET
    (or HEAD), `error` for a 4xx or 5xx, "" for anything else (OPTIONS, other versions)."""
    if not request.path.startswith(API_V3_PREFIX + "/"):
        return ""
    if reply.status >= 400:
        return ERROR
    found = route_of(request.path)
    if found is None or reply.status != 200 or request.method not in ("GET", "HEAD"):
        return ""
    return found[0].kind


def on_v3(change: Change, *kinds: str) -> VariantBehaviour:
    """Rewrite the JSON body of every v3 answer of `kinds`, keeping its status and headers."""

    def behaviour(request: Request, app: DoubleApp) -> Reply:
        reply = app.faithful(request)
        if answer_kind(request, reply) not in kinds:
            return reply
        body = json.loads(reply.body)
        changed = change(body, request, app)
        return Reply.json(reply.status, body if changed is None else changed, reply.headers)

    return behaviour


def on_v3_reply(change: Callable[[Reply, Request, DoubleApp], Reply], *kinds: str) -> VariantBehaviour:
    """Replace whole v3 replies (status, headers, body) of `kinds`."""

    def behaviour(request: Request, app: DoubleApp) -> Reply:
        reply = app.faithful(request)
        return change(reply, request, app) if answer_kind(request, reply) in kinds else reply

    return behaviour


def query_of(request: Request) -> list[tuple[str, str]]:
    return parse_qsl(request.query, keep_blank_values=True)


def with_query(request: Request, query: list[tuple[str, str]]) -> Request:
    return Request(request.method, request.path, urlencode(query), request.headers, request.body)


def rewriting_query(
    change: Callable[[list[tuple[str, str]]], list[tuple[str, str]]], *kinds: str
) -> VariantBehaviour:
    """Answer v3's routes of `kinds` as if the query had been what `change` makes of it."""

    def behaviour(request: Request, app: DoubleApp) -> Reply:
        found = route_of(request.path) if request.path.startswith(API_V3_PREFIX + "/") else None
        if found is None or found[0].kind not in kinds:
            return app.faithful(request)
        return app.faithful(with_query(request, change(query_of(request))))

    return behaviour


def with_account(change: Callable[[Integration], None]) -> VariantBehaviour:
    """Serve an account whose integrations `change` altered (in v2's data, so both versions see it)."""

    def behaviour(request: Request, app: DoubleApp) -> Reply:
        integrations = copy.deepcopy(app.integrations)
        for integration in integrations.values():
            change(integration)
        # The same keys and tokens: a token the double issued is good for the altered account too.
        altered = dataclasses.replace(app, integrations=integrations, behaviour=None)
        return altered.faithful(request)

    return behaviour


def listed_logs(request: Request, app: DoubleApp) -> list[Item] | None:
    """Every log of the list a v3 logs request names, newest first; None for any other request."""
    found = route_of(request.path) if request.path.startswith(API_V3_PREFIX + "/") else None
    if found is None or found[0].kind != "logs":
        return None
    raw_id = found[1]
    if not raw_id:
        return logs.newest_first(app.account.logs())
    integration = app.account.find(raw_id)
    return None if integration is None else logs.newest_first(app.account.logs([integration["id"]]))


def with_logs(keep: Callable[[list[Item]], list[Item]]) -> VariantBehaviour:
    """Serve v3's lists of logs as if the account held only the logs `keep` leaves of each list,
    paged as the double pages any list."""

    def behaviour(request: Request, app: DoubleApp) -> Reply:
        reply = app.faithful(request)
        every = listed_logs(request, app)
        if every is None or answer_kind(request, reply) != "logs":
            return reply
        kept = logs.answer(request, keep(every))
        kept.headers.update({name: value for name, value in reply.headers.items() if name != "Link"})
        return kept

    return behaviour
