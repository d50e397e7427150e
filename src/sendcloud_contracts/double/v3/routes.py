"""API v3's routes under `/api/v3`, once the app let the credentials in: the path, then the method.

The same account and credentials as API v2 (HTTP Basic, or a token from the same `/oauth2/token/`);
bodies wrapped in `data`, errors as JSON:API writes them. Each path serves the methods its `Allow`
names (the reads here; the writes in `integration_writes.py`, `log_writes.py`, `status_writes.py`);
any other method answers 405 with `Allow`, `OPTIONS` Django REST framework's description of the view.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sendcloud_contracts.double.base import API_V3_PREFIX, VIEW_DESCRIPTION, Reply
from sendcloud_contracts.double.v3 import (
    errors,
    integration_writes,
    log_writes,
    logs,
    sorting,
    status_writes,
    statuses,
)
from sendcloud_contracts.double.v3.views import integration_view

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

    from sendcloud_contracts.double.account import Account
    from sendcloud_contracts.double.base import Request

    Handler = Callable[[Request, Account, str], Reply]


def _list(request: Request, account: Account, raw_id: str) -> Reply:
    views = [
        integration_view(integration, account.v3_facts(integration_id))
        for integration_id, integration in account.integrations.items()
    ]
    return Reply.json(200, {"data": sorting.ordered(views, request.query)})


def _integration(request: Request, account: Account, raw_id: str) -> Reply:
    integration = account.find(raw_id)
    if integration is None:
        return errors.not_found(errors.INTEGRATION_NOT_FOUND)
    return Reply.json(200, {"data": integration_view(integration, account.v3_facts(integration["id"]))})


def _all_logs(request: Request, account: Account, raw_id: str) -> Reply:
    return logs.answer(request, logs.newest_first(account.logs()))


def _logs_of(request: Request, account: Account, raw_id: str) -> Reply:
    integration = account.find(raw_id)
    if integration is None:
        return errors.not_found(errors.INTEGRATION_NOT_FOUND)
    return logs.answer(request, logs.newest_first(account.logs([integration["id"]])))


def _statuses(request: Request, account: Account, raw_id: str) -> Reply:
    return statuses.statuses(request, account)


def _mapping(request: Request, account: Account, raw_id: str) -> Reply:
    return statuses.mapping(request, account)


@dataclass(frozen=True)
class Route:
    pattern: re.Pattern[str]
    # How `OPTIONS` names the view.
    name: str
    # What a success answer to a GET holds: `list`, `integration`, `logs`, `statuses` or `mapping`.
    kind: str
    # By method; HEAD is answered as GET.
    handlers: Mapping[str, Handler]

    @property
    def allow(self) -> str:
        """The methods the path serves, as `Allow` names them."""
        served = [method for method in ("GET", "POST", "PATCH", "DELETE") if method in self.handlers]
        return ", ".join([*served, "HEAD", "OPTIONS"])


# Literal paths before templated ones: `/integrations/logs` is no integration.
ROUTES = (
    Route(re.compile(r"/integrations"), "Integration list", "list", {"GET": _list}),
    Route(re.compile(r"/integrations/logs"), "Integration logs", "logs", {"GET": _all_logs}),
    Route(
        re.compile(r"/integrations/(?P<id>[^/]+)"),
        "Integration",
        "integration",
        {"GET": _integration, "PATCH": integration_writes.update, "DELETE": integration_writes.delete},
    ),
    Route(
        re.compile(r"/integrations/(?P<id>[^/]+)/logs"),
        "Integration logs",
        "logs",
        {"GET": _logs_of, "POST": log_writes.create},
    ),
    Route(
        re.compile(r"/shop-order-statuses"),
        "Shop order statuses",
        "statuses",
        {"GET": _statuses, "POST": status_writes.replace_statuses},
    ),
    Route(
        re.compile(r"/shop-order-statuses/mapping"),
        "Shop order status mapping",
        "mapping",
        {"GET": _mapping, "POST": status_writes.map_statuses},
    ),
)


def route_of(path: str) -> tuple[Route, str] | None:
    """The route of a path under `/api/v3` (a trailing slash or none), with its `{id}` ("" if none)."""
    relative = path.removeprefix(API_V3_PREFIX).rstrip("/")
    for route in ROUTES:
        match = route.pattern.fullmatch(relative)
        if match is not None:
            return route, match.groupdict().get("id", "")
    return None


def unauthorized(request: Request) -> Reply:
    return errors.unauthorized(request)


def answer(request: Request, account: Account) -> Reply:
    """What API v3 answers to a request under `/api/v3/` with valid credentials."""
    found = route_of(request.path)
    if found is None:
        return errors.not_found()
    route, raw_id = found
    allow = {"Allow": route.allow}
    if request.method == "OPTIONS":
        return Reply.json(200, {**VIEW_DESCRIPTION, "name": route.name}, allow)
    handler = route.handlers.get("GET" if request.method == "HEAD" else request.method)
    if handler is None:
        return errors.method_not_allowed(request.method, route.allow)
    reply = handler(request, account, raw_id)
    reply.headers.update(allow)
    return reply
