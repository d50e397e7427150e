"""API v3's `POST /integrations/{id}/logs`: keep an exception log of the integration, 201 `{"data": log}`.

The body is the document's `integration-log-create`, which forbids members it does not name
(`additionalProperties: false`): `base_url` (text, at least one character) is required; `full_url`,
`method`, `exception_type`, `exception` are text or null; `response_code` a whole number from 0, or
null; `response` and `request` objects or null (their `headers`, `body`, `payload` typed as the
document types them); `created_at` a date-time or null (now when null or left out). The log is kept
as API v2's `POST` keeps one (`Account.add_log`), so both versions list it, newest first; v3 writes
it with `integration_id` (the path's), `protected: false` and `additional_data: ""`. Two logs of
one instant (one `created_at` sent twice, or a clock that stands still) are two logs, but v3's
lists page by a date (`cursor`): a page that ends between them leaves the other out of the next.

The document's one 400 is pydantic's (`extra_forbidden`, "Extra Forbidden", "Extra inputs are not
permitted", `source.pointer` `body/unknown_field`), so the double words every problem of this body
as pydantic does, one error object each: `code` pydantic's error type, `title` that type in words,
`detail` its message, `pointer` `body/` and the member's path (*inferred* beyond the example; `code`s
such as `missing` or `string_type` are not in the document's list, as `extra_forbidden` is not).
`status` is "400", text, as every other v3 error of the double writes it (the example writes 400).
An unknown integration: 404 `not_found`, before the body is read. Nothing is kept on a 400.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sendcloud_contracts.double.base import Reply
from sendcloud_contracts.double.clock import parsed
from sendcloud_contracts.double.fields import json_body
from sendcloud_contracts.double.v3 import errors
from sendcloud_contracts.double.v3.views import log_view

if TYPE_CHECKING:
    from sendcloud_contracts.double.account import Account
    from sendcloud_contracts.double.base import Request

# pydantic's words: error type -> message.
MESSAGES = {
    "extra_forbidden": "Extra inputs are not permitted",
    "missing": "Field required",
    "string_type": "Input should be a valid string",
    "string_too_short": "String should have at least 1 character",
    "int_type": "Input should be a valid integer",
    "greater_than_equal": "Input should be greater than or equal to 0",
    "dict_type": "Input should be a valid dictionary",
    "datetime_parsing": "Input should be a valid datetime",
    "model_attributes_type": "Input should be a valid dictionary or object to extract fields from",
    "json_invalid": "JSON decode error",
}
# Each member with the JSON types it takes (`null` included where the document allows it).
MEMBERS: dict[str, tuple[str, ...]] = {
    "base_url": ("string",),
    "full_url": ("string", "null"),
    "method": ("string", "null"),
    "response_code": ("integer", "null"),
    "response": ("object", "null"),
    "request": ("object", "null"),
    "created_at": ("date-time", "null"),
    "exception_type": ("string", "null"),
    "exception": ("string", "null"),
}
NESTED: dict[str, dict[str, tuple[str, ...]]] = {
    "response": {"headers": ("object", "null"), "body": ("string", "object", "null")},
    "request": {"headers": ("object", "string", "null"), "payload": ("object", "string", "null")},
}
# The error of a value of another type, by the first type a member takes.
_TYPE_ERRORS = {
    "string": "string_type",
    "integer": "int_type",
    "object": "dict_type",
    "date-time": "string_type",
}

Problem = tuple[str, tuple[str, ...]]


def create(request: Request, account: Account, raw_id: str) -> Reply:
    integration = account.find(raw_id)
    if integration is None:
        return errors.not_found(errors.INTEGRATION_NOT_FOUND)
    try:
        body = json_body(request)
    except ValueError:
        return _refused([("json_invalid", ())])
    if not isinstance(body, dict):
        return _refused([("model_attributes_type", ())])
    problems = _problems(body)
    if problems:
        return _refused(problems)
    if isinstance(body.get("response_code"), float):
        # 495.0 is the whole number 495, as pydantic reads it.
        body = {**body, "response_code": int(body["response_code"])}
    log = account.add_log(integration["id"], body)
    return Reply.json(201, {"data": log_view(log)})


def _problems(body: dict[str, Any]) -> list[Problem]:
    found: list[Problem] = [("extra_forbidden", (name,)) for name in body if name not in MEMBERS]
    if "base_url" not in body:
        found.append(("missing", ("base_url",)))
    for name, types in MEMBERS.items():
        if name in body:
            found.extend(_of_value(body[name], types, (name,)))
    for name, members in NESTED.items():
        if isinstance(body.get(name), dict):
            for inner, types in members.items():
                if inner in body[name]:
                    found.extend(_of_value(body[name][inner], types, (name, inner)))
    return found


def _of_value(value: Any, types: tuple[str, ...], path: tuple[str, ...]) -> list[Problem]:
    if value is None:
        return [] if "null" in types else [(_TYPE_ERRORS[types[0]], path)]
    if isinstance(value, str) and "string" in types:
        return [("string_too_short", path)] if path == ("base_url",) and not value else []
    if isinstance(value, str) and "date-time" in types:
        return [] if parsed(value) is not None else [("datetime_parsing", path)]
    if isinstance(value, dict) and "object" in types:
        return []
    if isinstance(value, int | float) and not isinstance(value, bool) and "integer" in types:
        if value != int(value):
            return [("int_type", path)]
        return [("greater_than_equal", path)] if value < 0 else []
    return [(_TYPE_ERRORS[types[0]], path)]


def _refused(problems: list[Problem]) -> Reply:
    members = [
        errors.member(
            400,
            kind,
            kind.replace("_", " ").title(),
            MESSAGES[kind],
            pointer="/".join(("body", *path)),
        )
        for kind, path in problems
    ]
    return Reply.json(400, {"errors": members})
