"""API v2's routes under `/api/v2`, once the app let the credentials in: the path, then the method.

Errors come in the v2 envelope; `OPTIONS` answers Django REST framework's description of the view;
a method a path does not serve answers 405 with the path's `Allow`. Each path's `Allow` names the
methods it serves, but one integration's: the real API advertises `GET, PUT, HEAD, OPTIONS` there
(public recordings), and serves `PATCH` and `DELETE` too, as the double does.

The reads are here; the writes in `integration_writes.py`, `shipment_writes.py` and `log_writes.py`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sendcloud_contracts.double import listings
from sendcloud_contracts.double.base import API_PREFIX, VIEW_DESCRIPTION, Reply, error_envelope
from sendcloud_contracts.double.v2 import asked, integration_writes, log_writes, shipment_writes

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

    from sendcloud_contracts.double.account import Account
    from sendcloud_contracts.double.base import Request

    Handler = Callable[[Request, Account, str], Reply]

INTEGRATION_PATH = re.compile(rf"^{API_PREFIX}/integrations/(?P<id>[^/]*)/?$")
LIST_PATH = f"{API_PREFIX}/integrations"
ALL_LOGS_PATH = f"{API_PREFIX}/integrations/logs"
PER_INTEGRATION_PATH = re.compile(rf"^{API_PREFIX}/integrations/(?P<id>[^/]+)/(?P<kind>shipments|logs)/?$")
SHIPMENTS_DELETE_PATH = re.compile(rf"^{API_PREFIX}/integrations/(?P<id>[^/]+)/shipments/delete/?$")
# As the real API advertises on one integration (public recordings), though it also serves PATCH and DELETE.
ALLOWED_METHODS = "GET, PUT, HEAD, OPTIONS"
# The lists of the account and of all its logs, which nothing writes.
LISTING_METHODS = "GET, HEAD, OPTIONS"
# An integration's shipments and logs: read, and written by POST.
WRITABLE_LISTING_METHODS = "GET, POST, HEAD, OPTIONS"
SHIPMENTS_DELETE_METHODS = "POST, OPTIONS"


def _integration(request: Request, account: Account, raw_id: str) -> Reply:
    integration = asked.integration(request, account, raw_id)
    if isinstance(integration, Reply):
        return integration
    return Reply.json(200, integration)


def _list(request: Request, account: Account, raw_id: str) -> Reply:
    every = list(account.integrations.values())
    return Reply.json(200, listings.integration_list(every, request.query))


def _all_logs(request: Request, account: Account, raw_id: str) -> Reply:
    return Reply.json(200, listings.page(listings.logs(account.logs()), request))


def _logs_of(request: Request, account: Account, raw_id: str) -> Reply:
    integration = asked.integration(request, account, raw_id)
    if isinstance(integration, Reply):
        return integration
    return Reply.json(200, listings.page(listings.logs(account.logs([integration["id"]])), request))


def _shipments_of(request: Request, account: Account, raw_id: str) -> Reply:
    integration = asked.integration(request, account, raw_id)
    if isinstance(integration, Reply):
        return integration
    try:
        found = listings.shipments(account.shipments(integration["id"]), request.query)
    except listings.BadFilter as error:
        return error_envelope(400, request, str(error))
    return Reply.json(200, listings.page(found, request))


@dataclass(frozen=True)
class Route:
    pattern: re.Pattern[str]
    # How `OPTIONS` names the view, and what `Allow` advertises.
    name: str
    allow: str
    # By method; HEAD is answered as GET.
    handlers: Mapping[str, Handler]
    # Matched with the path's trailing slashes stripped, as the lists always were.
    stripped: bool = True


# The lists before one integration: `/integrations/logs` is no integration.
ROUTES = (
    Route(re.compile(re.escape(LIST_PATH)), "Integration list", LISTING_METHODS, {"GET": _list}),
    Route(re.compile(re.escape(ALL_LOGS_PATH)), "Integration list", LISTING_METHODS, {"GET": _all_logs}),
    Route(
        SHIPMENTS_DELETE_PATH,
        "Shipment delete",
        SHIPMENTS_DELETE_METHODS,
        {"POST": shipment_writes.delete},
    ),
    Route(
        re.compile(rf"^{API_PREFIX}/integrations/(?P<id>[^/]+)/shipments/?$"),
        "Integration list",
        WRITABLE_LISTING_METHODS,
        {"GET": _shipments_of, "POST": shipment_writes.upsert},
    ),
    Route(
        re.compile(rf"^{API_PREFIX}/integrations/(?P<id>[^/]+)/logs/?$"),
        "Integration list",
        WRITABLE_LISTING_METHODS,
        {"GET": _logs_of, "POST": log_writes.create},
    ),
    Route(
        INTEGRATION_PATH,
        "Integration",
        ALLOWED_METHODS,
        {
            "GET": _integration,
            "PUT": integration_writes.update,
            "PATCH": integration_writes.update,
            "DELETE": integration_writes.delete,
        },
        stripped=False,
    ),
)


def route_of(path: str) -> tuple[Route, str] | None:
    """The route of a path under `/api/v2`, with its `{id}` ("" if none)."""
    for route in ROUTES:
        match = route.pattern.fullmatch(path.rstrip("/") if route.stripped else path)
        if match is not None:
            return route, match.groupdict().get("id", "")
    return None


def unauthorized(request: Request) -> Reply:
    """401 in the envelope; the real API names Bearer whatever the credentials were."""
    challenge = {"WWW-Authenticate": "Bearer"}
    if not request.header("Authorization"):
        return error_envelope(401, request, "Authentication credentials were not provided.", challenge)
    return error_envelope(401, request, "Invalid username/password.", challenge)


def answer(request: Request, account: Account) -> Reply:
    """What API v2 answers to a request under `/api/v2/` with valid credentials."""
    found = route_of(request.path)
    if found is None:
        return error_envelope(404, request, "Not found.")
    route, raw_id = found
    allow = {"Allow": route.allow}
    if request.method == "OPTIONS":
        return Reply.json(200, {**VIEW_DESCRIPTION, "name": route.name}, allow)
    handler = route.handlers.get("GET" if request.method == "HEAD" else request.method)
    if handler is None:
        return error_envelope(405, request, f'Method "{request.method}" not allowed.', allow)
    reply = handler(request, account, raw_id)
    reply.headers.update(allow)
    return reply
