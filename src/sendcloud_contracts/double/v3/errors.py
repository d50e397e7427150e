"""API v3's errors as JSON:API writes them: `{"errors": [{"status": "404", "code", "title", "detail"}]}`.

`status` is the HTTP status as a string; `code` comes from the document's `ErrorObject.code` list.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sendcloud_contracts.double.base import Reply
from sendcloud_contracts.double.fields import flattened

if TYPE_CHECKING:
    from sendcloud_contracts.double.base import Request
    from sendcloud_contracts.double.fields import Detail

# The codes of the document's `ErrorObject.code` list.
DOCUMENTED_CODES = frozenset(
    {
        "unknown_field",
        "invalid",
        "forbidden",
        "invalid_choice",
        "min_value",
        "null",
        "not_found",
        "required",
        "not_a_list",
        "non_field_errors",
        "authentication_failed",
        "validation_error",
        "parcel_announcement_error",
    }
)
WRONG_FORMAT = "Wrong request format, expected object"
INTEGRATION_NOT_FOUND = "The Integration could not be found with the search criteria given"
# The document's `Unauthorized` examples, word for word: (title, detail).
NO_CREDENTIALS = ("No credentials", "Authentication credentials were not provided.")
WRONG_CREDENTIALS = (
    "Invalid username/password.",
    "The username or password provided is incorrect. Please make a request with the valid credentials.",
)


def member(
    status: int,
    code: str,
    title: str,
    detail: str,
    *,
    parameter: str | None = None,
    pointer: str | None = None,
) -> dict[str, object]:
    """One error object; `parameter` names the query parameter that caused it, `pointer` where in
    the body it is (JSON:API `source`)."""
    found: dict[str, object] = {"status": str(status), "code": code, "title": title, "detail": detail}
    if parameter is not None:
        found["source"] = {"parameter": parameter}
    if pointer is not None:
        found["source"] = {"pointer": pointer}
    return found


def error(
    status: int,
    code: str,
    title: str,
    detail: str,
    *,
    parameter: str | None = None,
    pointer: str | None = None,
    headers: dict[str, str] | None = None,
) -> Reply:
    """An answer with one error object."""
    found = member(status, code, title, detail, parameter=parameter, pointer=pointer)
    return Reply.json(status, {"errors": [found]}, headers)


def wrong_format(detail: str = WRONG_FORMAT) -> Reply:
    """400 for a body that is no JSON object: the document's example, word for word, or the parser's
    own words for a body that is no JSON."""
    return error(400, "non_field_errors", "Wrong format", detail)


def refused_body(detail: Detail) -> Reply:
    """400 with one error object per problem DRF found in a body, in its order: `source.pointer` is
    the JSON pointer of the member (RFC 6901), `code` DRF's code where the document's list has it,
    else `invalid` (*inferred*: the document words no such error)."""
    members = [
        member(
            400,
            problem.code if problem.code in DOCUMENTED_CODES else "invalid",
            "Invalid",
            problem.message,
            pointer="/" + "/".join(path),
        )
        for path, problem in flattened(detail)
    ]
    return Reply.json(400, {"errors": members})


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
