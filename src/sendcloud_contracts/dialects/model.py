"""What an API version's conventions are made of: the parts a `Dialect` names.

Each part is data with the few questions the rules ask of it (where the errors of a body are,
which operations page, the links a page gives, the items it holds), so a rule asks the same
question of every version and never which version it judges.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from requests.utils import parse_header_links

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

    Resolve = Callable[[dict[str, Any]], dict[str, Any]]


@dataclass(frozen=True)
class ErrorBody:
    """How an error answer is written: one object under `container`, or a list of them."""

    container: str
    # Whether `container` holds a list of error objects (it may always hold one object).
    many: bool
    # Members every error object has.
    members: tuple[str, ...]
    # The member that repeats the HTTP status, and whether it writes it as a string ("404").
    status_member: str
    status_as_text: bool
    # The member naming the requested path without its leading "/", where the version has one.
    path_member: str | None
    # Members whose value is text.
    text_members: tuple[str, ...]
    # The body's shape, as a failure message shows it.
    shape: str

    def errors(self, payload: Any) -> list[tuple[str, Any]] | None:
        """Each error object of a body with the name a failure gives it (`error`, `errors.0`), or None
        when the body is not written this way."""
        held = payload.get(self.container) if isinstance(payload, dict) else None
        if isinstance(held, dict):
            return [(self.container, held)]
        if self.many and isinstance(held, list) and held:
            return [(f"{self.container}.{index}", error) for index, error in enumerate(held)]
        return None


@dataclass(frozen=True)
class BodyLinks:
    """A page holds its items and the links to its neighbours in the body (v2's cursor pages)."""

    # The operation's mark of a paginated list in the document.
    marker: str
    links: tuple[str, ...]
    next: str
    items_member: str
    # A link must be an absolute URL (the document types it `format: uri`).
    relative_links: bool = False
    page_size_parameter: str | None = None

    def is_paginated(self, operation: Mapping[str, Any], resolve: Resolve) -> bool:
        return operation.get(self.marker) is True

    def page_links(self, payload: Any, headers: Mapping[str, str]) -> dict[str, Any]:
        """Each link the page gives, by the name a failure shows, as written (absent ones left out)."""
        if not isinstance(payload, dict):
            return {}
        return {name: payload[name] for name in self.links if name in payload}

    @property
    def next_name(self) -> str:
        return self.next

    @property
    def mark(self) -> str:
        """What marks a paginated list in the document, as a run header names it."""
        return self.marker

    @property
    def nullable_links(self) -> tuple[str, ...]:
        # The document types the links as URIs, yet cursor pagination (Django REST framework's)
        # sends `null` on the first and last page; a client reads it as the documented absence.
        return self.links

    def items(self, payload: Any) -> Any:
        return payload.get(self.items_member) if isinstance(payload, dict) else None


@dataclass(frozen=True)
class LinkHeader:
    """A page holds its items in the body and announces the next page in a `Link` header (RFC 8288)."""

    items_member: str
    rel: str = "next"
    header: str = "Link"
    # RFC 8288 targets are URI references, resolved against the URL asked.
    relative_links: bool = True
    page_size_parameter: str | None = None

    def is_paginated(self, operation: Mapping[str, Any], resolve: Resolve) -> bool:
        """An operation whose success answer documents the header."""
        success = operation.get("responses", {}).get("200")
        if not isinstance(success, dict):
            return False
        headers = resolve(success).get("headers", {})
        return any(name.lower() == self.header.lower() for name in headers)

    def page_links(self, payload: Any, headers: Mapping[str, str]) -> dict[str, Any]:
        value = next((text for name, text in headers.items() if name.lower() == self.header.lower()), None)
        if value is None:
            return {}
        for link in parse_header_links(value):
            # `rel` may hold several relation types at once: `rel="next last"`.
            if self.rel in str(link.get("rel", "")).lower().split():
                return {self.next_name: link.get("url", "")}
        return {}

    @property
    def next_name(self) -> str:
        return f'{self.header} rel="{self.rel}"'

    @property
    def mark(self) -> str:
        return f"a {self.header} header documented on its answer"

    @property
    def nullable_links(self) -> tuple[str, ...]:
        return ()

    def items(self, payload: Any) -> Any:
        return payload.get(self.items_member) if isinstance(payload, dict) else None


Paging = BodyLinks | LinkHeader


@dataclass(frozen=True)
class SortKey:
    """A value the sort parameter takes, and the field of each item it orders by."""

    key: str
    field: str
    # The document names the key but not the field: the pairing is ours, so a disagreement is a
    # warning until the document states it.
    inferred: bool = False


@dataclass(frozen=True)
class Sorting:
    """How a list is asked to sort: `parameter=key` ascending, `parameter=<prefix>key` descending."""

    parameter: str
    operation: str = ""
    keys: tuple[SortKey, ...] = ()
    descending_prefix: str = "-"


@dataclass(frozen=True)
class Resource:
    """The resource the suite tests, as one version writes it."""

    list_path: str
    item_path: str
    # The path parameter naming one, and the field holding its id.
    identity: str
    # How a related item (a shipment, a log, a mapping) names the integration it belongs to.
    owner_fields: tuple[str, ...]
    # Query parameters that ask for what belongs to one integration.
    owner_parameters: tuple[str, ...]
    # Fields the API moves on its own (as it fetches orders, sends feedback): two answers a moment
    # apart may differ there without misleading anyone.
    volatile: frozenset[str] = field(default_factory=frozenset)

    def item_url(self, base_url: str, identity: int | str) -> str:
        return base_url.rstrip("/") + self.item_path.replace("{" + self.identity + "}", str(identity))

    def list_url(self, base_url: str) -> str:
        return base_url.rstrip("/") + self.list_path
