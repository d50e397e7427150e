"""What API v3 shows of the account that API v2 does not, as the account starts with it: creation
dates, feedback types, shop order statuses and their mapping onto Sendcloud's status categories
(`account.py` keeps them; v3's writes change them).

Everything else v3 serves is v2's data seen through v3's names (`v3/views.py`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sendcloud_contracts.double.data import Integration

# The languages the document lets a status be translated into, and the one a client gets by default.
LANGUAGES = ("en-us", "en-gb", "fr-fr", "de-de", "nl-nl", "es-es", "it-it")
DEFAULT_LANGUAGE = "en-gb"
STATUS_CATEGORIES = ("READY_TO_SEND", "IN_TRANSIT", "DELIVERED", "CANCEL")


@dataclass(frozen=True)
class Facts:
    """An integration's fields that only v3 names."""

    created_at: str
    feedback_type: str


# Each created before v2's `last_updated_at` (v3's `updated_at`), with offsets and precision as varied
# as the real API's timestamps: 4711 was created after 90210, though its text sorts first.
FACTS: dict[int, Facts] = {
    123: Facts("2019-08-20T09:00:00Z", "eager"),
    4711: Facts("2020-01-06T10:15:00.120000-05:00", "delayed"),
    5: Facts("2021-05-17T12:00:00.000001+00:00", "none"),
    90210: Facts("2020-01-06T10:45:30.500000+01:00", "eager"),
}


# What the newest seeded log of each integration carries besides v2's fields (the others, and every log
# a client creates, carry the default, "").
NEWEST_LOG_ADDITIONAL_DATA = {"retried": True, "attempts": 3}


def facts_of(integration: Integration) -> Facts:
    """v3's own fields of an integration; one not seeded here was created at its last update."""
    return FACTS.get(integration["id"], Facts(integration["last_updated_at"], "eager"))


@dataclass(frozen=True)
class ShopStatus:
    """A shop order status and its names, in the order the shop gave them: (language, name)."""

    external_id: str
    translations: tuple[tuple[str, str], ...]
    # Removed from the shop's statuses: listed only with `show_deleted=true`.
    deleted: bool = False


# PrestaShop's order states, as a shop sends them: not every status in every language, one without
# the default language (a client then gets the first language in alphabetical order), one deleted.
SHOP_STATUSES: tuple[ShopStatus, ...] = (
    ShopStatus(
        "2",
        (
            ("en-gb", "Payment accepted"),
            ("nl-nl", "Betaling aanvaard"),
            ("de-de", "Zahlung eingegangen"),
            ("fr-fr", "Paiement accepté"),
        ),
    ),
    ShopStatus(
        "3",
        (("en-gb", "Processing in progress"), ("nl-nl", "Wordt verwerkt"), ("es-es", "Preparación en curso")),
    ),
    ShopStatus(
        "4",
        (
            ("en-gb", "Shipped"),
            ("en-us", "Shipped"),
            ("nl-nl", "Verzonden"),
            ("de-de", "Versandt"),
            ("it-it", "Spedito"),
        ),
    ),
    ShopStatus("5", (("en-gb", "Delivered"), ("nl-nl", "Bezorgd"), ("de-de", "Zugestellt"))),
    ShopStatus("17-B", (("nl-nl", "Klaar om op te halen"), ("de-de", "Abholbereit"))),
    ShopStatus("6", (("en-gb", "Cancelled"), ("nl-nl", "Geannuleerd"), ("de-de", "Storniert")), deleted=True),
)

# When each integration's shop removed its deleted status.
DELETED_AT: dict[int, str] = {
    123: "2023-11-04T14:15:22Z",
    4711: "2024-02-29T08:00:00.250000+01:00",
    5: "2022-12-01T00:00:00+00:00",
    90210: "2023-06-30T23:59:59.999999+02:00",
}
DEFAULT_DELETED_AT = "2023-11-04T14:15:22Z"

# Each integration's mapping of Sendcloud's status categories onto its shop's statuses: some
# unmapped (`None`), some onto the deleted status (an invalid mapping).
MAPPINGS: dict[int, dict[str, str | None]] = {
    123: {"READY_TO_SEND": "3", "IN_TRANSIT": "4", "DELIVERED": "5", "CANCEL": "6"},
    4711: {"READY_TO_SEND": "2", "IN_TRANSIT": "4", "DELIVERED": None, "CANCEL": "6"},
    5: {},
    90210: {"READY_TO_SEND": "3", "IN_TRANSIT": "17-B", "DELIVERED": "5", "CANCEL": None},
}


def deleted_at(integration_id: int, status: ShopStatus) -> str | None:
    return DELETED_AT.get(integration_id, DEFAULT_DELETED_AT) if status.deleted else None


def mapping_of(integration_id: int) -> list[tuple[str, str | None]]:
    """Each status category with the external id it is mapped onto, or None."""
    mapped = MAPPINGS.get(integration_id, {})
    return [(category, mapped.get(category)) for category in STATUS_CATEGORIES]
