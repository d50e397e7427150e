"""The building blocks of the write contract's catalogue entries: which write a request is, and how to
bend what the double does with it.

Only a write run (`--writes`) reaches these entries, on the integration each names (`Variant.writes`):
API v2's on 123, whose settings can all be written back; API v3's on 90210, whose status mapping
names no deleted status, so that a v3 run maps statuses too (123's maps a deleted one, which no
client could post back as it was, so a run leaves 123's mapping alone).
"""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from sendcloud_contracts.double.base import API_PREFIX, API_V3_PREFIX, WRITE_METHODS, Reply, Request
from sendcloud_contracts.double.catalogue.variant import COMPLETE_SPEC, V3_SPEC, Kind, Variant
from sendcloud_contracts.double.v2 import integration_writes as v2_writes
from sendcloud_contracts.double.v2.routes import INTEGRATION_PATH, PER_INTEGRATION_PATH, SHIPMENTS_DELETE_PATH
from sendcloud_contracts.double.v3 import integration_writes as v3_writes
from sendcloud_contracts.double.v3.routes import route_of

if TYPE_CHECKING:
    from collections.abc import Callable

    from sendcloud_contracts.double.app import DoubleApp
    from sendcloud_contracts.double.catalogue.variant import VariantBehaviour

WRITES_TEST = "test_write_sequences"
WRITE_INTEGRATION = {"v2": 123, "v3": 90210}
# What a write does, as `Write.what` names it.
SETTINGS, DELETE, UPSERT, SHIPMENT_DELETE, LOG, STATUSES, MAPPING = (
    "settings",
    "delete",
    "upsert",
    "shipment delete",
    "log",
    "statuses",
    "mapping",
)
_V3_KINDS = {"logs": LOG, "statuses": STATUSES, "mapping": MAPPING}


@dataclass(frozen=True)
class Write:
    api: str
    what: str
    # The path's `{id}`, "" where the body names the integration (v3's statuses).
    raw_id: str


def write_entry(
    name: str,
    kind: Kind,
    description: str,
    build: Callable[[], VariantBehaviour],
    *caught_by: str,
    api: str = "v2",
) -> Variant:
    """An entry of the write contract: run with `--writes` on `WRITE_INTEGRATION[api]`, with the
    complete document of `api`; a fault is reached by the write test alone."""
    return Variant(
        name,
        kind,
        description,
        build,
        caught_by,
        spec=COMPLETE_SPEC if api == "v2" else V3_SPEC,
        reached_by=WRITES_TEST if kind is Kind.FAULT else "",
        writes=WRITE_INTEGRATION[api],
    )


def write_fault(
    name: str, description: str, behaviour: VariantBehaviour, *caught_by: str, api: str = "v2"
) -> Variant:
    """A stateless write fault: every double shares the one behaviour."""
    return write_entry(name, Kind.FAULT, description, lambda: behaviour, *caught_by, api=api)


def write_valid(name: str, description: str, behaviour: VariantBehaviour, api: str = "v2") -> Variant:
    return write_entry(name, Kind.VALID, description, lambda: behaviour, api=api)


def write_of(request: Request) -> Write | None:
    """The write a request is, in either version; None for a read, or a path no write has."""
    if request.method not in WRITE_METHODS:
        return None
    if request.path.startswith(API_PREFIX + "/"):
        if (match := SHIPMENTS_DELETE_PATH.fullmatch(request.path.rstrip("/"))) is not None:
            return Write("v2", SHIPMENT_DELETE, match["id"])
        if (match := PER_INTEGRATION_PATH.fullmatch(request.path)) is not None:
            return Write("v2", UPSERT if match["kind"] == "shipments" else LOG, match["id"])
        if (match := INTEGRATION_PATH.fullmatch(request.path)) is not None:
            return Write("v2", DELETE if request.method == "DELETE" else SETTINGS, match["id"])
        return None
    found = route_of(request.path) if request.path.startswith(API_V3_PREFIX + "/") else None
    if found is None:
        return None
    route, raw_id = found
    if route.kind == "integration":
        return Write("v3", DELETE if request.method == "DELETE" else SETTINGS, raw_id)
    what = _V3_KINDS.get(route.kind)
    return None if what is None else Write("v3", what, raw_id)


def on_write(api: str, what: str, change: Callable[[Request, DoubleApp, Write], Reply]) -> VariantBehaviour:
    """Answer the writes of `api` that do `what` as `change` does; every other request faithfully."""

    def behaviour(request: Request, app: DoubleApp) -> Reply:
        write = write_of(request)
        if write is None or write.api != api or write.what != what:
            return app.faithful(request)
        return change(request, app, write)

    return behaviour


def bending_answer(
    api: str, what: str, change: Callable[[Reply, Request, DoubleApp], Reply]
) -> VariantBehaviour:
    """Answer the writes of `api` that do `what` faithfully, then bend the answer."""
    return on_write(api, what, lambda request, app, write: change(app.faithful(request), request, app))


def body_of(request: Request) -> Any:
    """The request's JSON body; None when it has none a client could mean."""
    try:
        return json.loads(request.body or b"null")
    except ValueError:
        return None


def with_body(request: Request, body: Any) -> Request:
    return replace(request, body=json.dumps(body, separators=(",", ":")).encode())


def json_reply(reply: Reply, payload: Any, status: int | None = None) -> Reply:
    """`reply` with another JSON body (and status), its headers kept."""
    headers = {name: value for name, value in reply.headers.items() if name.lower() != "content-length"}
    return Reply.json(reply.status if status is None else status, payload, headers)


def saved_members(request: Request, app: DoubleApp, write: Write) -> None:
    """Save each member of a settings write on its own, as a view that saved field by field would:
    those the API takes are kept, whatever it answers about the others."""
    body = body_of(request)
    update = v2_writes.update if write.api == "v2" else v3_writes.update
    for name, value in (body if isinstance(body, dict) else {}).items():
        single = Request("PATCH", request.path, "", request.headers, json.dumps({name: value}).encode())
        update(single, app.account, write.raw_id)


def integration_before(app: DoubleApp, write: Write) -> dict[str, Any] | None:
    """A copy of the integration a write names, as it is before the write."""
    found = app.account.find(write.raw_id)
    return None if found is None else copy.deepcopy(found)
