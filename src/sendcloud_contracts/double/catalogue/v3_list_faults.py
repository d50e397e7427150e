"""API v3's lists that break their promises: pages of logs announced wrongly in `Link`, `page_size`
ignored, `sort` ignored.

Each page may look right on its own: only following `Link rel="next"` to the end, counting the items
of a page, or comparing the order with the one asked for shows the break.
"""

from __future__ import annotations

import contextlib
from datetime import datetime, timedelta
from typing import TYPE_CHECKING
from urllib.parse import urlencode, urlsplit, urlunsplit

from sendcloud_contracts.double.base import Reply
from sendcloud_contracts.double.catalogue.list_faults import OTHER_HOST
from sendcloud_contracts.double.catalogue.v3_variant import on_v3_reply, query_of, rewriting_query, v3_entry
from sendcloud_contracts.double.catalogue.variant import Kind

if TYPE_CHECKING:
    from collections.abc import Callable

    from sendcloud_contracts.double.app import DoubleApp
    from sendcloud_contracts.double.base import Request

    Query = list[tuple[str, str]]


def _link_back_to_the_first_page(reply: Reply, request: Request, app: DoubleApp) -> Reply:
    # Only the last page of a list longer than one page: every page alone still looks right.
    query = query_of(request)
    if "Link" in reply.headers or not any(name == "cursor" for name, _ in query):
        return reply
    kept = urlencode([(name, value) for name, value in query if name != "cursor"])
    host = request.header("Host") or "127.0.0.1"
    url = f"http://{host}{request.path}" + (f"?{kept}" if kept else "")
    return Reply(reply.status, {**reply.headers, "Link": f'<{url}>; rel="next"'}, reply.body)


def _link_to_another_host(reply: Reply, request: Request, app: DoubleApp) -> Reply:
    link = reply.headers.get("Link")
    if link is None:
        return reply
    url = urlsplit(link[link.index("<") + 1 : link.index(">")])
    moved = urlunsplit(("https", OTHER_HOST, url.path, url.query, ""))
    return Reply(reply.status, {**reply.headers, "Link": f'<{moved}>; rel="next"'}, reply.body)


def _cursor_included(query: Query) -> Query:
    """The page starts at the cursor's own log instead of the one after it: off by one."""
    shifted = []
    for name, value in query:
        if name == "cursor":
            with contextlib.suppress(ValueError):
                value = (datetime.fromisoformat(value) + timedelta(microseconds=1)).isoformat()
        shifted.append((name, value))
    return shifted


def _without(name: str) -> Callable[[Query], Query]:
    return lambda query: [(key, value) for key, value in query if key != name]


def _ascending(query: Query) -> Query:
    """Every key of `sort` without its `-`."""
    return [
        (
            name,
            ",".join(key.strip().removeprefix("-") for key in value.split(",")) if name == "sort" else value,
        )
        for name, value in query
    ]


V3_LIST_FAULTS = (
    v3_entry(
        "v3-link-loops",
        Kind.FAULT,
        'the last page of every list of logs announces Link rel="next" back to its first page',
        on_v3_reply(_link_back_to_the_first_page, "logs"),
        "following next never ends",
        '[pagination] page 2 Link rel="next": Received: ',
    ),
    v3_entry(
        "v3-link-on-another-host",
        Kind.FAULT,
        f'Link rel="next" points to {OTHER_HOST} instead of the host asked',
        on_v3_reply(_link_to_another_host, "logs"),
        f'[pagination] Link rel="next": Received: "https://{OTHER_HOST}',
        "a link on the host asked",
    ),
    v3_entry(
        "v3-cursor-repeats-an-item",
        Kind.FAULT,
        "a page of logs starts at its cursor's own log, so each page repeats the last of the one before",
        rewriting_query(_cursor_included, "logs"),
        "[pagination] page 2 data.0: Received: ",
        "each item once in the list",
    ),
    v3_entry(
        "v3-page-size-ignored",
        Kind.FAULT,
        "lists of logs ignore page_size: 25 to a page, whatever was asked",
        rewriting_query(_without("page_size"), "logs"),
        "[pagination] page 1 (page_size=2): Received: ",
        "The API ignored page_size",
    ),
    v3_entry(
        "v3-sort-ignored",
        Kind.FAULT,
        "GET /integrations ignores sort: always ordered by last_fetch, then created_at",
        rewriting_query(_without("sort"), "list"),
        "[sorting] data.",
        "as sort=created_at orders ascending",
    ),
    v3_entry(
        "v3-sort-descending-ignored",
        Kind.FAULT,
        "GET /integrations ignores the - prefix of sort: sort=-created_at sorts ascending",
        rewriting_query(_ascending, "list"),
        "[sorting] data.",
        "as sort=-created_at orders descending",
    ),
)
