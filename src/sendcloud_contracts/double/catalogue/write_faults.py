"""Ways API v2 could break its write contract, each caught by the write contract (`--writes`).

Each fault bends what the double does with one kind of write (`write_variant.write_of`), and names
the fragments of the failure line (`[rule] field: Received: ... / Documented: ...`) that show which
rule of `rules/writes.py` (or of the contract, for an answer's body) caught it. The shipments'
faults are in `shipment_faults.py`; what both versions' faults share, in `write_bendings.py`.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from sendcloud_contracts.double.catalogue.shipment_faults import SHIPMENT_FAULTS
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
    SETTINGS,
    Write,
    bending_answer,
    integration_before,
    json_reply,
    on_write,
    write_fault,
    write_of,
)

if TYPE_CHECKING:
    from sendcloud_contracts.double.app import DoubleApp
    from sendcloud_contracts.double.base import Reply, Request
    from sendcloud_contracts.double.catalogue.variant import Variant, VariantBehaviour


def _answering_before(request: Request, app: DoubleApp, write: Write) -> Reply:
    before = integration_before(app, write)
    reply = app.faithful(request)
    return json_reply(reply, before) if reply.status == 200 and before is not None else reply


def _without_request(reply: Reply, request: Request, app: DoubleApp) -> Reply:
    if reply.status < 400 or reply.status == 429:
        return reply
    envelope = json.loads(reply.body)
    envelope.get("error", {}).pop("request", None)
    return json_reply(reply, envelope)


def _errors_without_request(request: Request, app: DoubleApp) -> Reply:
    reply = app.faithful(request)
    write = write_of(request)
    return _without_request(reply, request, app) if write is not None and write.api == "v2" else reply


def _log_answers(status: int | None = None, keep: tuple[str, ...] | None = None) -> VariantBehaviour:
    def bend(reply: Reply, request: Request, app: DoubleApp) -> Reply:
        if reply.status != 201:
            return reply
        log = json.loads(reply.body)
        shown = log if keep is None else {name: log[name] for name in keep}
        return json_reply(reply, shown, status)

    return bending_answer("v2", LOG, bend)


WRITE_FAULTS: tuple[Variant, ...] = (
    write_fault(
        "patch-ignores-webhook-url",
        "PATCH answers 200 as if it took, but webhook_url keeps its value",
        keeping("webhook_url", "PATCH"),
        "[read_your_writes] webhook_url: Received:",
    ),
    write_fault(
        "put-keeps-shop-url",
        "PUT answers 200 as if it took, but shop_url keeps its value",
        keeping("shop_url", "PUT"),
        "[read_your_writes] shop_url: Received:",
    ),
    write_fault(
        "patch-resets-webhook-active",
        "a PATCH that leaves webhook_active out turns the webhook off",
        resetting_unsent("webhook_active", False),
        "[read_your_writes] webhook_active: Received: false / Documented: true, as before",
    ),
    write_fault(
        "update-answers-the-integration-before",
        "PUT and PATCH save, but answer with the integration as it was before the write",
        on_write("v2", SETTINGS, _answering_before),
        "[write_answer_agrees]",
    ),
    write_fault(
        "refused-update-saves-the-rest",
        "a PUT or PATCH answered 400 still saves the members that were valid",
        refused_but_saved(),
        "[refused_write_changed_nothing] shop_url: Received:",
    ),
    write_fault(
        "update-changes-every-integration",
        "a PUT or PATCH is applied to every integration of the account",
        changing_others(),
        "[other_integrations_unchanged] integration ",
    ),
    write_fault(
        "write-errors-without-request",
        "the error envelope of a refused write has no `request`",
        _errors_without_request,
        "error.request: Received: (absent)",
    ),
    write_fault(
        "writes-without-credentials",
        "writes without credentials are served as the account's; reads still answer 401",
        served_without(also_none=True),
        "401: a write with no credentials",
    ),
    write_fault(
        "writes-with-a-wrong-secret",
        "writes with the right public key and a wrong secret are served; reads still answer 401",
        served_without(also_none=False),
        "401: a write with a wrong secret key",
    ),
    write_fault(
        "delete-of-an-unknown-integration-204",
        "DELETE of an integration the account does not have answers 204",
        deleting_unknown(),
        "404: the account has no integration",
    ),
    *SHIPMENT_FAULTS,
    write_fault(
        "log-created-answers-200",
        "POST of a log answers 200 instead of 201",
        _log_answers(status=200),
        "[write_status] (status): Received: 200 / Documented: 201",
    ),
    write_fault(
        "log-answer-leaves-out-members",
        "POST of a log answers 201 with its id and base_url only, not the rest it was given",
        _log_answers(keep=("id", "base_url")),
        "[read_your_writes] full_url: Received: (absent)",
    ),
)
