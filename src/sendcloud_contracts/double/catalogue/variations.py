"""Valid variations: the API keeps its contract in ways a careless suite would flag.

A correct suite passes against every one of them. They mirror what recordings of the real API
show (offsets, microseconds, nulls, throttling without `Retry-After`) and what the spec allows
without showing it (only the required fields, extra fields, multibyte text at the limits).
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from sendcloud_contracts.double.catalogue.variant import (
    Kind,
    ThrottleFirst,
    Variant,
    integration_replies,
    on_integration,
    on_reply,
    valid,
    with_content_type,
)

if TYPE_CHECKING:
    from sendcloud_contracts.double.base import Reply
    from sendcloud_contracts.double.data import Integration

REQUIRED_FIELDS = ("shop_name", "system", "last_updated_at")
NULLABLE_FIELDS = ("shop_url", "failing_since", "last_fetch", "webhook_url")
# Requests answered 429 before the double behaves: enough to need a retry loop, few enough
# that a backing-off suite still finishes in seconds.
THROTTLED_REQUESTS = 2

# 250 and 50 characters (code points, as JSON Schema counts), mixing one-, two-, three- and
# four-byte UTF-8 so that a suite counting bytes or UTF-16 units would wrongly flag them.
SHOP_NAME_AT_LIMIT = ("Kaffeerösterei Müller \N{EN DASH} 東京店 🚚 " * 10)[:250]
SYSTEM_AT_LIMIT = ("odoo \N{EN DASH} 東京 🚚 " * 5)[:50]


def _all_nullable_null(integration: Integration) -> None:
    integration.update(dict.fromkeys(NULLABLE_FIELDS))


def _required_only(integration: Integration) -> Integration:
    return {name: integration[name] for name in REQUIRED_FIELDS}


def _extra_fields(integration: Integration) -> None:
    integration.update(
        {
            "integration_type": "shopify",
            "feature_flags": {"returns": True},
            "created_at": "2021-01-01T00:00:00Z",
            "order_statuses": [],
        }
    )


def _timestamps_with_offsets(integration: Integration) -> None:
    integration.update(
        {
            "failing_since": "2021-10-31T02:30:00.5-03:00",
            "last_fetch": "2022-03-14T23:59:59.999999+00:00",
            "last_updated_at": "2020-06-03T13:27:58.636020+05:30",
        }
    )


def _text_at_limits(integration: Integration) -> None:
    integration.update({"shop_name": SHOP_NAME_AT_LIMIT, "system": SYSTEM_AT_LIMIT})


def _pretty_printed(reply: Reply) -> Reply:
    # Another server or framework version: indented, keys sorted; JSON all the same.
    reply.body = json.dumps(json.loads(reply.body), indent=2, sort_keys=True).encode()
    return reply


VALID_VARIATIONS: tuple[Variant, ...] = (
    valid(
        "all-nullable-null",
        "shop_url, failing_since, last_fetch and webhook_url are all null",
        on_integration(_all_nullable_null),
    ),
    valid(
        "required-fields-only",
        "integrations carry only shop_name, system and last_updated_at",
        on_integration(_required_only),
    ),
    valid(
        "unknown-extra-fields",
        "integrations carry fields the spec does not list",
        on_integration(_extra_fields),
    ),
    valid(
        "timestamps-with-offsets",
        "timestamps with +05:30 / -03:00 / +00:00 offsets and one- to six-digit fractions",
        on_integration(_timestamps_with_offsets),
    ),
    valid(
        "multibyte-text-at-limits",
        "shop_name of exactly 250 and system of exactly 50 characters, multibyte included",
        on_integration(_text_at_limits),
    ),
    valid(
        "json-with-charset",
        "integrations are served as application/json; charset=utf-8",
        on_reply(integration_replies, with_content_type("application/json; charset=utf-8")),
    ),
    valid(
        "pretty-printed-json",
        "integrations are indented JSON with keys sorted",
        on_reply(integration_replies, _pretty_printed),
    ),
    Variant(
        "throttled-without-retry-after",
        Kind.VALID,
        f"the first {THROTTLED_REQUESTS} GETs of an integration answer 429, empty, without Retry-After",
        lambda: ThrottleFirst(THROTTLED_REQUESTS),
    ),
    Variant(
        "throttled-with-retry-after",
        Kind.VALID,
        f"the first {THROTTLED_REQUESTS} GETs of an integration answer 429 with Retry-After: 1",
        lambda: ThrottleFirst(THROTTLED_REQUESTS, retry_after="1"),
    ),
    Variant(
        "throttled-with-unreadable-retry-after",
        Kind.VALID,
        f"the first {THROTTLED_REQUESTS} GETs of an integration answer 429 with Retry-After: 1.5, "
        "which no client can parse (delay-seconds are whole): a reason to back off, not to stop",
        lambda: ThrottleFirst(THROTTLED_REQUESTS, retry_after="1.5"),
    ),
)
