"""The shipments and logs each integration of the reference double starts with (`account.py` keeps
them; writes change them), consistent with its integrations.

Each integration gets its own shipments and logs, built from the complete document's examples
(with the one value that breaks its schema, `customs_details.other_costs`, left out as `null`)
and varied per item, so that pages, filters and ids can be told apart.
"""

from __future__ import annotations

import copy
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sendcloud_contracts.double.data import Integration

Item = dict[str, Any]

# Shipments per integration: several pages at the double's page size, on different days.
SHIPMENTS_PER_INTEGRATION = 5
LOGS_PER_INTEGRATION = 3

_SHIPMENT: Item = {
    "address": "Lansdown Glade",
    "address_2": "",
    "allowed_shipping_methods": [8],
    "barcode": "3SYZXG000000001",
    "city": "Oss",
    "company_name": "",
    "country": "NL",
    "created_at": "2022-11-01T10:00:00.000000+01:00",
    "currency": "EUR",
    "customs_invoice_nr": "",
    "customs_shipment_type": 0,
    "email": "customer@example.com",
    "external_order_id": "",
    "external_shipment_id": "",
    "house_number": "15",
    "integration": 0,
    "name": "John Doe",
    "order_number": "",
    "order_status": {"id": "fulfilled", "message": "Fulfilled"},
    "parcel_items": [
        {
            "description": "Very orange color",
            "hs_code": "01013000",
            "origin_country": "NL",
            "product_id": "1458734634",
            "properties": {"size": "small"},
            "quantity": 2,
            "sku": "WW-DR-GR-XS-001",
            "value": "3.5",
            "weight": "1",
        }
    ],
    "payment_status": {"id": "paid", "message": "Paid"},
    "postal_code": "5341",
    "sender_address": 12345,
    "shipment_uuid": "",
    "shipping_method": 8,
    "shipping_method_checkout_name": "PostNL Standard",
    "telephone": "+31612345678",
    "to_post_number": "",
    "to_service_point": None,
    "to_state": None,
    "total_order_value": "7.00",
    "updated_at": "2022-11-01T10:00:00.000000+01:00",
    "weight": "1.000",
    "shipment_created_at": "2022-11-01T10:00:00.000000+01:00",
    "shipment_updated_at": "2022-11-01T10:00:00.000000+01:00",
}

_LOG: Item = {
    "id": 0,
    "base_url": "https://example.com",
    "full_url": "https://example.com/order-note.json",
    "method": "POST",
    "response_code": 495,
    "response": {"headers": {"Content-Type": "text/html; charset=utf-8"}, "body": "SSL Certificate Error"},
    "request": {
        "headers": {"Content-Type": "application/json"},
        "payload": {"order_note": {"note": "Success"}},
    },
    "created_at": "2023-03-01T02:02:00+01:00",
    "exception_type": "requests.exceptions.SSLError",
    "exception": "An SSL error occurred",
    "protected": False,
}


def shipments_of(integration: Integration) -> list[Item]:
    """The integration's shipments, newest first, one day apart."""
    shipments = []
    for number in range(SHIPMENTS_PER_INTEGRATION, 0, -1):
        shipment = copy.deepcopy(_SHIPMENT)
        day = f"2022-11-{number:02d}"
        stamp = f"{day}T10:00:00.{number:06d}+01:00"
        order = f"{integration['id']}-{number}"
        shipment.update(
            integration=integration["id"],
            external_order_id=f"order-{order}",
            external_shipment_id=f"shipment-{order}",
            order_number=f"ORD-{order}",
            shipment_uuid=f"6b436cb2-65a4-482c-9d25-{integration['id']:06d}{number:06d}",
            created_at=stamp,
            updated_at=stamp,
            shipment_created_at=stamp,
            shipment_updated_at=stamp,
        )
        shipments.append(shipment)
    return shipments


def logs_of(integration: Integration) -> list[Item]:
    """The integration's logs, newest first; ids and instants unique across integrations."""
    # A second of its own per integration: no two logs of the account share an instant, since
    # API v3 pages logs by their date (`cursor`), which cannot tell two logs of one instant apart.
    second = integration["id"] % 60
    logs = []
    for number in range(LOGS_PER_INTEGRATION, 0, -1):
        log = copy.deepcopy(_LOG)
        log.update(
            id=integration["id"] * 100 + number,
            base_url=integration["shop_url"] or "https://example.com",
            created_at=f"2023-03-{number:02d}T02:02:{second:02d}.{number:06d}+01:00",
        )
        logs.append(log)
    return logs
