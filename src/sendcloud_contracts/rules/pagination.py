"""The promises of the paginated lists, as pure rules, however the version pages (`dialect.paging`).

A page's links are where a client goes next: on the host and path it asked (v2 writes them in the
body as absolute URLs, `null` or absent where there is no such page; v3 announces the next page in a
`Link` header, whose target RFC 8288 resolves against the URL asked). What belongs to one integration,
asked for by its id in the path (`/integrations/{id}/logs`) or in the query (`?integration_id=`),
names that integration wherever it names one.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import parse_qs, unquote, urljoin, urlsplit

from sendcloud_contracts.rules.model import Violation, show

if TYPE_CHECKING:
    from collections.abc import Iterator

    from sendcloud_contracts.rules.model import Exchange
    from sendcloud_contracts.spec import Spec


def page_links(exchange: Exchange, spec: Spec) -> Iterator[Violation]:
    """Each link of a page leads to the same host and path."""
    paging = spec.dialect.paging
    if exchange.status != 200 or not spec.is_paginated(exchange.operation_path, exchange.method):
        return
    for name, value in paging.page_links(exchange.json, exchange.headers).items():
        # `null` and other types: the documented absence, or the schema rule's to judge.
        if not isinstance(value, str):
            continue
        target = urlsplit(link_target(exchange, value, relative=paging.relative_links))
        # Without a known host, the path alone.
        where = f"{exchange.host}{exchange.path}"
        if target.scheme not in ("http", "https") or not target.netloc:
            yield Violation(
                "pagination", name, show(value), f"an absolute URL of the same list, {where}?cursor=..."
            )
        elif exchange.host and target.netloc != exchange.host:
            yield Violation(
                "pagination",
                name,
                show(value),
                f"a link on the host asked, {exchange.host}",
                "A client following it would leave the API it was given",
            )
        elif unquote(target.path).rstrip("/") != unquote(exchange.path).rstrip("/"):
            yield Violation("pagination", name, show(value), f"a link to the same list, {exchange.path}")


def link_target(exchange: Exchange, value: str, *, relative: bool) -> str:
    """Where a link leads: as written, or resolved against the URL asked where references may be relative."""
    if relative and exchange.url:
        return urljoin(exchange.url, value)
    return value


def owner_identity(exchange: Exchange, spec: Spec) -> Iterator[Violation]:
    """What an answer says about the integration it belongs to is the integration asked for."""
    dialect = spec.dialect
    owner = _owner_asked(exchange, spec)
    if exchange.status != 200 or owner is None:
        return
    asked, how = owner
    payload = dialect.payload(exchange.json)
    if spec.is_paginated(exchange.operation_path, exchange.method):
        payload, prefix = dialect.paging.items(exchange.json), dialect.paging.items_member + "."
    else:
        prefix = dialect.field("")
    if isinstance(payload, list):
        named = [(f"{prefix}{index}.", item) for index, item in enumerate(payload)]
        fix = "The list holds items of another integration than the one asked for"
    else:
        named = [(prefix, payload)]
        fix = "The answer belongs to another integration than the one asked for"
    for where, item in named:
        if not isinstance(item, dict):
            continue
        for name in dialect.resource.owner_fields:
            value = item.get(name)
            # A non-integer is the schema rule's to report; `null` names no integration.
            if isinstance(value, int) and not isinstance(value, bool) and value != asked:
                yield Violation("requested_integration", where + name, show(value), f"{asked}, {how}", fix)


def _owner_asked(exchange: Exchange, spec: Spec) -> tuple[int, str] | None:
    """The integration an answer belongs to, and how it was asked for; None when no one was."""
    resource = spec.dialect.resource
    query = parse_qs(urlsplit(exchange.url).query)
    for parameter in resource.owner_parameters:
        values = query.get(parameter, [])
        if len(values) == 1 and values[0].isdigit():
            return int(values[0]), f"the id asked for with {parameter}"
    raw = str(exchange.path_parameters.get(resource.identity))
    if exchange.operation_path.startswith(resource.item_path + "/") and raw.isdigit():
        return int(raw), "the id in the request path"
    return None
