"""What every part of the double speaks: a request, a reply, the v2 error envelope, where the API lives.

The app, both versions' routers and the fault catalogue build on these; this module builds on none
of them, so that none of them has to import another to agree on what a request is.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

API_PREFIX = "/api/v2"
# API v3 serves the same account on the same host (`double/v3/`).
API_V3_PREFIX = "/api/v3"
API_PREFIXES = {"v2": API_PREFIX, "v3": API_V3_PREFIX}
TOKEN_PATH = "/oauth2/token/"
# Outside the API, as the real host has nothing there: what a test reads of the double itself.
STATE_PATH = "/_double/state"
# The methods the real API's rate limit counts as writes.
WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
DEFAULT_PUBLIC_KEY = "double-public-key"
DEFAULT_SECRET_KEY = "double-secret-key"
TOKEN_LIFETIME_SECONDS = 3600
# What Django REST framework answers to OPTIONS on a detail view.
VIEW_DESCRIPTION = {
    "name": "Integration",
    "description": "Retrieve, update or delete an integration.",
    "renders": ["application/json"],
    "parses": ["application/json", "application/x-www-form-urlencoded", "multipart/form-data"],
}
# What the host answers outside the API (its web panel): Django's HTML page, not the v2 envelope.
PAGE_NOT_FOUND = (
    b'<!doctype html>\n<html lang="en">\n<head>\n  <title>Page not found</title>\n</head>\n<body>\n'
    b"  <h1>Page not found (404)</h1>\n</body>\n</html>\n"
)


@dataclass(frozen=True)
class Request:
    method: str
    path: str
    query: str
    headers: dict[str, str]
    body: bytes = b""

    def header(self, name: str) -> str | None:
        lowered = name.lower()
        return next((value for key, value in self.headers.items() if key.lower() == lowered), None)

    @property
    def is_api_write(self) -> bool:
        """A write method sent to either version of the API: what the write rate limit counts."""
        in_api = any(self.path.startswith(prefix + "/") for prefix in API_PREFIXES.values())
        return in_api and self.method in WRITE_METHODS


@dataclass
class Reply:
    status: int
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""
    # A server that accepts a request and never answers it cannot be expressed as a status:
    # the HTTP server holds such a connection open until it stops.
    withheld: bool = False

    @classmethod
    def json(cls, status: int, payload: Any, headers: dict[str, str] | None = None) -> Reply:
        # Compact separators: the real API sends compact JSON.
        body = json.dumps(payload, separators=(",", ":"), ensure_ascii=False).encode()
        return cls(status, {"Content-Type": "application/json", **(headers or {})}, body)


def error_envelope(
    status: int, request: Request, message: str, headers: dict[str, str] | None = None
) -> Reply:
    """The v2 error body: `request` is the path without host and leading slash."""
    payload = {"error": {"code": status, "request": request.path.lstrip("/"), "message": message}}
    return Reply.json(status, payload, headers)
