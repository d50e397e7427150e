"""API v3's lists of logs: newest first, `page_size` at a time, the next page in a `Link` header.

`page_size` is read as Django REST framework's cursor pagination reads it (not a whole number above
zero: the default; above the maximum: the maximum). `cursor` is a date-time, as the document types
it: a page holds the logs older than it. The next page is announced as RFC 8288 writes it,
`<URL>; rel="next"`, an absolute URL on the host asked that keeps the other query parameters; the
last page announces none.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import parse_qsl, urlencode

from sendcloud_contracts.double.base import Reply
from sendcloud_contracts.double.instants import instant
from sendcloud_contracts.double.v3 import errors
from sendcloud_contracts.double.v3.views import logs_view

if TYPE_CHECKING:
    from collections.abc import Iterable

    from sendcloud_contracts.double.account import Log
    from sendcloud_contracts.double.base import Request
    from sendcloud_contracts.double.listing_data import Item

PAGE_SIZE = "page_size"
CURSOR = "cursor"
DEFAULT_PAGE_SIZE = 25
MAX_PAGE_SIZE = 100


def newest_first(logs: Iterable[Log]) -> list[Item]:
    """`logs` as v3 writes them, newest first by instant (their offsets differ)."""
    return sorted(logs_view(logs), key=lambda log: instant(log["created_at"]) or 0, reverse=True)


def page_size(query: list[tuple[str, str]]) -> int:
    values = [value for name, value in query if name == PAGE_SIZE]
    try:
        asked = int(values[-1])
    except (IndexError, ValueError):
        return DEFAULT_PAGE_SIZE
    return DEFAULT_PAGE_SIZE if asked < 1 else min(asked, MAX_PAGE_SIZE)


def answer(request: Request, logs: list[Item]) -> Reply:
    """The page of `logs` (newest first) the request asks for, `{"data": [...]}`, and its `Link`."""
    query = parse_qsl(request.query, keep_blank_values=True)
    cursors = [value for name, value in query if name == CURSOR]
    older_than = instant(cursors[-1]) if cursors else None
    if cursors and older_than is None:
        return errors.invalid(CURSOR, "Invalid cursor")
    if older_than is not None:
        logs = [log for log in logs if (instant(log["created_at"]) or 0) < older_than]
    size = page_size(query)
    page = logs[:size]
    headers = {}
    if len(logs) > size:
        headers["Link"] = f'<{next_url(request, query, page[-1]["created_at"])}>; rel="next"'
    return Reply.json(200, {"data": page}, headers)


def next_url(request: Request, query: list[tuple[str, str]], cursor: str) -> str:
    """The URL asked, on the host asked, with `cursor` replaced; percent-encoded (`+` as `%2B`)."""
    kept = [(name, value) for name, value in query if name != CURSOR]
    host = request.header("Host") or "127.0.0.1"
    return f"http://{host}{request.path}?{urlencode([*kept, (CURSOR, cursor)])}"
