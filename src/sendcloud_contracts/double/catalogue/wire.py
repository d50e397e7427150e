"""Catalogue entries about what goes over the wire: encodings, strict JSON, flaky errors, wrong paths.

Valid: gzip-encoded bodies, as the real API sends larger ones. Faults: bodies no JavaScript or Go
client can read (`NaN`, invalid UTF-8), a server error now and then on existing integrations,
and a base URL that does not lead to the API (a setup mistake: exit 4, not a broken contract).
"""

from __future__ import annotations

import gzip
import threading
from typing import TYPE_CHECKING

from sendcloud_contracts.double.base import PAGE_NOT_FOUND, TOKEN_PATH, Reply, error_envelope
from sendcloud_contracts.double.catalogue.variant import (
    Kind,
    Variant,
    fault,
    integration_replies,
    on_integration,
    on_reply,
    valid,
)
from sendcloud_contracts.exitcodes import BAD_INPUT

if TYPE_CHECKING:
    from sendcloud_contracts.double.app import DoubleApp
    from sendcloud_contracts.double.base import Request

# Every this-many-th GET of an existing integration answers 500: rare enough to pass a glance,
# frequent enough that a default run, which sends most GETs to known ids, meets it.
SERVER_ERROR_EVERY = 7


def _gzipped(reply: Reply) -> Reply:
    # mtime=0: the same body compresses to the same bytes, so recordings stay identical.
    body = gzip.compress(reply.body, mtime=0)
    return Reply(reply.status, {**reply.headers, "Content-Encoding": "gzip", "Vary": "Accept-Encoding"}, body)


def _latin1_shop_name(reply: Reply) -> Reply:
    # A `ü` sent as one Latin-1 byte: Python's lenient decoders hide it, a strict client does not.
    return Reply(
        reply.status, dict(reply.headers), reply.body.replace(b'"shop_name":"', b'"shop_name":"M\xfcller ', 1)
    )


class ServerErrorEveryNth:
    """Answer 500 (in the v2 envelope) to every `every`-th GET of an existing integration."""

    def __init__(self, every: int) -> None:
        self.every = every
        self.served = 0
        self._lock = threading.Lock()

    def __call__(self, request: Request, app: DoubleApp) -> Reply:
        reply = app.faithful(request)
        if request.method != "GET" or not integration_replies(request, reply):
            return reply
        with self._lock:
            self.served += 1
            failing = self.served % self.every == 0
        if failing:
            return error_envelope(500, request, "A server error occurred.")
        return reply


def _api_elsewhere(request: Request, app: DoubleApp) -> Reply:
    """Whatever answers at the base URL is not the API: a web front end's HTML 404 page."""
    if request.path == TOKEN_PATH:
        return app.faithful(request)
    return Reply(404, {"Content-Type": "text/html; charset=utf-8"}, PAGE_NOT_FOUND)


WIRE_FAULTS: tuple[Variant, ...] = (
    fault(
        "nan-in-undocumented-field",
        "integrations carry a field the spec does not describe, with the value NaN (not JSON)",
        on_integration(lambda integration: integration.__setitem__("fill_rate", float("nan"))),
        "NaN is not a JSON value",
    ),
    fault(
        "invalid-utf8-shop-name",
        "shop_name holds a Latin-1 byte, so the body is not UTF-8",
        on_reply(integration_replies, _latin1_shop_name),
        "is not valid UTF-8",
    ),
    Variant(
        "intermittent-server-error",
        Kind.FAULT,
        f"every {SERVER_ERROR_EVERY}th GET of an existing integration answers 500",
        lambda: ServerErrorEveryNth(SERVER_ERROR_EVERY),
        ("Received: 500", "Server error"),
    ),
    fault(
        "wrong-base-path",
        "the base URL leads to a web front end, not the API: every path answers an HTML 404",
        _api_elsewhere,
        "does not lead to the API; it usually ends in /api/v2",
        exit_code=BAD_INPUT,
    ),
)

WIRE_VARIATIONS: tuple[Variant, ...] = (
    valid(
        "gzip-encoded",
        "integrations are gzip-encoded with Content-Encoding: gzip, as the real API sends larger bodies",
        on_reply(integration_replies, _gzipped),
    ),
)
