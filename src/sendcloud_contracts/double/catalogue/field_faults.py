"""Contract breaks in an integration's fields: missing, null, badly typed, out of range, wrong timestamps."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sendcloud_contracts.double.base import Reply
from sendcloud_contracts.double.catalogue.variant import (
    Variant,
    asked_id,
    fault,
    integration_replies,
    on_integration,
)

if TYPE_CHECKING:
    from sendcloud_contracts.double.app import DoubleApp
    from sendcloud_contracts.double.base import Request
    from sendcloud_contracts.double.catalogue.variant import VariantBehaviour
    from sendcloud_contracts.double.data import Integration


def _without(field: str) -> VariantBehaviour:
    def drop(integration: Integration) -> None:
        del integration[field]

    return on_integration(drop)


def _setting(field: str, value: object) -> VariantBehaviour:
    return on_integration(lambda integration: integration.__setitem__(field, value))


def _the_next_integration(request: Request, app: DoubleApp) -> Reply:
    """Serve a different integration than the one asked for, as a broken cache key would."""
    reply = app.faithful(request)
    if not integration_replies(request, reply):
        return reply
    ids = sorted(app.integrations)
    other = ids[(ids.index(int(asked_id(request))) + 1) % len(ids)]
    return Reply.json(200, app.integrations[other], reply.headers)


# Fragments come in two vocabularies, so the benchmark judges the plain schemathesis CLI by its
# own words: the suite's `[rule] field: Received: ...`, and schemathesis' messages.


def schema_fragments(field: str) -> tuple[str, str]:
    """How the suite's schema rule, and schemathesis' schema check, point at a broken field."""
    return (f"[response_schema] {field}: Received: ", f"Schema at /properties/{field}")


def required_fragments(field: str) -> tuple[str, str, str]:
    # The first also matches a nested field such as `error.message`; schemathesis quotes with ",
    # jsonschema's own messages with '.
    return (
        f"{field}: Received: (absent)",
        f'"{field}" is a required property',
        f"'{field}' is a required property",
    )


FIELD_FAULTS: tuple[Variant, ...] = (
    fault(
        "missing-shop-name",
        "integrations come without the required shop_name",
        _without("shop_name"),
        *required_fragments("shop_name"),
    ),
    fault(
        "missing-system",
        "integrations come without the required system",
        _without("system"),
        *required_fragments("system"),
    ),
    fault(
        "missing-last-updated-at",
        "integrations come without the required last_updated_at",
        _without("last_updated_at"),
        *required_fragments("last_updated_at"),
    ),
    # null where the spec does not allow it.
    fault("null-shop-name", "shop_name is null", _setting("shop_name", None), *schema_fragments("shop_name")),
    fault("null-system", "system is null", _setting("system", None), *schema_fragments("system")),
    fault(
        "null-last-updated-at",
        "last_updated_at is null",
        _setting("last_updated_at", None),
        *schema_fragments("last_updated_at"),
    ),
    fault(
        "null-service-point-enabled",
        "service_point_enabled is null",
        _setting("service_point_enabled", None),
        *schema_fragments("service_point_enabled"),
    ),
    fault(
        "null-service-point-carriers",
        "service_point_carriers is null instead of an empty list",
        _setting("service_point_carriers", None),
        *schema_fragments("service_point_carriers"),
    ),
    # Timestamps that are not RFC 3339 date-times.
    fault(
        "timestamp-without-offset",
        "last_updated_at has no UTC offset: 2020-06-03T13:27:58",
        _setting("last_updated_at", "2020-06-03T13:27:58"),
        "[timestamp] last_updated_at: Received: ",
        *schema_fragments("last_updated_at")[1:],
        '"2020-06-03T13:27:58" is not a "date-time"',
    ),
    fault(
        "timestamp-impossible",
        "last_fetch is a date and time that do not exist: 2020-02-30T25:61:00Z",
        _setting("last_fetch", "2020-02-30T25:61:00Z"),
        "[timestamp] last_fetch: Received: ",
        *schema_fragments("last_fetch")[1:],
        '"2020-02-30T25:61:00Z" is not a "date-time"',
    ),
    fault(
        "timestamp-malformed",
        "failing_since is a human date: 03/06/2020 13:27",
        _setting("failing_since", "03/06/2020 13:27"),
        "[timestamp] failing_since: Received: ",
        *schema_fragments("failing_since")[1:],
        '"03/06/2020 13:27" is not a "date-time"',
    ),
    # Wrong JSON types.
    fault(
        "id-as-string",
        'id is a string: "123"',
        on_integration(lambda integration: integration.__setitem__("id", str(integration["id"]))),
        *schema_fragments("id"),
    ),
    fault(
        "carriers-as-string",
        'service_point_carriers is a comma-separated string: "postnl,dhl"',
        on_integration(
            lambda integration: integration.__setitem__(
                "service_point_carriers", ",".join(integration["service_point_carriers"])
            )
        ),
        *schema_fragments("service_point_carriers"),
    ),
    fault(
        "boolean-as-string",
        'webhook_active is the string "true" / "false"',
        on_integration(
            lambda integration: integration.__setitem__(
                "webhook_active", str(integration["webhook_active"]).lower()
            )
        ),
        *schema_fragments("webhook_active"),
    ),
    # Strings outside their length limits, ids outside their range.
    fault(
        "empty-shop-name",
        'shop_name is "" under minLength 1',
        _setting("shop_name", ""),
        *schema_fragments("shop_name"),
    ),
    fault(
        "shop-name-too-long",
        "shop_name is 251 characters, over maxLength 250",
        _setting("shop_name", "S" * 251),
        *schema_fragments("shop_name"),
    ),
    fault(
        "system-too-long",
        "system is 51 characters, over maxLength 50",
        _setting("system", "s" * 51),
        *schema_fragments("system"),
    ),
    fault(
        "id-zero",
        "integrations claim id 0, under minimum 1",
        _setting("id", 0),
        *schema_fragments("id"),
    ),
    fault(
        "wrong-integration",
        "a known id answers with another integration (id 123 serves id 4711)",
        _the_next_integration,
        # No schema can see this; it takes a check comparing the body's id with the path's.
        "[requested_integration] id: Received: ",
        "asked for",
        "requested id",
    ),
)
