"""What the reference double answers: a pure function from a request to a reply.

The HTTP plumbing lives in `server.py`; keeping the behaviour here makes it testable
without sockets and lets fault variants rewrite a reply without touching the server.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
import secrets
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs

from sendcloud_contracts.double import listings
from sendcloud_contracts.double.data import Integration, seeded_integrations

if TYPE_CHECKING:
    from sendcloud_contracts.double.catalogue.variant import VariantBehaviour

API_PREFIX = "/api/v2"
# API v3 serves the same account on the same host (`double/v3/`).
API_V3_PREFIX = "/api/v3"
API_PREFIXES = {"v2": API_PREFIX, "v3": API_V3_PREFIX}
TOKEN_PATH = "/oauth2/token/"
# As the real API advertises: PUT is in the wider document, not in the one-operation spec.
ALLOWED_METHODS = "GET, PUT, HEAD, OPTIONS"
# What Django REST framework answers to OPTIONS on a detail view.
VIEW_DESCRIPTION = {
    "name": "Integration",
    "description": "Retrieve, update or delete an integration.",
    "renders": ["application/json"],
    "parses": ["application/json", "application/x-www-form-urlencoded", "multipart/form-data"],
}
DEFAULT_PUBLIC_KEY = "double-public-key"
DEFAULT_SECRET_KEY = "double-secret-key"
TOKEN_LIFETIME_SECONDS = 3600

# What the host answers outside the API (its web panel): Django's HTML page, not the v2 envelope.
PAGE_NOT_FOUND = (
    b'<!doctype html>\n<html lang="en">\n<head>\n  <title>Page not found</title>\n</head>\n<body>\n'
    b"  <h1>Page not found (404)</h1>\n</body>\n</html>\n"
)

INTEGRATION_PATH = re.compile(rf"^{API_PREFIX}/integrations/(?P<id>[^/]*)/?$")
LIST_PATH = f"{API_PREFIX}/integrations"
ALL_LOGS_PATH = f"{API_PREFIX}/integrations/logs"
PER_INTEGRATION_PATH = re.compile(rf"^{API_PREFIX}/integrations/(?P<id>[^/]+)/(?P<kind>shipments|logs)/?$")
# The read operations the double serves besides one integration; it implements no writes.
LISTING_METHODS = "GET, HEAD, OPTIONS"


@dataclass(frozen=True)
class Request:
    method: str
    path: str
    query: str
    headers: dict[str, str]
    body: bytes = b""

    def header(self, name: str) -> str | None:
        lowered = name.lower()
        return next((value for key, value in self.headers.items() if key.lower() == lowered), None)


@dataclass
class Reply:
    status: int
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""
    # A server that accepts a request and never answers it cannot be expressed as a status:
    # the HTTP server holds such a connection open until it stops.
    withheld: bool = False

    @classmethod
    def json(cls, status: int, payload: Any, headers: dict[str, str] | None = None) -> Reply:
        # Compact separators: the real API sends compact JSON.
        body = json.dumps(payload, separators=(",", ":"), ensure_ascii=False).encode()
        return cls(status, {"Content-Type": "application/json", **(headers or {})}, body)


def error_envelope(
    status: int, request: Request, message: str, headers: dict[str, str] | None = None
) -> Reply:
    """The v2 error body: `request` is the path without host and leading slash."""
    payload = {"error": {"code": status, "request": request.path.lstrip("/"), "message": message}}
    return Reply.json(status, payload, headers)


@dataclass
class DoubleApp:
    """The endpoint's behaviour: HTTP Basic or OAuth2 Bearer auth, 200 / 401 / 404 / 405."""

    public_key: str = DEFAULT_PUBLIC_KEY
    secret_key: str = DEFAULT_SECRET_KEY
    token_lifetime: float = TOKEN_LIFETIME_SECONDS
    integrations: dict[int, Integration] = field(default_factory=seeded_integrations)
    # token -> expiry (monotonic seconds)
    tokens: dict[str, float] = field(default_factory=dict)
    # A name from the fault catalogue (`faults.CATALOGUE`): how this double departs from the
    # faithful behaviour. Each app gets its own instance, so throttling counts per double.
    variant: str | None = None
    _variant_behaviour: VariantBehaviour | None = field(default=None, init=False, repr=False)

    def __post_init__(self) -> None:
        if self.variant is not None:
            # Imported here: the catalogue is built on this module's Request and Reply.
            from sendcloud_contracts.double.catalogue.faults import behaviour_for

            self._variant_behaviour = behaviour_for(self.variant)

    def handle(self, request: Request) -> Reply:
        if self._variant_behaviour is not None:
            return self._variant_behaviour(request, self)
        return self.faithful(request)

    def faithful(self, request: Request) -> Reply:
        """What the documented API answers, whatever variant this double plays."""
        if request.path == TOKEN_PATH:
            return self._token(request)
        if request.path.startswith(API_V3_PREFIX + "/"):
            # Imported here: API v3 is built on this module's Request and Reply.
            from sendcloud_contracts.double.v3.routes import answer

            return answer(request, self)
        if not request.path.startswith(API_PREFIX + "/"):
            return Reply(404, {"Content-Type": "text/html; charset=utf-8"}, PAGE_NOT_FOUND)
        denied = self._authenticate(request)
        if denied is not None:
            return denied
        listing = self._listing(request)
        if listing is not None:
            return listing
        match = INTEGRATION_PATH.match(request.path)
        if match is None:
            return error_envelope(404, request, "Not found.")
        if request.method == "OPTIONS":
            return Reply.json(200, VIEW_DESCRIPTION, self._allow())
        if request.method not in ("GET", "HEAD"):
            message = f'Method "{request.method}" not allowed.'
            return error_envelope(405, request, message, self._allow())
        integration = self._find(match.group("id"))
        if integration is None:
            return error_envelope(404, request, "No Integration matches the given query.", self._allow())
        return Reply.json(200, integration, self._allow())

    def refuses(self, request: Request) -> bool:
        """Whether the request's credentials are missing or wrong: API v3 words its 401 its own way."""
        return self._authenticate(request) is not None

    def _listing(self, request: Request) -> Reply | None:
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
            every = list(self.integrations.values())
            return Reply.json(200, listings.integration_list(every, request.query), allow)
        if per_integration is None:
            every_log = listings.logs(list(self.integrations.values()))
            return Reply.json(200, listings.page(every_log, request), allow)
        integration = self._find(per_integration.group("id"))
        if integration is None:
            return error_envelope(404, request, "No Integration matches the given query.", allow)
        if per_integration.group("kind") == "logs":
            return Reply.json(200, listings.page(listings.logs([integration]), request), allow)
        try:
            found = listings.shipments(integration, request.query)
        except listings.BadFilter as error:
            return error_envelope(400, request, str(error), allow)
        return Reply.json(200, listings.page(found, request), allow)

    def _allow(self) -> dict[str, str]:
        return {"Allow": ALLOWED_METHODS}

    def _find(self, raw_id: str) -> Integration | None:
        # The route only matches digits, so "-1", "1.5" or "abc" are plain 404s, as in Django.
        if not raw_id.isascii() or not raw_id.isdigit():
            return None
        return self.integrations.get(int(raw_id))

    def _authenticate(self, request: Request) -> Reply | None:
        authorization = request.header("Authorization")
        unauthorized = {"WWW-Authenticate": "Bearer"}
        if not authorization:
            return error_envelope(401, request, "Authentication credentials were not provided.", unauthorized)
        scheme, _, credentials = authorization.partition(" ")
        if scheme.lower() == "basic" and self._basic_matches(credentials):
            return None
        if scheme.lower() == "bearer" and self._token_is_live(credentials.strip()):
            return None
        return error_envelope(401, request, "Invalid username/password.", unauthorized)

    def _basic_matches(self, credentials: str) -> bool:
        try:
            decoded = base64.b64decode(credentials.strip(), validate=True).decode()
        except (binascii.Error, UnicodeDecodeError):
            return False
        public_key, _, secret_key = decoded.partition(":")
        return secrets.compare_digest(public_key, self.public_key) and secrets.compare_digest(
            secret_key, self.secret_key
        )

    def _token_is_live(self, token: str) -> bool:
        expiry = self.tokens.get(token)
        return expiry is not None and time.monotonic() < expiry

    def _token(self, request: Request) -> Reply:
        """OAuth2 client credentials (RFC 6749 section 4.4), client authenticated by HTTP Basic."""
        if request.method != "POST":
            return Reply.json(405, {"error": "invalid_request"}, {"Allow": "POST"})
        authorization = request.header("Authorization") or ""
        scheme, _, credentials = authorization.partition(" ")
        if scheme.lower() != "basic" or not self._basic_matches(credentials):
            return Reply.json(401, {"error": "invalid_client"}, {"WWW-Authenticate": "Basic"})
        form = parse_qs(request.body.decode("utf-8", "replace"))
        if form.get("grant_type") != ["client_credentials"]:
            return Reply.json(400, {"error": "unsupported_grant_type"})
        token = secrets.token_urlsafe(32)
        self.tokens[token] = time.monotonic() + self.token_lifetime
        payload = {
            "access_token": token,
            "token_type": "Bearer",
            "expires_in": int(self.token_lifetime),
            "scope": "api",
        }
        return Reply.json(200, payload, {"Cache-Control": "no-store"})
