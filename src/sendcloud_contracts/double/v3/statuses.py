"""API v3's shop order statuses of an integration, and their mapping onto Sendcloud's status categories.

Both need `integration_id`, an integration of the account: without it, the document's own 400
(`non_field_errors`, "Integration ID is a required GET parameter"); with one that is not a whole
number, or not an integration of the account, 400 `invalid`. 400 is the one error the document
gives these operations.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING
from urllib.parse import parse_qsl

from sendcloud_contracts.double import v3_data
from sendcloud_contracts.double.base import Reply
from sendcloud_contracts.double.v3 import errors

if TYPE_CHECKING:
    from sendcloud_contracts.double.account import Account
    from sendcloud_contracts.double.base import Request

INTEGRATION_ID = "integration_id"
LANGUAGE = "language"
SHOW_DELETED = "show_deleted"
# The document's example of the error, word for word.
REQUIRED = "Integration ID is a required GET parameter"
# What Django REST framework's IntegerField reads as a whole number (ASCII digits, a sign, spaces around).
_WHOLE_NUMBER = re.compile(r"\s*[+-]?[0-9]+\s*")
# What Django REST framework's BooleanField reads as true or false (compared in lower case).
TRUE = frozenset({"true", "t", "yes", "y", "on", "1"})
FALSE = frozenset({"false", "f", "no", "n", "off", "0"})


class _Refused(Exception):
    def __init__(self, reply: Reply) -> None:
        self.reply = reply


def statuses(request: Request, account: Account) -> Reply:
    """`{"data": [...]}`: each status named in `language` (en-gb, else the first language in
    alphabetical order), the deleted one only with `show_deleted=true`."""
    try:
        query = _query(request)
        integration_id = _integration_id(query, account)
        language = _language(query)
        show_deleted = _show_deleted(query)
    except _Refused as refused:
        return refused.reply
    listed = []
    for status in account.shop_order_statuses(integration_id):
        if status.deleted_at is not None and not show_deleted:
            continue
        names = dict(status.translations)
        chosen = language if language in names else v3_data.DEFAULT_LANGUAGE
        listed.append(
            {
                "external_id": status.external_id,
                "status": names.get(chosen) or names[min(names)],
                "deleted_at": status.deleted_at,
                "translations": [{"status": name, "language": code} for code, name in status.translations],
            }
        )
    return Reply.json(200, {"data": listed})


def mapping(request: Request, account: Account) -> Reply:
    """`{"data": {"integration_id", "mapping": [...]}}`: one entry per status category, invalid where
    it points at a status the shop no longer has (a replacement of its statuses deleted it)."""
    try:
        integration_id = _integration_id(_query(request), account)
    except _Refused as refused:
        return refused.reply
    current = {
        status.external_id
        for status in account.shop_order_statuses(integration_id)
        if status.deleted_at is None
    }
    entries = [
        {
            "status_category": category,
            "external_id": external_id,
            "is_valid": external_id is None or external_id in current,
        }
        for category, external_id in account.status_mapping(integration_id).items()
    ]
    return Reply.json(200, {"data": {"integration_id": integration_id, "mapping": entries}})


def _query(request: Request) -> dict[str, str]:
    # As Django's QueryDict reads one value: the last one sent.
    return dict(parse_qsl(request.query, keep_blank_values=True))


def _integration_id(query: dict[str, str], account: Account) -> int:
    raw = query.get(INTEGRATION_ID, "")
    if not raw:
        raise _Refused(errors.error(400, "non_field_errors", "integration ID", REQUIRED))
    if _WHOLE_NUMBER.fullmatch(raw) is None:
        raise _Refused(errors.invalid(INTEGRATION_ID, "A valid integer is required."))
    if int(raw) not in account.integrations:
        raise _Refused(errors.invalid(INTEGRATION_ID, f'Invalid pk "{int(raw)}" - object does not exist.'))
    return int(raw)


def _language(query: dict[str, str]) -> str | None:
    language = query.get(LANGUAGE) or None
    if language is not None and language not in v3_data.LANGUAGES:
        detail = f'"{language}" is not a valid choice.'
        raise _Refused(errors.invalid(LANGUAGE, detail, code="invalid_choice"))
    return language


def _show_deleted(query: dict[str, str]) -> bool:
    value = query.get(SHOW_DELETED, "").strip().lower()
    if value and value not in TRUE | FALSE:
        raise _Refused(errors.invalid(SHOW_DELETED, "Must be a valid boolean."))
    return value in TRUE
