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


def predecessor_variable(predecessor: Dialect) -> str:
    """The variable that says where a run finds the version it compares with: `SENDCLOUD_V2_BASE_URL`."""
    return f"SENDCLOUD_{predecessor.name.upper()}_BASE_URL"


__all__ = ["DIALECTS", "Dialect", "dialect_for", "predecessor_variable"]
