"""An integration's settings as both versions write them: the fields, and the rules across them.

API v2 (`PUT`, `PATCH`) and v3 (`PATCH`) change the same fields of the same integration, under the
same names: `shop_name`, `shop_url`, `service_point_enabled`, `service_point_carriers`,
`webhook_active`, `webhook_url` (v3 also `feedback_type`, `v3/integration_writes.py`). Once each
field reads well, the integration they would make must keep two rules the documents state: a
webhook that is on needs a URL (v3's 400 example, word for word), and service points that are on
need at least one carrier (both documents' description of `service_point_carriers`; the wording is
*inferred*). Both versions check them on the integration as it would be after the write.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sendcloud_contracts.double.fields import Problem

if TYPE_CHECKING:
    from sendcloud_contracts.double.account import Account
    from sendcloud_contracts.double.data import Integration

WEBHOOK_URL_REQUIRED = "Webhook URL required when enable webhook is set to true"
CARRIER_REQUIRED = "At least one carrier must be provided if the service point delivery is enabled."
# The fields API v2 keeps in the integration's settings (its error messages group them so).
SETTINGS = ("service_point_enabled", "service_point_carriers", "webhook_active", "webhook_url")


def broken_rules(integration: Integration, changes: dict[str, Any]) -> dict[str, list[Problem]]:
    """The rules the integration would break with `changes`, by the field that breaks each."""
    after = {**integration, **changes}
    problems: dict[str, list[Problem]] = {}
    if after["webhook_active"] and not after["webhook_url"]:
        problems["webhook_url"] = [Problem("invalid", WEBHOOK_URL_REQUIRED)]
    if after["service_point_enabled"] and not after["service_point_carriers"]:
        problems["service_point_carriers"] = [Problem("invalid", CARRIER_REQUIRED)]
    return problems


def save(account: Account, integration: Integration, changes: dict[str, Any]) -> None:
    """Write the changes (fields v2 names) and save: `last_updated_at` (v3's `updated_at`) moves."""
    integration.update(changes)
    account.touch(integration)
