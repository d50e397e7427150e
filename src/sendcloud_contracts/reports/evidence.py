"""A finding's request and answer as the client saw them: secrets redacted, long bodies folded."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sendcloud_contracts.redaction import FILTERED
from sendcloud_contracts.rules import strict_json

if TYPE_CHECKING:
    from collections.abc import Mapping

    from sendcloud_contracts.redaction import Secrets
    from sendcloud_contracts.rules.model import Exchange

# Characters of a body shown at once; the rest opens on demand.
FOLD_AT = 4096
# Characters of a body the page keeps at all, so that a page stays small enough to mail.
KEEP_AT_MOST = 65536
# Headers whose values are credentials whatever they hold.
SECRET_HEADERS = frozenset({"authorization", "proxy-authorization", "cookie", "set-cookie"})


@dataclass(frozen=True)
class Body:
    shown: str
    folded: str = ""
    # Characters past `KEEP_AT_MOST`, left out of the page.
    left_out: int = 0
    # Whether the text was indented for reading (a JSON body).
    indented: bool = False


@dataclass(frozen=True)
class Evidence:
    method: str
    url: str
    request_headers: tuple[tuple[str, str], ...]
    status: int
    headers: tuple[tuple[str, str], ...]
    body: Body


def evidence(exchange: Exchange, secrets: Secrets) -> Evidence:
    return Evidence(
        method=exchange.method,
        url=secrets.redact(exchange.url or exchange.path),
        request_headers=_headers(exchange.request_headers, secrets),
        status=exchange.status,
        headers=_headers(exchange.headers, secrets),
        body=body(exchange, secrets),
    )


def _headers(headers: Mapping[str, str], secrets: Secrets) -> tuple[tuple[str, str], ...]:
    return tuple(
        (name, FILTERED if name.lower() in SECRET_HEADERS else secrets.redact(value))
        for name, value in headers.items()
    )


def body(exchange: Exchange, secrets: Secrets) -> Body:
    """The body as text: JSON indented for reading, anything else as received (UTF-8, errors replaced)."""
    try:
        text = json.dumps(strict_json.loads(exchange.body), indent=2, ensure_ascii=False)
        indented = True
    except strict_json.NotJSON:
        text = exchange.body.decode("utf-8", "replace")
        indented = False
    # Redacted whole, before it is cut, so that no secret is cut in two and escapes the match.
    text = secrets.redact(text)
    kept, left_out = text[:KEEP_AT_MOST], max(0, len(text) - KEEP_AT_MOST)
    return Body(kept[:FOLD_AT], kept[FOLD_AT:], left_out, indented)
