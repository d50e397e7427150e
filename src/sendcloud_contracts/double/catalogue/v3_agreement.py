"""Where API v3 tells another story than v2 about the same account, and where it only writes it
otherwise: the entries a v3 run's comparison with v2 must catch, or pass.

Each fault bends v3 in the list and the item alike, so the list and the item still agree with
each other: only asking v2 shows the break.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from sendcloud_contracts.double.base import API_PREFIX, Reply, Request
from sendcloud_contracts.double.catalogue.v3_variant import on_v3, v3_entry
from sendcloud_contracts.double.catalogue.variant import Kind

if TYPE_CHECKING:
    from sendcloud_contracts.double.app import DoubleApp
    from sendcloud_contracts.double.catalogue.variant import Variant

# The integration the list leaves out, and the one whose fetch moved to another moment.
LEFT_OUT = 90210
MOVED = 5


def _integrations(body: Any) -> list[dict[str, Any]]:
    held = body.get("data")
    return [item for item in (held if isinstance(held, list) else [held]) if isinstance(item, dict)]


def _another_type(body: Any, request: Request, app: DoubleApp) -> None:
    for integration in _integrations(body):
        integration["type"] = "shopify"


def _without_one(body: Any, request: Request, app: DoubleApp) -> None:
    body["data"] = [item for item in body["data"] if item.get("id") != LEFT_OUT]


def _another_instant(body: Any, request: Request, app: DoubleApp) -> None:
    for integration in _integrations(body):
        fetched = integration.get("last_fetched_at")
        if integration.get("id") == MOVED and isinstance(fetched, str):
            moment = datetime.fromisoformat(fetched.replace("Z", "+00:00")) + timedelta(hours=1)
            integration["last_fetched_at"] = moment.isoformat()


def v2_closed(request: Request, app: DoubleApp) -> Reply:
    """Every v2 request answers 404, as v2 may for an account created after its maintenance began."""
    if request.path.startswith(API_PREFIX + "/"):
        return Reply.json(
            404, {"error": {"code": 404, "request": request.path.lstrip("/"), "message": "Not found."}}
        )
    return app.faithful(request)


V3_AGREEMENT: tuple[Variant, ...] = (
    v3_entry(
        "v3-type-disagrees-with-v2",
        Kind.FAULT,
        "v3's type says shopify in the list and the item alike, where v2's system says what it is",
        on_v3(_another_type, "integration", "list"),
        "[versions_agree] integration 123: v3 type / v2 system: Received: ",
    ),
    v3_entry(
        "v3-list-leaves-out-an-integration",
        Kind.FAULT,
        f"v3's list leaves out integration {LEFT_OUT}, which v2's list holds",
        on_v3(_without_one, "list"),
        f"[versions_agree] v3 GET /api/v3/integrations: Received: 3 integrations, without {LEFT_OUT}",
    ),
    v3_entry(
        "v3-fetched-at-another-instant",
        Kind.FAULT,
        f"v3's last_fetched_at of integration {MOVED} is an hour after v2's last_fetch, in list and item",
        on_v3(_another_instant, "integration", "list"),
        f"[versions_agree] integration {MOVED}: v3 last_fetched_at / v2 last_fetch: Received: ",
    ),
    v3_entry(
        "v2-closed-for-the-account",
        Kind.VALID,
        "every v2 request answers 404, as for an account created after v2's maintenance began: "
        "the comparison is skipped, never failed",
        v2_closed,
    ),
)
