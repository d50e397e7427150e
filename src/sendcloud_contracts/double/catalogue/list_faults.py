"""Paginated lists that break, or keep in unusual ways, the promises of a whole list.

Each page of these lists may look right on its own: only following `next` to the end, or
checking a filtered answer item by item, shows the break. They bend operations that only the
complete document describes, so the suite must run on it to see them (`Variant.spec`).
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs, urlencode, urlsplit, urlunsplit

from sendcloud_contracts.double.base import Reply, Request
from sendcloud_contracts.double.catalogue.variant import COMPLETE_SPEC, Kind, Variant
from sendcloud_contracts.double.v2.routes import ALL_LOGS_PATH, PER_INTEGRATION_PATH

if TYPE_CHECKING:
    from collections.abc import Callable

    from sendcloud_contracts.double.app import DoubleApp
    from sendcloud_contracts.double.catalogue.variant import VariantBehaviour

    JsonObject = dict[str, Any]

# Where the `next-on-another-host` fault sends clients: a reserved name that never resolves.
OTHER_HOST = "api.sendcloud.example"
DATE_FILTERS = ("start_date", "end_date")
IGNORED_ID_FILTER = "external_order_ids"
# More pages than any list of the double has: enough to gather a whole list into one page.
_MOST_PAGES = 100


def is_page(request: Request, reply: Reply) -> bool:
    """A 200 page of a paginated list (shipments, logs) answered to a GET."""
    path = request.path.rstrip("/")
    paginated = path == ALL_LOGS_PATH or PER_INTEGRATION_PATH.match(path) is not None
    return paginated and request.method == "GET" and reply.status == 200


def on_pages(change: Callable[[JsonObject, Request, DoubleApp], None]) -> VariantBehaviour:
    """Rewrite every page of every paginated list; `change` alters the page (a copy) in place."""

    def behaviour(request: Request, app: DoubleApp) -> Reply:
        reply = app.faithful(request)
        if not is_page(request, reply):
            return reply
        page: JsonObject = json.loads(reply.body)
        change(page, request, app)
        return Reply.json(reply.status, page, reply.headers)

    return behaviour


def ignoring(*names: str) -> VariantBehaviour:
    """Answer as if the query parameters `names` had not been sent (links lose them too)."""

    def behaviour(request: Request, app: DoubleApp) -> Reply:
        if not any(name in parse_qs(request.query) for name in names):
            return app.faithful(request)
        kept = [(name, value) for name, value in _query(request) if name not in names]
        return app.faithful(Request(request.method, request.path, urlencode(kept), request.headers))

    return behaviour


def _query(request: Request) -> list[tuple[str, str]]:
    return [(name, value) for name, values in parse_qs(request.query).items() for value in values]


def _back_to_the_first_page(page: JsonObject, request: Request, app: DoubleApp) -> None:
    # Only the last page of a list longer than one page: every page alone still looks right.
    if page["next"] is not None or page["previous"] is None:
        return
    first = urlencode([(name, value) for name, value in _query(request) if name != "cursor"])
    host = request.header("Host") or "127.0.0.1"
    page["next"] = f"http://{host}{request.path}" + (f"?{first}" if first else "")


def _next_on_another_host(page: JsonObject, request: Request, app: DoubleApp) -> None:
    if isinstance(page["next"], str):
        parts = urlsplit(page["next"])
        page["next"] = urlunsplit(("https", OTHER_HOST, parts.path, parts.query, ""))


def _empty(page: JsonObject, request: Request, app: DoubleApp) -> None:
    page.update(next=None, previous=None, results=[])


def _whole_list(page: JsonObject, request: Request, app: DoubleApp) -> None:
    """The rest of the list from this page on, gathered into this one page."""
    link = page["next"]
    for _ in range(_MOST_PAGES):
        if not isinstance(link, str):
            break
        following = Request(request.method, request.path, urlsplit(link).query, request.headers)
        more = json.loads(app.faithful(following).body)
        page["results"] += more["results"]
        link = more["next"]
    page.update(next=None, previous=None)


def _list_variant(
    name: str, kind: Kind, description: str, behaviour: VariantBehaviour, *caught: str
) -> Variant:
    return Variant(name, kind, description, lambda: behaviour, caught, spec=COMPLETE_SPEC)


LIST_FAULTS: tuple[Variant, ...] = (
    _list_variant(
        "pagination-loop",
        Kind.FAULT,
        "next on the last page of every list leads back to the first page",
        on_pages(_back_to_the_first_page),
        "following next never ends",
    ),
    _list_variant(
        "next-on-another-host",
        Kind.FAULT,
        f"next links point to {OTHER_HOST} instead of the host asked",
        on_pages(_next_on_another_host),
        "a link on the host asked",
    ),
    _list_variant(
        "date-filter-ignored",
        Kind.FAULT,
        "shipments ignore start_date and end_date",
        ignoring(*DATE_FILTERS),
        "The API ignored the date filter",
    ),
    _list_variant(
        "id-filter-ignored",
        Kind.FAULT,
        f"shipments ignore {IGNORED_ID_FILTER}",
        ignoring(IGNORED_ID_FILTER),
        f"The API ignored the {IGNORED_ID_FILTER} filter",
    ),
)

LIST_VARIATIONS: tuple[Variant, ...] = (
    _list_variant(
        "empty-lists",
        Kind.VALID,
        "every paginated list is empty: no results, next and previous null",
        on_pages(_empty),
    ),
    _list_variant(
        "one-page-lists",
        Kind.VALID,
        "every paginated list fits on one page: next and previous null",
        on_pages(_whole_list),
    ),
)
