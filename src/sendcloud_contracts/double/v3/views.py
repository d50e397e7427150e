"""API v3's view of the double's account: the one place it is derived from v2's data, so that the two
versions can never disagree by accident."""

from __future__ import annotations

import copy
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Iterable

    from sendcloud_contracts.double.account import Log
    from sendcloud_contracts.double.data import Integration
    from sendcloud_contracts.double.listing_data import Item
    from sendcloud_contracts.double.v3_data import Facts

# An integration's fields in v3's order (the document's example), each with the v2 field it shows
# under its v3 name (the schema's own descriptions name the renames), or None for v3's own fields.
INTEGRATION_FIELDS: tuple[tuple[str, str | None], ...] = (
    ("id", "id"),
    ("shop_name", "shop_name"),
    ("shop_url", "shop_url"),
    ("type", "system"),
    ("started_failing_at", "failing_since"),
    ("last_fetched_at", "last_fetch"),
    ("created_at", None),
    ("updated_at", "last_updated_at"),
    ("service_point_enabled", "service_point_enabled"),
    ("service_point_carriers", "service_point_carriers"),
    ("webhook_active", "webhook_active"),
    ("webhook_url", "webhook_url"),
    ("feedback_type", None),
)
# A log's fields in the schema's order; those v2 has keep their v2 value.
LOG_FIELDS = (
    "id",
    "integration_id",
    "base_url",
    "full_url",
    "method",
    "response_code",
    "response",
    "request",
    "created_at",
    "exception_type",
    "exception",
    "protected",
    "additional_data",
)


def integration_view(integration: Integration, facts: Facts) -> dict[str, Any]:
    """An integration as v3 writes it (schema `integration-response-model`), with v3's own `facts`."""
    own = {"created_at": facts.created_at, "feedback_type": facts.feedback_type}
    view = {name: copy.deepcopy(integration[v2]) if v2 else own[name] for name, v2 in INTEGRATION_FIELDS}
    if view["shop_url"] is None:
        # v3 types `shop_url` as a non-null string: an integration without a URL leaves it out.
        del view["shop_url"]
    return view


def log_view(log: Log) -> Item:
    """A log as v3 writes it (schema `integration-log`)."""
    extra = {"integration_id": log.integration_id, "additional_data": copy.deepcopy(log.additional_data)}
    return {name: extra[name] if name in extra else copy.deepcopy(log.fields[name]) for name in LOG_FIELDS}


def logs_view(logs: Iterable[Log]) -> list[Item]:
    """`logs` as v3 writes them, in their order."""
    return [log_view(log) for log in logs]
