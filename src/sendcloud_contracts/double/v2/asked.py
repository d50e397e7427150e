"""The integration a v2 path names, and the JSON body sent to it: what every v2 route reads first.

Either is missing or unreadable as Django REST framework answers it: 404 for an id the account does
not hold (the routes match digits only), 400 for a body that is not JSON.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sendcloud_contracts.double.base import Reply, error_envelope
from sendcloud_contracts.double.fields import json_body

if TYPE_CHECKING:
    from sendcloud_contracts.double.account import Account
    from sendcloud_contracts.double.base import Request
    from sendcloud_contracts.double.data import Integration

NO_INTEGRATION = "No Integration matches the given query."


def integration(request: Request, account: Account, raw_id: str) -> Integration | Reply:
    """The integration `{id}` names, or the 404 that says the account has none."""
    found = account.find(raw_id)
    return error_envelope(404, request, NO_INTEGRATION) if found is None else found


def integration_and_body(request: Request, account: Account, raw_id: str) -> tuple[Integration, Any] | Reply:
    """The integration `{id}` names and the request's JSON body, or the answer that refuses either."""
    found = integration(request, account, raw_id)
    if isinstance(found, Reply):
        return found
    try:
        return found, json_body(request)
    except ValueError as error:
        return error_envelope(400, request, str(error))
