"""The building blocks of the fault catalogue: what a variant is, and how it bends a reply.

A variant wraps the double's faithful behaviour (`DoubleApp.faithful`): the app is given it as its
`behaviour`. Most rewrite one kind of reply (an integration, a 404 envelope); a few decide on the
request itself (throttling, ignoring credentials, never answering). Stateful ones are built fresh
for every `DoubleApp`.
"""

from __future__ import annotations

import base64
import enum
import json
import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sendcloud_contracts.defaults import DEFAULT_SPEC
from sendcloud_contracts.double.app import Behaviour
from sendcloud_contracts.double.base import API_PREFIX, Reply, Request
from sendcloud_contracts.double.v2.routes import ALL_LOGS_PATH, INTEGRATION_PATH

if TYPE_CHECKING:
    from collections.abc import Callable

    from sendcloud_contracts.double.app import DoubleApp
    from sendcloud_contracts.double.data import Integration

    JsonObject = dict[str, Any]

SEED_SPEC = "spec/integrations.yaml"
COMPLETE_SPEC = DEFAULT_SPEC
V3_SPEC = "spec/sendcloud-v3-integrations-openapi.yml"


# A catalogue entry's behaviour is what the app is given to play (`DoubleApp(behaviour=...)`).
VariantBehaviour = Behaviour


class Kind(enum.StrEnum):
    # The API breaks its contract: a correct suite fails, naming what broke.
    FAULT = "fault"
    # The API keeps its contract in an unusual way: a correct suite passes.
    VALID = "valid"


@dataclass(frozen=True)
class Variant:
    """One entry of the catalogue.

    `caught_by` lists fragments of a failure message; a run catches the fault when its output
    contains at least one of them, so a message that only says "failed" does not count.
    """

    name: str
    kind: Kind
    description: str
    build: Callable[[], VariantBehaviour]
    caught_by: tuple[str, ...] = ()
    # The suite's exit code against it: 1 for a broken contract, 0 for a valid variation, unless
    # the entry is a setup mistake (4) or an infrastructure failure (75).
    exit_code: int | None = None
    # The document a suite must run with to reach what the entry bends (relative to the checkout):
    # the one-operation seed, unless the entry bends an operation only the complete document has.
    spec: str = SEED_SPEC
    # The authentication a suite must use to reach it (`SENDCLOUD_AUTH`): `oauth2` for the token endpoint.
    auth: str = "basic"
    # The contract tests that reach what a fault bends, as a pytest `-k` expression (`reach.py`), or ""
    # for the whole suite. The self-test runs only those against the fault; the benchmark, the suite.
    reached_by: str = ""
    # The integration a write run may change (`--writes`, `SENDCLOUD_WRITE_INTEGRATION_ID`), for an
    # entry that bends the API's writes: only the write contract reaches it. None: a read run does.
    writes: int | None = None

    @property
    def expected_exit_code(self) -> int:
        if self.exit_code is not None:
            return self.exit_code
        return 1 if self.kind is Kind.FAULT else 0

    def __post_init__(self) -> None:
        if self.kind is Kind.FAULT and not self.caught_by:
            raise ValueError(f"fault {self.name!r} names no failure-message fragment in caught_by")


def fault(
    name: str, description: str, behaviour: VariantBehaviour, *caught_by: str, exit_code: int | None = None
) -> Variant:
    """A stateless fault: every double shares the one behaviour."""
    return Variant(name, Kind.FAULT, description, lambda: behaviour, caught_by, exit_code)


def valid(name: str, description: str, behaviour: VariantBehaviour) -> Variant:
    return Variant(name, Kind.VALID, description, lambda: behaviour)


def asked_id(request: Request) -> str:
    """The raw `{id}` segment of an integration request, or "" for any other path."""
    match = INTEGRATION_PATH.match(request.path)
    # `/integrations/logs` has the shape of an `{id}` path, but is a list of its own.
    return match.group("id") if match and request.path.rstrip("/") != ALL_LOGS_PATH else ""


def _json_body(reply: Reply) -> JsonObject:
    payload: JsonObject = json.loads(reply.body)
    return payload


def _with_json_body(reply: Reply, payload: object) -> Reply:
    return Reply.json(reply.status, payload, reply.headers)


def _is_integration(request: Request, reply: Reply) -> bool:
    # OPTIONS also answers 200 on the same path, with a description instead of an integration.
    return reply.status == 200 and request.method in ("GET", "HEAD") and bool(asked_id(request))


def _is_not_found(request: Request, reply: Reply) -> bool:
    return reply.status == 404 and request.path.startswith(API_PREFIX + "/")


def on_integration(change: Callable[[Integration], Integration | None]) -> VariantBehaviour:
    """Rewrite every integration the double serves.

    `change` gets a copy: it alters it in place and returns None, or returns a replacement.
    """

    def behaviour(request: Request, app: DoubleApp) -> Reply:
        reply = app.faithful(request)
        if not _is_integration(request, reply):
            return reply
        integration = _json_body(reply)
        returned = change(integration)
        return _with_json_body(reply, integration if returned is None else returned)

    return behaviour


def on_not_found(change: Callable[[JsonObject, Request], JsonObject | None]) -> VariantBehaviour:
    """Rewrite every 404 envelope; `change` gets the body (a copy) and the request."""

    def behaviour(request: Request, app: DoubleApp) -> Reply:
        reply = app.faithful(request)
        if not _is_not_found(request, reply):
            return reply
        envelope = _json_body(reply)
        returned = change(envelope, request)
        return _with_json_body(reply, envelope if returned is None else returned)

    return behaviour


def on_reply(when: Callable[[Request, Reply], bool], change: Callable[[Reply], Reply]) -> VariantBehaviour:
    """Replace whole replies (status, headers, body) where `when` holds."""

    def behaviour(request: Request, app: DoubleApp) -> Reply:
        reply = app.faithful(request)
        return change(reply) if when(request, reply) else reply

    return behaviour


def integration_replies(request: Request, reply: Reply) -> bool:
    return _is_integration(request, reply)


def not_found_replies(request: Request, reply: Reply) -> bool:
    return _is_not_found(request, reply)


def with_content_type(content_type: str) -> Callable[[Reply], Reply]:
    def change(reply: Reply) -> Reply:
        return Reply(reply.status, {**reply.headers, "Content-Type": content_type}, reply.body)

    return change


def valid_basic_credentials(app: DoubleApp) -> str:
    token = base64.b64encode(f"{app.public_key}:{app.secret_key}".encode()).decode()
    return f"Basic {token}"


def accepting_any_credentials(*, also_none: bool, prefix: str = API_PREFIX) -> VariantBehaviour:
    """Answer under `prefix` as if the right credentials came; with `also_none`, even when none came."""

    def behaviour(request: Request, app: DoubleApp) -> Reply:
        has_credentials = request.header("Authorization") is not None
        if not request.path.startswith(prefix + "/") or not (has_credentials or also_none):
            return app.faithful(request)
        headers = {key: value for key, value in request.headers.items() if key.lower() != "authorization"}
        headers["Authorization"] = valid_basic_credentials(app)
        return app.faithful(Request(request.method, request.path, request.query, headers, request.body))

    return behaviour


def never_answering(request: Request, app: DoubleApp) -> Reply:
    if not request.path.startswith(API_PREFIX + "/"):
        return app.faithful(request)
    return Reply(0, withheld=True)


class ThrottleFirst:
    """Answer 429 with an empty body to the first `count` GETs of an integration, then behave.

    The real API throttles per account and documents no `Retry-After`; a suite must back off
    on its own and honour the header only when it comes. Only GETs count: a suite tolerates
    any answer to its method probes, so throttling those would test nothing.
    """

    def __init__(self, count: int, retry_after: str | None = None) -> None:
        self.count = count
        self.retry_after = retry_after
        self.throttled = 0
        self._lock = threading.Lock()

    def __call__(self, request: Request, app: DoubleApp) -> Reply:
        if request.method == "GET" and asked_id(request):
            with self._lock:
                throttle = self.throttled < self.count
                self.throttled += throttle
            if throttle:
                headers = {} if self.retry_after is None else {"Retry-After": self.retry_after}
                return Reply(429, headers)
        return app.faithful(request)
