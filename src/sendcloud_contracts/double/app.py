"""What the reference double answers: a function from a request to a reply, over one account.

The HTTP plumbing lives in `server.py`; keeping the behaviour here makes it testable without
sockets. The app lets the credentials in, holds writes to the real API's rate limit, and hands each
request to its version's router (`v2/routes.py`, `v3/routes.py`), both acting on one `Account`.
A behaviour it is given (a fault of the catalogue) may rewrite what that faithful answer would be,
without the app knowing any catalogue. It logs what it answered (`request_log`) and shows the
account's state (`state()`, and `GET /_double/state` outside the API) for tests to measure it.
"""

from __future__ import annotations

import base64
import binascii
import secrets
import threading
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol
from urllib.parse import parse_qs

from sendcloud_contracts.double.account import Account
from sendcloud_contracts.double.base import (
    API_PREFIX,
    API_V3_PREFIX,
    DEFAULT_PUBLIC_KEY,
    DEFAULT_SECRET_KEY,
    PAGE_NOT_FOUND,
    STATE_PATH,
    TOKEN_LIFETIME_SECONDS,
    TOKEN_PATH,
    Reply,
    Request,
)
from sendcloud_contracts.double.clock import SystemClock
from sendcloud_contracts.double.data import seeded_integrations
from sendcloud_contracts.double.ratelimit import REAL_WRITE_LIMIT, WriteLimiter
from sendcloud_contracts.double.requestlog import LoggedRequest, RequestLog
from sendcloud_contracts.double.v2 import routes as v2_routes
from sendcloud_contracts.double.v3 import routes as v3_routes

if TYPE_CHECKING:
    from collections.abc import Callable

    from sendcloud_contracts.double.clock import Clock
    from sendcloud_contracts.double.data import Integration
    from sendcloud_contracts.double.ratelimit import WriteLimit


class Behaviour(Protocol):
    """How a double departs from the faithful behaviour: it answers in the app's place, usually by
    bending what `app.faithful(request)` answers."""

    def __call__(self, request: Request, app: DoubleApp) -> Reply: ...


@dataclass(frozen=True)
class Router:
    """One version of the API: where it lives, how it refuses credentials, what it answers."""

    prefix: str
    unauthorized: Callable[[Request], Reply]
    answer: Callable[[Request, Account], Reply]


ROUTERS = (
    Router(API_PREFIX, v2_routes.unauthorized, v2_routes.answer),
    Router(API_V3_PREFIX, v3_routes.unauthorized, v3_routes.answer),
)


@dataclass
class DoubleApp:
    """The API's behaviour: HTTP Basic or OAuth2 Bearer auth, the write rate limit, then each version's
    routes over one account. The first five fields are what the double always had; the others
    switch what the account is and how it is measured."""

    public_key: str = DEFAULT_PUBLIC_KEY
    secret_key: str = DEFAULT_SECRET_KEY
    token_lifetime: float = TOKEN_LIFETIME_SECONDS
    integrations: dict[int, Integration] = field(default_factory=seeded_integrations)
    # token -> expiry (the clock's monotonic seconds)
    tokens: dict[str, float] = field(default_factory=dict)
    # How this double departs from the faithful behaviour (a fault of the catalogue, built for this
    # double by `catalogue.faults.behaviour_for`), or None to be faithful.
    behaviour: Behaviour | None = None
    # False: the account is no official Sendcloud partner, and v2's shipment upsert answers 403.
    official_partner: bool = True
    # False: the shop systems take no shop order statuses, and v3's status writes answer 400.
    order_statuses_supported: bool = True
    # The writes the account may send (the real API's 15 a second, 100 a minute); None: no limit.
    write_limit: WriteLimit | None = REAL_WRITE_LIMIT
    # Where timestamps, the rate limit, token expiry and the request log read the time.
    clock: Clock = field(default_factory=SystemClock)
    request_log: RequestLog = field(default_factory=RequestLog)
    # Where new uuids come from (`Account.new_uuid`); None: random, as the real API's.
    uuids: Callable[[], str] | None = None
    # What both versions act on, built on `integrations` (the same objects).
    account: Account = field(init=False, repr=False)
    _limiter: WriteLimiter | None = field(init=False, repr=False)
    # Writes change the account: one request at a time, as a behaviour may read it directly too.
    _one_at_a_time: threading.RLock = field(default_factory=threading.RLock, init=False, repr=False)

    def __post_init__(self) -> None:
        self.account = Account(
            self.integrations,
            self.clock,
            official_partner=self.official_partner,
            order_statuses_supported=self.order_statuses_supported,
        )
        if self.uuids is not None:
            self.account.new_uuid = self.uuids
        self._limiter = None if self.write_limit is None else WriteLimiter(self.write_limit, self.clock)

    def handle(self, request: Request) -> Reply:
        """The answer to a request, as this double plays the API; logged in `request_log`.

        `GET /_double/state` answers `state()`, outside any behaviour and unlogged: it is the
        double's, not the API's."""
        if request.path == STATE_PATH:
            return self._state_reply(request)
        with self._one_at_a_time:
            arrived = self.clock.monotonic()
            reply = self.faithful(request) if self.behaviour is None else self.behaviour(request, self)
            status = None if reply.withheld else reply.status
            write = request.is_api_write
            self.request_log.record(
                LoggedRequest(request.method, request.path, request.query, status, arrived, write)
            )
        return reply

    def faithful(self, request: Request) -> Reply:
        """What the real API answers, whatever behaviour this double was given."""
        if request.path == TOKEN_PATH:
            return self._token(request)
        router = next((each for each in ROUTERS if request.path.startswith(each.prefix + "/")), None)
        if router is None:
            return Reply(404, {"Content-Type": "text/html; charset=utf-8"}, PAGE_NOT_FOUND)
        if self.refuses(request):
            return router.unauthorized(request)
        if request.is_api_write and self._limiter is not None and not self._limiter.admits():
            # As the real API: an empty body, no Retry-After.
            return Reply(429)
        return router.answer(request, self.account)

    def state(self) -> dict[str, Any]:
        """A JSON-able snapshot of everything a write can change (`Account.state`)."""
        with self._one_at_a_time:
            return self.account.state()

    def refuses(self, request: Request) -> bool:
        """Whether the request's credentials are missing or wrong."""
        authorization = request.header("Authorization")
        if not authorization:
            return True
        scheme, _, credentials = authorization.partition(" ")
        if scheme.lower() == "basic" and self._basic_matches(credentials):
            return False
        return not (scheme.lower() == "bearer" and self._token_is_live(credentials.strip()))

    def _state_reply(self, request: Request) -> Reply:
        if request.method not in ("GET", "HEAD"):
            detail = {"detail": f'Method "{request.method}" not allowed.'}
            return Reply.json(405, detail, {"Allow": "GET, HEAD"})
        return Reply.json(200, self.state())

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
        return expiry is not None and self.clock.monotonic() < expiry

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
        self.tokens[token] = self.clock.monotonic() + self.token_lifetime
        payload = {
            "access_token": token,
            "token_type": "Bearer",
            "expires_in": int(self.token_lifetime),
            "scope": "api",
        }
        return Reply.json(200, payload, {"Cache-Control": "no-store"})
