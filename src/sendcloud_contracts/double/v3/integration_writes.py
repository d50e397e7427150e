"""API v3's writes of one integration: `PATCH` and `DELETE`, each 204 with no body.

- An id the account does not have: 404 `not_found`, "The Integration could not be found with the
  search criteria given", the document's example (before the body is read).
- `PATCH` takes any of the document's `integration-model` fields: `shop_name` (1 to 250
  characters), `shop_url`, `service_point_enabled`, `service_point_carriers`, `webhook_active`,
  `webhook_url` (v3 lets it be null) and `feedback_type` (`eager`, `delayed` or `none`). Members the
  document does not name are ignored: the schema allows them. The integration it would make must
  keep the rules of `settings.py` (a webhook that is on needs a URL: the document's 400, word for
  word). It changes the integration both versions serve and moves `updated_at` (v2's
  `last_updated_at`) to now, even when no value changed (Django's `auto_now`).
- A body that is no JSON object: 400 `non_field_errors`, "Wrong format", "Wrong request format,
  expected object" (the document's example for its other writes). A member that breaks the schema:
  400 with one error object per problem, `source.pointer` naming the member (`errors.refused_body`).
  Nothing changes.
- `DELETE` removes the integration with all it holds, for both versions; again: 404.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sendcloud_contracts.double import settings
from sendcloud_contracts.double.base import Reply
from sendcloud_contracts.double.fields import Boolean, Invalid, ListOf, Text, json_body, members
from sendcloud_contracts.double.v3 import errors

if TYPE_CHECKING:
    from sendcloud_contracts.double.account import Account
    from sendcloud_contracts.double.base import Request
    from sendcloud_contracts.double.fields import Field

FEEDBACK_TYPES = ("eager", "delayed", "none")
FIELDS: dict[str, Field] = {
    "shop_name": Text(max_length=250),
    "shop_url": Text(url=True),
    "service_point_enabled": Boolean(),
    "service_point_carriers": ListOf(item=Text()),
    "webhook_active": Boolean(),
    "webhook_url": Text(nullable=True, url=True),
    "feedback_type": Text(choices=FEEDBACK_TYPES),
}


def update(request: Request, account: Account, raw_id: str) -> Reply:
    integration = account.find(raw_id)
    if integration is None:
        return errors.not_found(errors.INTEGRATION_NOT_FOUND)
    try:
        body = json_body(request)
    except ValueError as error:
        return errors.wrong_format(str(error))
    if not isinstance(body, dict):
        return errors.wrong_format()
    try:
        changes = members(body, FIELDS, partial=True)
    except Invalid as invalid:
        return errors.refused_body(invalid.detail)
    feedback_type = changes.pop("feedback_type", None)
    broken = settings.broken_rules(integration, changes)
    if broken:
        return errors.refused_body(broken)
    settings.save(account, integration, changes)
    if feedback_type is not None:
        account.set_feedback_type(integration["id"], feedback_type)
    return Reply(204)


def delete(request: Request, account: Account, raw_id: str) -> Reply:
    integration = account.find(raw_id)
    if integration is None:
        return errors.not_found(errors.INTEGRATION_NOT_FOUND)
    account.delete(integration["id"])
    return Reply(204)
