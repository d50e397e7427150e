"""The promises of Sendcloud's cursor-paginated lists (`x-sendcloud-paginated`), as pure rules.

A page's `next` and `previous` are where a client goes next: an absolute URL on the host and
path it asked, or `null` / absent where there is no such page (the document types them as URIs;
cursor pagination sends `null` on the first and last page, and a client reads it as absence).
On an `{id}` path, every item that names its integration names the one asked for.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlsplit

from sendcloud_contracts.rules.contract import Violation, show
from sendcloud_contracts.spec import PAGE_LINKS

if TYPE_CHECKING:
    from collections.abc import Iterator

    from sendcloud_contracts.rules.contract import Exchange
    from sendcloud_contracts.spec import Spec

# The field by which a listed item names its integration (a shipment's `integration`).
ITEM_INTEGRATION_FIELDS = ("integration", "integration_id")


def _page(exchange: Exchange, spec: Spec) -> dict[str, Any] | None:
    payload = exchange.json
    if exchange.status != 200 or not isinstance(payload, dict):
        return None
    return payload if spec.is_paginated(exchange.operation_path, exchange.method) else None


def page_links(exchange: Exchange, spec: Spec) -> Iterator[Violation]:
    """`next` and `previous` lead to the same host and path, as absolute URLs."""
    page = _page(exchange, spec)
    if page is None:
        return
    for link in PAGE_LINKS:
        value = page.get(link)
        # `null`, absence and other types: the documented absence, or the schema rule's to judge.
        if not isinstance(value, str):
            continue
        target = urlsplit(value)
        where = f"{exchange.host}{exchange.path}" if exchange.host else exchange.path
        if target.scheme not in ("http", "https") or not target.netloc:
            yield Violation(
                "pagination", link, show(value), f"an absolute URL of the same list, {where}?cursor=..."
            )
        elif exchange.host and target.netloc != exchange.host:
            yield Violation(
                "pagination",
                link,
                show(value),
                f"a link on the host asked, {exchange.host}",
                "A client following it would leave the API it was given",
            )
        elif unquote(target.path).rstrip("/") != unquote(exchange.path).rstrip("/"):
            yield Violation("pagination", link, show(value), f"a link to the same list, {exchange.path}")


def page_items_identity(exchange: Exchange, spec: Spec) -> Iterator[Violation]:
    """On an `{id}` path, what each item says about its integration is the id asked for."""
    page = _page(exchange, spec)
    asked = str(exchange.path_parameters.get("id", ""))
    results = page.get("results") if page is not None else None
    if not asked.isdigit() or not isinstance(results, list):
        return
    for index, item in enumerate(results):
        if not isinstance(item, dict):
            continue
        for name in ITEM_INTEGRATION_FIELDS:
            value = item.get(name)
            # A non-integer is the schema rule's to report; `null` names no integration.
            if isinstance(value, int) and not isinstance(value, bool) and value != int(asked):
                yield Violation(
                    "requested_integration",
                    f"results.{index}.{name}",
                    show(value),
                    f"{asked}, the id in the request path",
                    "The list holds items of another integration than the one asked for",
                )
