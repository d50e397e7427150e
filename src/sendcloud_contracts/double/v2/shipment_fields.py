"""An order as `POST /integrations/{id}/shipments` reads it: the document's `ShipmentBlobOrderCreate`.

The document calls the operation's checks relaxed ("should accept most values in any of the
available fields ... unless the field structure is not correct"): the double checks the structure
the schema gives (members present, types, null, lengths, bounds, the enums of `country`, `currency`
and `customs_shipment_type`, the required members of nested objects such as
`checkout_payload.delivery_method_data`) and reads `created_at` and `updated_at` as date-times (it
compares `updated_at`); formats the schema only names (`email`, `decimal`) are not checked.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sendcloud_contracts.double.fields import DateTime, Field, Integer, JsonObject, ListOf, Nested, Text

if TYPE_CHECKING:
    from collections.abc import Mapping

# The document's `country-codes`, which `ParcelItems.origin_country` repeats.
_COUNTRY_CODES = """
AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT
BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH
ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT
HU IC ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR
LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG
NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE
SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA
UG UM US UY UZ VA VC VE VG VI VN VU WF WS XK YE YT ZA ZM ZW
"""
COUNTRY_CODES = tuple(_COUNTRY_CODES.split())

_STATUS: Mapping[str, Field] = {"id": Text(required=True), "message": Text(required=True)}
_PARCEL_ITEM: Mapping[str, Field] = {
    "description": Text(required=True),
    "hs_code": Text(blank=True, max_length=12),
    "origin_country": Text(nullable=True, choices=COUNTRY_CODES),
    "product_id": Text(blank=True),
    "properties": JsonObject(),
    "quantity": Integer(required=True, minimum=1),
    "sku": Text(blank=True),
    "value": Text(required=True, blank=True),
    "weight": Text(nullable=True, blank=True),
    "mid_code": Text(nullable=True, blank=True),
    "material_content": Text(nullable=True, blank=True),
    "intended_use": Text(nullable=True, blank=True),
}
_DELIVERY_METHOD_DATA: Mapping[str, Field] = {
    "delivery_date": DateTime(required=True),
    "formatted_delivery_date": Text(required=True),
    "parcel_handover_date": DateTime(required=True),
}
_CHECKOUT_PAYLOAD: Mapping[str, Field] = {
    "sender_address_id": Integer(required=True),
    "shipping_product": JsonObject(required=True),
    "delivery_method_type": Text(required=True),
    "delivery_method_data": Nested(members=_DELIVERY_METHOD_DATA),
}
_COSTS: Mapping[str, Field] = {name: Text(nullable=True, blank=True) for name in ("value", "currency")}
_TAX_NUMBER: Mapping[str, Field] = {
    name: Text(nullable=True, blank=True) for name in ("name", "country_code", "value")
}
_TAX_NUMBERS: Mapping[str, Field] = {
    name: ListOf(item=Nested(members=_TAX_NUMBER)) for name in ("sender", "receiver", "importer_of_records")
}
_CUSTOMS_DETAILS: Mapping[str, Field] = {
    **{
        name: Nested(nullable=True, members=_COSTS)
        for name in ("discount_granted", "insurance_costs", "freight_costs", "other_costs")
    },
    "tax_numbers": Nested(nullable=True, members=_TAX_NUMBERS),
}
_DIMENSION = Text(nullable=True, blank=True, max_length=10)

ORDER: Mapping[str, Field] = {
    "address": Text(required=True),
    "address_2": Text(required=True, blank=True),
    "city": Text(required=True),
    "company_name": Text(required=True, blank=True),
    "country": Text(required=True, choices=COUNTRY_CODES),
    "created_at": DateTime(required=True),
    "currency": Text(required=True, nullable=True, choices=("EUR", "USD", "GBP")),
    "customs_invoice_nr": Text(required=True, blank=True),
    "customs_shipment_type": Integer(required=True, nullable=True, choices=(0, 1, 2, 3, 4)),
    "email": Text(required=True, blank=True),
    "external_order_id": Text(required=True),
    "external_shipment_id": Text(required=True, nullable=True),
    "house_number": Text(required=True, blank=True),
    "name": Text(required=True),
    "order_number": Text(required=True),
    "order_status": Nested(required=True, nullable=True, members=_STATUS),
    "parcel_items": ListOf(required=True, nullable=True, item=Nested(members=_PARCEL_ITEM)),
    "payment_status": Nested(required=True, nullable=True, members=_STATUS),
    "postal_code": Text(required=True),
    "shipping_method": Integer(nullable=True),
    "shipping_method_checkout_name": Text(required=True, blank=True, max_length=100),
    "telephone": Text(required=True, blank=True),
    "to_post_number": Text(required=True, blank=True),
    "to_service_point": Integer(required=True, nullable=True),
    "to_state": Text(required=True, nullable=True),
    "total_order_value": Text(nullable=True, blank=True),
    "updated_at": DateTime(required=True),
    "weight": _DIMENSION,
    "checkout_payload": Nested(members=_CHECKOUT_PAYLOAD),
    "width": _DIMENSION,
    "height": _DIMENSION,
    "length": _DIMENSION,
    "customs_details": Nested(nullable=True, members=_CUSTOMS_DETAILS),
}
