"""API versions' conventions as data: one `Dialect` per version, chosen once from the document."""

from __future__ import annotations

from urllib.parse import urlsplit

from sendcloud_contracts.dialects import v2, v3
from sendcloud_contracts.dialects.dialect import Dialect

DIALECTS: tuple[Dialect, ...] = (v2.DIALECT, v3.DIALECT)


def dialect_for(server_url: str) -> Dialect | None:
    """The version a URL names by its path (a document's server, a base URL: `.../api/v3`), if any."""
    path = urlsplit(server_url).path.rstrip("/")
    return next((dialect for dialect in DIALECTS if path.endswith(dialect.base_path)), None)


__all__ = ["DIALECTS", "Dialect", "dialect_for"]
