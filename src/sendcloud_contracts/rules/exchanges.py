"""The one way to build an `Exchange`, whatever carried the answer: schemathesis, requests, a cassette."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from sendcloud_contracts.rules.model import Exchange

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    import requests


def exchange(
    *,
    method: str,
    url: str,
    status: int,
    content_type: str | Sequence[str] | None,
    body: bytes | str | None,
    operation_path: str,
    path_parameters: Mapping[str, Any],
    headers: Mapping[str, Any] | None = None,
    request_headers: Mapping[str, Any] | None = None,
) -> Exchange:
    """`url` may be absolute or a path; `content_type` and headers as a client or a recording holds them."""
    if not isinstance(content_type, str):
        content_type = content_type[0] if content_type else ""
    body = body or b""
    return Exchange(
        method=method,
        path=urlsplit(url).path,
        status=status,
        content_type=content_type,
        body=body if isinstance(body, bytes) else str(body).encode(),
        operation_path=operation_path,
        path_parameters=path_parameters,
        host=urlsplit(url).netloc,
        url=url,
        request_headers=_one_value_each(request_headers),
        headers=_one_value_each(headers),
    )


def _one_value_each(headers: Mapping[str, Any] | None) -> dict[str, str]:
    # schemathesis and vcrpy keep a list of values per name; requests one joined value.
    return {
        str(name): ", ".join(map(str, value)) if isinstance(value, (list, tuple)) else str(value)
        for name, value in (headers or {}).items()
    }


def answered_get(
    url: str, response: requests.Response, *, operation_path: str, path_parameters: Mapping[str, Any]
) -> Exchange:
    """A GET of `url` the suite sent itself through requests (preflight, list walks, comparisons)."""
    return exchange(
        method="GET",
        url=url,
        status=response.status_code,
        content_type=response.headers.get("Content-Type", ""),
        body=response.content,
        operation_path=operation_path,
        path_parameters=path_parameters,
        headers=response.headers,
        request_headers=response.request.headers,
    )
