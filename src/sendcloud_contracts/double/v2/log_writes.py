"""API v2's `POST /integrations/{id}/logs`: keep an exception log of the integration, 201 with it.

The body is the document's `IntegrationLog`: `base_url` required (not blank); `full_url`,
`exception_type` and `exception` text or null; `method` text; `response_code` a whole number from 0,
or null; `response` and `request` objects or null; `created_at` a date-time (now when left out, as
the document says); `integration_id` and `user_id` are write-only and change nothing (the path names
the integration); `protected` and `id` are read-only and ignored, as are members the document does
not name. What is left out is null, but `method` and `exception`, which are "" (the document types
them as text; `Account.add_log`). `exception` may be null: the schema says so, though the document's
400 example refuses a null `exception`; the double follows the schema, as a client reading it would.

The answer is the log as the lists show it (newest first: it is the newest unless it was given an
older `created_at`), `created_at` in Amsterdam's offset as the real API writes date-times. A body
that breaks the schema: 400 in the envelope, its message DRF's errors printed as a Python dict
(`{'base_url': ['This field is required.']}`), and no log is kept. No operation deletes a log.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sendcloud_contracts.double.base import Reply, error_envelope
from sendcloud_contracts.double.fields import (
    DateTime,
    Integer,
    Invalid,
    JsonObject,
    Problem,
    Text,
    members,
    messages,
    type_name,
)
from sendcloud_contracts.double.v2 import asked

if TYPE_CHECKING:
    from sendcloud_contracts.double.account import Account
    from sendcloud_contracts.double.base import Request
    from sendcloud_contracts.double.fields import Field

FIELDS: dict[str, Field] = {
    "integration_id": Integer(nullable=True, minimum=1),
    "user_id": Integer(minimum=1),
    "base_url": Text(required=True),
    "full_url": Text(nullable=True, blank=True),
    "method": Text(blank=True),
    "response_code": Integer(nullable=True, minimum=0),
    "response": JsonObject(nullable=True),
    "request": JsonObject(nullable=True),
    "created_at": DateTime(),
    "exception_type": Text(nullable=True, blank=True),
    "exception": Text(nullable=True, blank=True),
}


def create(request: Request, account: Account, raw_id: str) -> Reply:
    found = asked.integration_and_body(request, account, raw_id)
    if isinstance(found, Reply):
        return found
    integration, body = found
    try:
        if not isinstance(body, dict):
            message = f"Invalid data. Expected a dictionary, but got {type_name(body)}."
            raise Invalid({"non_field_errors": [Problem("invalid", message)]})
        sent = members(body, FIELDS)
    except Invalid as invalid:
        return error_envelope(400, request, str(messages(invalid.detail)))
    log = account.add_log(integration["id"], sent)
    return Reply.json(201, log.fields)
