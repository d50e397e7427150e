"""API v3's errors as JSON:API writes them: `{"errors": [{"status": "404", "code", "title", "detail"}]}`.

`status` is the HTTP status as a string; `code` comes from the document's `ErrorObject.code` list.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sendcloud_contracts.double.base import Reply

if TYPE_CHECKING:
    from sendcloud_contracts.double.base import Request

INTEGRATION_NOT_FOUND = "The Integration could not be found with the search criteria given"
# The document's `Unauthorized` examples, word for word: (title, detail).
NO_CREDENTIALS = ("No credentials", "Authentication credentials were not provided.")
WRONG_CREDENTIALS = (
    "Invalid username/password.",
    "The username or password provided is incorrect. Please make a request with the valid credentials.",
)


def error(
    status: int,
    code: str,
    title: str,
    detail: str,
    *,
    parameter: str | None = None,
    headers: dict[str, str] | None = None,
) -> Reply:
    """One error object; `parameter` names the query parameter that caused it (JSON:API `source`)."""
    member: dict[str, object] = {"status": str(status), "code": code, "title": title, "detail": detail}
    if parameter is not None:
        member["source"] = {"parameter": parameter}
    return Reply.json(status, {"errors": [member]}, headers)


def unauthorized(request: Request) -> Reply:
    title, detail = WRONG_CREDENTIALS if request.header("Authorization") else NO_CREDENTIALS
    # As API v2 sends it: the real API names Bearer whatever the credentials were.
    return error(401, "authentication_failed", title, detail, headers={"WWW-Authenticate": "Bearer"})


def not_found(detail: str = "Not found.") -> Reply:
    return error(404, "not_found", "Not Found", detail)


def method_not_allowed(method: str, allow: str) -> Reply:
    # The document's codes have none for a method; `invalid` is the one of its list that fits.
    detail = f'Method "{method}" not allowed.'
    return error(405, "invalid", "Method Not Allowed", detail, headers={"Allow": allow})


def invalid(parameter: str, detail: str, *, code: str = "invalid") -> Reply:
    """400 for a query value the API cannot read, as the document words its one error of these operations."""
    return error(400, code, "Invalid", detail, parameter=parameter)
