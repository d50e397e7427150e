"""API v3's writes of shop order statuses: replace an integration's statuses, map status categories.

`POST /shop-order-statuses` (`post-shop-order-statuses`): `integration_id` and `statuses`, each with
`external_id` and 1 to 7 `translations` (`status`, `language` of the document's seven). The statuses
sent become all the integration's statuses: those not sent get `deleted_at` (now) and show only with
`show_deleted=true`; `statuses` may be empty, which deletes them all (`Account.replace_shop_order_statuses`
says how a status sent again, or twice, is kept). 200 with the body `null`.

`POST /shop-order-statuses/mapping` (`create-custom-status-mapping`): `integration_id` and `mapping`,
exactly four entries (`status_category`, `external_id` or null). The document asks for each status
category once and each `external_id` to be one of the integration's statuses or null; the double
refuses anything else with 400 `invalid` (*inferred*: the document words no such error). The
mapping then reads back through `GET /shop-order-statuses/mapping`. 200 `null`.

Both: a body that is no JSON object answers the document's 400 (`non_field_errors`, "Wrong format",
"Wrong request format, expected object"); a member that breaks the schema 400 per problem
(`errors.refused_body`); an `integration_id` the account does not have 400 `invalid`, as the reads
answer it. When the account's shop systems take no statuses (`DoubleApp(order_statuses_supported=
False)`), both answer 400 `invalid` on `/integration_id`, "Shop order statuses are only supported for
PrestaShop V2 integrations." (*inferred* from the document's warning that only PrestaShop v2 is
supported, and from 400 being the one error it gives these operations); the reads are unchanged.
Members the document does not name are ignored. Nothing changes on a 400.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sendcloud_contracts.double import v3_data
from sendcloud_contracts.double.base import Reply
from sendcloud_contracts.double.fields import Integer, Invalid, ListOf, Nested, Text, json_body, members
from sendcloud_contracts.double.v3 import errors

if TYPE_CHECKING:
    from sendcloud_contracts.double.account import Account
    from sendcloud_contracts.double.base import Request
    from sendcloud_contracts.double.fields import Field

NOT_SUPPORTED = "Shop order statuses are only supported for PrestaShop V2 integrations."
EACH_CATEGORY_ONCE = f"Map each status category once: {', '.join(v3_data.STATUS_CATEGORIES)}."
_TRANSLATION: dict[str, Field] = {
    "status": Text(required=True, blank=True),
    "language": Text(required=True, choices=v3_data.LANGUAGES),
}
_STATUS: dict[str, Field] = {
    "external_id": Text(required=True, blank=True),
    "translations": ListOf(required=True, min_items=1, max_items=7, item=Nested(members=_TRANSLATION)),
}
STATUSES: dict[str, Field] = {
    "integration_id": Integer(required=True),
    "statuses": ListOf(required=True, item=Nested(members=_STATUS)),
}
_MAPPED: dict[str, Field] = {
    "status_category": Text(required=True, choices=v3_data.STATUS_CATEGORIES),
    "external_id": Text(required=True, nullable=True, blank=True),
}
MAPPING: dict[str, Field] = {
    "integration_id": Integer(required=True),
    "mapping": ListOf(required=True, min_items=4, max_items=4, item=Nested(members=_MAPPED)),
}


class _Refused(Exception):
    def __init__(self, reply: Reply) -> None:
        self.reply = reply


def replace_statuses(request: Request, account: Account, raw_id: str) -> Reply:
    try:
        body, integration_id = _read(request, account, STATUSES)
    except _Refused as refused:
        return refused.reply
    given = [
        (status["external_id"], tuple((each["language"], each["status"]) for each in status["translations"]))
        for status in body["statuses"]
    ]
    account.replace_shop_order_statuses(integration_id, given)
    return Reply.json(200, None)


def map_statuses(request: Request, account: Account, raw_id: str) -> Reply:
    try:
        body, integration_id = _read(request, account, MAPPING)
    except _Refused as refused:
        return refused.reply
    mapped = {entry["status_category"]: entry["external_id"] for entry in body["mapping"]}
    if len(mapped) != len(v3_data.STATUS_CATEGORIES):
        return errors.error(400, "invalid", "Invalid", EACH_CATEGORY_ONCE, pointer="/mapping")
    current = {
        status.external_id
        for status in account.shop_order_statuses(integration_id)
        if status.deleted_at is None
    }
    for index, entry in enumerate(body["mapping"]):
        if entry["external_id"] is not None and entry["external_id"] not in current:
            detail = f'"{entry["external_id"]}" is none of the integration\'s shop order statuses.'
            return errors.error(400, "invalid", "Invalid", detail, pointer=f"/mapping/{index}/external_id")
    mapping = account.status_mapping(integration_id)
    for category in v3_data.STATUS_CATEGORIES:
        mapping[category] = mapped[category]
    return Reply.json(200, None)


def _read(request: Request, account: Account, fields: dict[str, Field]) -> tuple[dict[str, Any], int]:
    """The body's members, checked, and the integration they are for; raises `_Refused`."""
    try:
        body = json_body(request)
    except ValueError as error:
        raise _Refused(errors.wrong_format(str(error))) from None
    if not isinstance(body, dict):
        raise _Refused(errors.wrong_format())
    try:
        cleaned = members(body, fields)
    except Invalid as invalid:
        raise _Refused(errors.refused_body(invalid.detail)) from None
    integration_id: int = cleaned["integration_id"]
    if integration_id not in account.integrations:
        detail = f'Invalid pk "{integration_id}" - object does not exist.'
        raise _Refused(errors.error(400, "invalid", "Invalid", detail, pointer="/integration_id"))
    if not account.order_statuses_supported:
        raise _Refused(errors.error(400, "invalid", "Invalid", NOT_SUPPORTED, pointer="/integration_id"))
    return cleaned, integration_id
