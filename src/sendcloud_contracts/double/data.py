"""The integrations the reference double starts with, shaped like real Sendcloud data."""

from __future__ import annotations

from typing import Any

Integration = dict[str, Any]

# Id 123 is the spec's documented example, unchanged. The others copy what public recordings
# of the real API show: microsecond timestamps with offsets, `null` where the spec allows it,
# real `system` values, empty carrier lists. Keys come in the spec's order, as the API sends them.
SEEDED_INTEGRATIONS: tuple[Integration, ...] = (
    {
        "id": 123,
        "shop_name": "Integration #1",
        "shop_url": "https://example.com",
        "system": "api / amazon / magento",
        "failing_since": "2019-08-24T14:15:22Z",
        "last_fetch": "2019-08-24T14:15:22Z",
        "last_updated_at": "2019-08-24T14:15:22Z",
        "service_point_enabled": True,
        "service_point_carriers": ["ups"],
        "webhook_active": True,
        "webhook_url": "https://example.com",
    },
    {
        "id": 4711,
        "shop_name": "Kaffeerösterei Müller",
        "shop_url": "https://shop.kaffee-mueller.de",
        "system": "api",
        "failing_since": None,
        "last_fetch": None,
        "last_updated_at": "2020-06-03T13:27:58.636020+02:00",
        "service_point_enabled": False,
        "service_point_carriers": [],
        "webhook_active": False,
        "webhook_url": None,
    },
    {
        "id": 5,
        "shop_name": "CSV-Import Lagerverkauf",
        "shop_url": None,
        "system": "csv",
        "failing_since": None,
        "last_fetch": "2022-11-02T09:15:00.000001Z",
        "last_updated_at": "2022-11-02T09:15:00.000001Z",
        "service_point_enabled": False,
        "service_point_carriers": [],
        "webhook_active": False,
        "webhook_url": None,
    },
    {
        "id": 90210,
        "shop_name": "Odoo – Bloemenhuis Utrecht",
        "shop_url": "https://erp.bloemenhuis.nl/odoo",
        "system": "odoo",
        "failing_since": "2022-03-14T07:02:11.004512+01:00",
        "last_fetch": "2022-03-13T23:59:59.999999+01:00",
        "last_updated_at": "2022-03-14T07:02:11.120000+01:00",
        "service_point_enabled": True,
        "service_point_carriers": ["postnl", "dhl", "dpd"],
        "webhook_active": True,
        "webhook_url": "https://erp.bloemenhuis.nl/sendcloud/webhook",
    },
)


def seeded_integrations() -> dict[int, Integration]:
    """A fresh copy of the seeded integrations by id, safe to change in one double."""
    return {integration["id"]: dict(integration) for integration in SEEDED_INTEGRATIONS}
