"""API v2's routes under `/api/v2`, once the app let the credentials in: the path, then the method.

Errors come in the v2 envelope; `OPTIONS` answers Django REST framework's description of the view.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from sendcloud_contracts.double import listings
from sendcloud_contracts.double.base import API_PREFIX, VIEW_DESCRIPTION, Reply, error_envelope

if TYPE_CHECKING:
    from sendcloud_contracts.double.account import Account
    from sendcloud_contracts.double.base import Request

INTEGRATION_PATH = re.compile(rf"^{API_PREFIX}/integrations/(?P<id>[^/]*)/?$")
LIST_PATH = f"{API_PREFIX}/integrations"
ALL_LOGS_PATH = f"{API_PREFIX}/integrations/logs"
PER_INTEGRATION_PATH = re.compile(rf"^{API_PREFIX}/integrations/(?P<id>[^/]+)/(?P<kind>shipments|logs)/?$")
# As the real API advertises: PUT is in the wider document, not in the one-operation spec.
ALLOWED_METHODS = "GET, PUT, HEAD, OPTIONS"
# The read operations the double serves besides one integration; it implements no writes.
LISTING_METHODS = "GET, HEAD, OPTIONS"
NO_INTEGRATION = "No Integration matches the given query."


def unauthorized(request: Request) -> Reply:
    """401 in the envelope; the real API names Bearer whatever the credentials were."""
    challenge = {"WWW-Authenticate": "Bearer"}
    if not request.header("Authorization"):
        return error_envelope(401, request, "Authentication credentials were not provided.", challenge)
    return error_envelope(401, request, "Invalid username/password.", challenge)


def answer(request: Request, account: Account) -> Reply:
    """What API v2 answers to a request under `/api/v2/` with valid credentials."""
    listing = _listing(request, account)
    if listing is not None:
        return listing
    match = INTEGRATION_PATH.match(request.path)
    if match is None:
        return error_envelope(404, request, "Not found.")
    allow = {"Allow": ALLOWED_METHODS}
    if request.method == "OPTIONS":
        return Reply.json(200, VIEW_DESCRIPTION, allow)
    if request.method not in ("GET", "HEAD"):
        return error_envelope(405, request, f'Method "{request.method}" not allowed.', allow)
    integration = account.find(match.group("id"))
    if integration is None:
        return error_envelope(404, request, NO_INTEGRATION, allow)
    return Reply.json(200, integration, allow)


def _listing(request: Request, account: Account) -> Reply | None:
    """The list, shipments and logs; None for any other path."""
    path = request.path.rstrip("/")
    per_integration = PER_INTEGRATION_PATH.match(path)
    if path not in (LIST_PATH, ALL_LOGS_PATH) and per_integration is None:
        return None
    allow = {"Allow": LISTING_METHODS}
    if request.method == "OPTIONS":
        return Reply.json(200, {**VIEW_DESCRIPTION, "name": "Integration list"}, allow)
    if request.method not in ("GET", "HEAD"):
        return error_envelope(405, request, f'Method "{request.method}" not allowed.', allow)
    if path == LIST_PATH:
        every = list(account.integrations.values())
        return Reply.json(200, listings.integration_list(every, request.query), allow)
    if per_integration is None:
        every_log = listings.logs(list(account.integrations.values()))
        return Reply.json(200, listings.page(every_log, request), allow)
    integration = account.find(per_integration.group("id"))
    if integration is None:
        return error_envelope(404, request, NO_INTEGRATION, allow)
    if per_integration.group("kind") == "logs":
        return Reply.json(200, listings.page(listings.logs([integration]), request), allow)
    try:
        found = listings.shipments(integration, request.query)
    except listings.BadFilter as error:
        return error_envelope(400, request, str(error), allow)
    return Reply.json(200, listings.page(found, request), allow)
