"""Ways API v3 could break its write contract, each caught by the write contract (`--writes`, with the
v3 document), on integration 90210 (`write_variant.WRITE_INTEGRATION`).

Several bend v3's writes as API v2's faults bend v2's (`write_bendings.py`); the rest bend what only v3
has: PATCH answering 204 with no body, JSON:API errors, the shop order statuses and their mapping,
logs that name their integration.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from sendcloud_contracts.double.base import Reply, Request
from sendcloud_contracts.double.catalogue.v3_variant import on_v3, query_of, rewriting_query
from sendcloud_contracts.double.catalogue.write_bendings import (
    changing_others,
    deleting_unknown,
    keeping,
    refused_but_saved,
    resetting_unsent,
    served_without,
)
from sendcloud_contracts.double.catalogue.write_variant import (
    LOG,
    MAPPING,
    SETTINGS,
    STATUSES,
    Write,
    bending_answer,
    body_of,
    json_reply,
    on_write,
    write_fault,
    write_of,
)
from sendcloud_contracts.double.v3.statuses import SHOW_DELETED, TRUE
from sendcloud_contracts.double.v3.views import integration_view

if TYPE_CHECKING:
    from sendcloud_contracts.double.app import DoubleApp
    from sendcloud_contracts.double.catalogue.variant import Variant, VariantBehaviour


def _answering_integration(status: int, *, with_body: bool) -> VariantBehaviour:
    """PATCH answers `status` where the document says 204; with the integration, `with_body`."""

    def bend(reply: Reply, request: Request, app: DoubleApp) -> Reply:
        write = write_of(request)
        integration = app.account.find(write.raw_id) if write is not None else None
        if reply.status != 204 or request.method != "PATCH" or integration is None:
            return reply
        if not with_body:
            return Reply(status, dict(reply.headers))
        view = integration_view(integration, app.account.v3_facts(integration["id"]))
        return Reply.json(status, {"data": view}, reply.headers)

    return bending_answer("v3", SETTINGS, bend)


def _errors_in_v2_envelope(request: Request, app: DoubleApp) -> Reply:
    """Write errors written as API v2 writes them, as a view shared with v2 would."""
    reply = app.faithful(request)
    write = write_of(request)
    if write is None or write.api != "v3" or reply.status < 400 or reply.status == 429:
        return reply
    first = json.loads(reply.body)["errors"][0]
    envelope = {
        "error": {"code": reply.status, "request": request.path.lstrip("/"), "message": first["detail"]}
    }
    return json_reply(reply, envelope)


def _integration_of(request: Request, app: DoubleApp) -> int | None:
    body = body_of(request)
    identity = body.get("integration_id") if isinstance(body, dict) else None
    return identity if isinstance(identity, int) and identity in app.integrations else None


def _keeping_unsent(request: Request, app: DoubleApp, write: Write) -> Reply:
    """A replacement adds and updates the statuses sent, and deletes none of the others."""
    identity = _integration_of(request, app)
    if identity is None:
        return app.faithful(request)
    statuses = app.account.shop_order_statuses(identity)
    deleted_before = {status.external_id: status.deleted_at for status in statuses}
    reply = app.faithful(request)
    for status in statuses:
        if status.external_id in deleted_before and deleted_before[status.external_id] is None:
            status.deleted_at = None
    return reply


def _showing_deleted(query: list[tuple[str, str]]) -> list[tuple[str, str]]:
    return [*[(name, value) for name, value in query if name != SHOW_DELETED], (SHOW_DELETED, "true")]


def _keeping_unmapped(request: Request, app: DoubleApp, write: Write) -> Reply:
    """A mapping entry without an external id leaves its category as it was mapped."""
    identity = _integration_of(request, app)
    if identity is None:
        return app.faithful(request)
    before = dict(app.account.status_mapping(identity))
    reply = app.faithful(request)
    if reply.status == 200:
        mapping = app.account.status_mapping(identity)
        for category, external_id in mapping.items():
            if external_id is None:
                mapping[category] = before[category]
    return reply


def _log_answers(change: str) -> VariantBehaviour:
    def bend(reply: Reply, request: Request, app: DoubleApp) -> Reply:
        if reply.status != 201:
            return reply
        if change == "status":
            return json_reply(reply, json.loads(reply.body), 200)
        body = json.loads(reply.body)
        asked = body["data"]["integration_id"]
        body["data"]["integration_id"] = next(each for each in sorted(app.integrations) if each != asked)
        return json_reply(reply, body)

    return bending_answer("v3", LOG, bend)


def _deleted_without_deleted_at(body: Any, request: Request, app: DoubleApp) -> None:
    # Only the list with `show_deleted=true` shows a deleted status: the one a client reads it from.
    if any(name == SHOW_DELETED and value.lower() in TRUE for name, value in query_of(request)):
        for status in body["data"]:
            status["deleted_at"] = None


V3_WRITE_FAULTS: tuple[Variant, ...] = (
    write_fault(
        "v3-patch-answers-200-with-the-integration",
        "PATCH answers 200 with the integration where the document says 204 with no body",
        _answering_integration(200, with_body=True),
        "[write_status] (status): Received: 200 / Documented: 204",
        api="v3",
    ),
    write_fault(
        "v3-patch-answers-201",
        "PATCH answers 201 with no body where the document says 204",
        _answering_integration(201, with_body=False),
        "[write_status] (status): Received: 201 / Documented: 204",
        api="v3",
    ),
    write_fault(
        "v3-patch-ignores-shop-name",
        "PATCH answers 204, but shop_name keeps its value (read-only in v2's schema)",
        keeping("shop_name", "PATCH", api="v3"),
        "[read_your_writes] shop_name: Received:",
        api="v3",
    ),
    write_fault(
        "v3-patch-clears-carriers",
        "a PATCH that leaves service_point_carriers out empties them",
        resetting_unsent("service_point_carriers", [], api="v3"),
        "[read_your_writes] service_point_carriers: Received: [] / Documented:",
        api="v3",
    ),
    write_fault(
        "v3-refused-patch-saves-the-rest",
        "a PATCH answered 400 still saves the members that were valid",
        refused_but_saved("v3"),
        "[refused_write_changed_nothing] shop_url: Received:",
        api="v3",
    ),
    write_fault(
        "v3-patch-changes-every-integration",
        "a PATCH is applied to every integration of the account",
        changing_others("v3"),
        "[other_integrations_unchanged] integration ",
        api="v3",
    ),
    write_fault(
        "v3-write-errors-in-v2-envelope",
        "refused writes answer in API v2's envelope instead of JSON:API's errors",
        _errors_in_v2_envelope,
        "[error_envelope] errors: Received:",
        api="v3",
    ),
    write_fault(
        "v3-writes-without-credentials",
        "writes without credentials are served as the account's; reads still answer 401",
        served_without(also_none=True, api="v3"),
        "401: a write with no credentials",
        api="v3",
    ),
    write_fault(
        "v3-writes-with-a-wrong-secret",
        "writes with the right public key and a wrong secret are served; reads still answer 401",
        served_without(also_none=False, api="v3"),
        "401: a write with a wrong secret key",
        api="v3",
    ),
    write_fault(
        "v3-delete-of-an-unknown-integration-204",
        "DELETE of an integration the account does not have answers 204",
        deleting_unknown("v3"),
        "404: the account has no integration",
        api="v3",
    ),
    write_fault(
        "v3-statuses-replacement-deletes-none",
        "a replacement of the shop order statuses adds and updates, but deletes none of those not sent",
        on_write("v3", STATUSES, _keeping_unsent),
        "Received: shown / Documented: deleted: it was not sent",
        api="v3",
    ),
    write_fault(
        "v3-deleted-statuses-without-deleted-at",
        "statuses a replacement deleted are hidden, but show_deleted=true lists them with deleted_at null",
        on_v3(_deleted_without_deleted_at, "statuses"),
        ".deleted_at: Received: null / Documented: a time: it was not sent",
        api="v3",
    ),
    write_fault(
        "v3-deleted-statuses-still-shown",
        "statuses a replacement deleted still show without show_deleted=true",
        rewriting_query(_showing_deleted, "statuses"),
        "Received: shown / Documented: deleted: it was not sent",
        api="v3",
    ),
    write_fault(
        "v3-mapping-ignores-unmapped-categories",
        "a mapping entry with external_id null leaves its category mapped as it was",
        on_write("v3", MAPPING, _keeping_unmapped),
        "[mapping_read_back] mapping[",
        api="v3",
    ),
    write_fault(
        "v3-log-created-answers-200",
        "POST of a log answers 200 instead of 201",
        _log_answers("status"),
        "[write_status] (status): Received: 200 / Documented: 201",
        api="v3",
    ),
    write_fault(
        "v3-log-names-another-integration",
        "POST of a log answers 201 with another integration's id as its integration_id",
        _log_answers("integration"),
        "[read_your_writes] integration_id: Received:",
        api="v3",
    ),
)
