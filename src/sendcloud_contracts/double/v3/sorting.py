"""The order of API v3's `GET /integrations`: `sort=KEY`, `-KEY` for descending, as the document has it.

Keys are read as Django REST framework's `OrderingFilter` reads them (comma-separated, unknown ones
ignored); date-times compare as instants, nulls come last ascending and first descending (as
PostgreSQL orders them). Without a known key the list is "ordered by `last_fetch` and then
`created_at`".
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs

from sendcloud_contracts.double.instants import instant

if TYPE_CHECKING:
    from collections.abc import Callable

    View = dict[str, Any]

PARAMETER = "sort"
DESCENDING = "-"
# The keys the document names, each with the field of the v3 integration it orders by: the document
# calls them "attributes in the response object", and three carry their v2 names.
KEYS = {
    "integration_type": "type",
    "created_at": "created_at",
    "updated_at": "updated_at",
    "last_fetch": "last_fetched_at",
    "failing_since": "started_failing_at",
}
DATE_TIMES = frozenset({"created_at", "updated_at", "last_fetched_at", "started_failing_at"})
DEFAULT = ("last_fetch", "created_at")


def requested(query: str) -> list[tuple[str, bool]]:
    """The fields asked to sort by, each with whether descending; unknown keys left out."""
    values = parse_qs(query, keep_blank_values=True).get(PARAMETER, [""])
    keys = [key.strip() for key in values[-1].split(",")]
    return [
        (KEYS[key.removeprefix(DESCENDING)], key.startswith(DESCENDING))
        for key in keys
        if key.removeprefix(DESCENDING) in KEYS
    ]


def ordered(views: list[View], query: str) -> list[View]:
    """`views` in the order asked for, ties in the default order."""
    default = [(KEYS[key], False) for key in DEFAULT]
    result = list(views)
    # Stable sorts, last key first: each earlier key decides, and keeps the later ones' order on ties.
    for field, descending in reversed(requested(query) + default):
        result.sort(key=_sort_key(field), reverse=descending)
    return result


def _sort_key(field: str) -> Callable[[View], tuple[bool, Any]]:
    def key(view: View) -> tuple[bool, Any]:
        value = view.get(field)
        if value is not None and field in DATE_TIMES:
            value = instant(value)
        # None after every value ascending; reversed, before them.
        return (True, 0) if value is None else (False, value)

    return key
