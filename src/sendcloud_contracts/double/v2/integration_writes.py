"""API v2's writes of one integration: `PUT` and `PATCH` (200 with the integration), `DELETE` (204).

- An id the account does not have: 404 "No Integration matches the given query.", before the body
  is read (as Django REST framework looks the object up first).
- `PUT` must send every writable field of `IntegrationUpdate` (`shop_url`, `service_point_enabled`,
  `service_point_carriers`, `webhook_active`, `webhook_url`), as the document's prose says; `PATCH`
  any of them; fields it does not name are ignored, as DRF ignores them. None of them may be null
  (the document types them non-null; its 400 example refuses a null `webhook_url`).
- `shop_name` is `readOnly` in `IntegrationUpdate`, but the operations' prose says they change the
  shop's name, and v3's `PATCH` changes it on the same integration: the double takes it when sent
  (1 to 250 characters) and never requires it, so a client that follows the schema is never refused
  and one that follows the prose is served (*inferred*).
- A body that breaks a rule answers 400 in the envelope, its `message` a Python dict printed as a
  string, as the real API writes it (the document's example): settings' problems as
  `'settings': ['webhook_url: This field may not be null.']`, `shop_name` and `shop_url` under their
  own names, a body that is no object under `non_field_errors` (the grouping beyond the example's
  settings is *inferred*). A body that is no JSON: DRF's "JSON parse error - ...". Nothing changes.
- A write that is let through saves the integration: `last_updated_at` moves to now, even when no
  value changed (Django's `auto_now`). The answer is the integration as `GET` shows it (the document
  types the 200 as `IntegrationUpdate`, a subset; the facts say the integration).
- `DELETE` removes the integration with its shipments, logs, statuses and mapping, for both
  versions; nothing creates an integration again. Deleting it again: 404.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sendcloud_contracts.double import settings
from sendcloud_contracts.double.base import Reply, error_envelope
from sendcloud_contracts.double.fields import (
    Boolean,
    Invalid,
    ListOf,
    Problem,
    Text,
    flattened,
    members,
    type_name,
)
from sendcloud_contracts.double.v2 import asked

if TYPE_CHECKING:
    from sendcloud_contracts.double.account import Account
    from sendcloud_contracts.double.base import Request
    from sendcloud_contracts.double.fields import Detail, Field

FIELDS: dict[str, Field] = {
    "shop_name": Text(max_length=250),
    "shop_url": Text(required=True, url=True),
    "service_point_enabled": Boolean(required=True),
    "service_point_carriers": ListOf(required=True, item=Text()),
    "webhook_active": Boolean(required=True),
    "webhook_url": Text(required=True, url=True),
}


def update(request: Request, account: Account, raw_id: str) -> Reply:
    """`PUT` (every writable field) or `PATCH` (some)."""
    found = asked.integration_and_body(request, account, raw_id)
    if isinstance(found, Reply):
        return found
    integration, body = found
    if not isinstance(body, dict):
        problem = Problem("invalid", f"Invalid data. Expected a dictionary, but got {type_name(body)}.")
        return _refused(request, {"non_field_errors": [problem]})
    try:
        changes = members(body, FIELDS, partial=request.method == "PATCH")
    except Invalid as invalid:
        return _refused(request, invalid.detail)
    broken = settings.broken_rules(integration, changes)
    if broken:
        return _refused(request, broken)
    settings.save(account, integration, changes)
    return Reply.json(200, integration)


def delete(request: Request, account: Account, raw_id: str) -> Reply:
    integration = asked.integration(request, account, raw_id)
    if isinstance(integration, Reply):
        return integration
    account.delete(integration["id"])
    return Reply(204)


def _refused(request: Request, detail: Detail) -> Reply:
    return error_envelope(400, request, str(_grouped(detail)))


def _grouped(detail: dict[str, Any]) -> dict[str, list[str]]:
    grouped: dict[str, list[str]] = {}
    for path, problem in flattened(detail):
        name = path[0]
        if name in settings.SETTINGS:
            grouped.setdefault("settings", []).append(f"{'.'.join(path)}: {problem.message}")
        else:
            grouped.setdefault(name, []).append(problem.message)
    return grouped
