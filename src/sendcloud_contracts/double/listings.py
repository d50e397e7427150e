"""The double's read operations beyond one integration: the list, shipments and logs.

Shipments and logs are paginated as Django REST framework's cursor pagination does it: pages of
`PAGE_SIZE`, absolute `next` and `previous` links that keep the request's filters, `null` on the
first and last page, and a `cursor` that is Base64 of GET parameters (`p` position, `r` reverse).
"""

from __future__ import annotations

import base64
import binascii
from datetime import date
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs, urlencode

from sendcloud_contracts.double.instants import instant

if TYPE_CHECKING:
    from collections.abc import Iterable

    from sendcloud_contracts.double.account import Log
    from sendcloud_contracts.double.base import Request
    from sendcloud_contracts.double.data import Integration
    from sendcloud_contracts.double.listing_data import Item

PAGE_SIZE = 2
# What `ordering` may name; anything else is ignored, as by Django REST framework's OrderingFilter.
ORDERING_FIELDS = ("id", "shop_name", "system", "last_updated_at")


class BadFilter(ValueError):
    """A query value the API cannot read: answered 400."""


def integration_list(integrations: list[Integration], query: str) -> list[Integration]:
    ordering = parse_qs(query).get("ordering", [""])[0]
    field = ordering.removeprefix("-")
    if field not in ORDERING_FIELDS:
        return sorted(integrations, key=lambda item: item["id"])
    # Each field holds one type (or null, which sorts first); ids sort as numbers.
    return sorted(
        integrations,
        key=lambda item: (item[field] is not None, item[field] if item[field] is not None else 0),
        reverse=ordering.startswith("-"),
    )


def shipments(stored: list[Item], query: str) -> list[Item]:
    """The shipments of `stored` (an integration's, newest first) that pass the request's filters."""
    params = parse_qs(query)
    start, end = _date(params, "start_date"), _date(params, "end_date")
    order_ids = set(params.get("external_order_ids", []))
    shipment_ids = set(params.get("external_shipment_ids", []))
    order_number = params.get("order_number", [None])[0]
    sender = params.get("sender_address", [None])[0]
    if sender is not None and not sender.lstrip("-").isdigit():
        raise BadFilter("sender_address: A valid integer is required.")
    if "shipping_rules" in params and params["shipping_rules"][0] not in ("true", "false", "True", "False"):
        raise BadFilter("shipping_rules: Must be a valid boolean.")
    kept = []
    for shipment in stored:
        day = date.fromisoformat(shipment["created_at"][:10])
        if (start and day < start) or (end and day > end):
            continue
        if order_ids and shipment["external_order_id"] not in order_ids:
            continue
        if shipment_ids and shipment["external_shipment_id"] not in shipment_ids:
            continue
        if order_number is not None and shipment["order_number"] != order_number:
            continue
        if sender is not None and shipment["sender_address"] != int(sender):
            continue
        kept.append(shipment)
    return kept


def logs(stored: Iterable[Log]) -> list[Item]:
    """The logs as API v2 writes them, newest first by instant (a log a client created may carry
    another offset than the seeded ones)."""
    every = [log.fields for log in stored]
    return sorted(every, key=lambda log: instant(log["created_at"]) or 0, reverse=True)


def page(items: list[Item], request: Request) -> dict[str, Any]:
    """One page of `items` and the links to its neighbours."""
    params = parse_qs(request.query)
    reverse, position = _cursor(params.get("cursor", [""])[0])
    start = max(0, position - PAGE_SIZE) if reverse else min(position, len(items))
    end = min(start + PAGE_SIZE, len(items))
    return {
        "next": _link(request, params, f"p={end}") if end < len(items) else None,
        "previous": _link(request, params, f"r=1&p={start}") if start > 0 else None,
        "results": items[start:end],
    }


def _cursor(raw: str) -> tuple[bool, int]:
    # An unreadable cursor starts from the first page.
    try:
        fields = parse_qs(base64.b64decode(raw, validate=True).decode("ascii"))
        position = int(fields.get("p", ["0"])[0])
    except (binascii.Error, UnicodeDecodeError, ValueError):
        return False, 0
    return fields.get("r", ["0"])[0] == "1", max(position, 0)


def _link(request: Request, params: dict[str, list[str]], cursor: str) -> str:
    kept = {name: values for name, values in params.items() if name != "cursor"}
    kept["cursor"] = [base64.b64encode(cursor.encode()).decode("ascii")]
    host = request.header("Host") or "127.0.0.1"
    return f"http://{host}{request.path}?{urlencode(kept, doseq=True)}"


def _date(params: dict[str, list[str]], name: str) -> date | None:
    if name not in params:
        return None
    try:
        return date.fromisoformat(params[name][0])
    except ValueError:
        raise BadFilter(f"{name}: Enter a valid date.") from None
