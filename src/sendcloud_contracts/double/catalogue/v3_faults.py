"""Ways API v3 could break its contract, each caught by one of the v3 suite's rules.

Every entry runs with the v3 document (`Variant.spec`), the suite pointed at `/api/v3`. A fault
names the fragments of the failure line (`[rule] field: Received: ... / Documented: ...`) that
show it was caught, by the rule that must catch it.
"""

from __future__ import annotations

import json
import re
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sendcloud_contracts.double.base import API_V3_PREFIX, Reply, Request
from sendcloud_contracts.double.catalogue.v3_list_faults import V3_LIST_FAULTS
from sendcloud_contracts.double.catalogue.v3_variant import (
    ERROR,
    on_v3,
    on_v3_reply,
    query_of,
    v3_entry,
    with_query,
)
from sendcloud_contracts.double.catalogue.variant import Kind, accepting_any_credentials
from sendcloud_contracts.double.v3 import statuses
from sendcloud_contracts.double.v3.routes import route_of
from sendcloud_contracts.double.v3.views import integration_view

if TYPE_CHECKING:
    from collections.abc import Callable

    from sendcloud_contracts.double.app import DoubleApp
    from sendcloud_contracts.double.catalogue.v3_variant import Change

    Body = dict[str, Any]

# The integration whose list entry disagrees with its own answer, and what the list says instead.
STALE_ID = 4711
STALE_FEEDBACK_TYPE = "none"
_OFFSET = re.compile(r"(?:[Zz]|[+-]\d{2}:\d{2})$")


def _next_id(app: DoubleApp, integration_id: int) -> int:
    ids = sorted(app.integrations)
    return ids[(ids.index(integration_id) + 1) % len(ids)]


def _each_error(change: Callable[[Body], object]) -> Change:
    def rewrite(body: Body, request: Request, app: DoubleApp) -> None:
        for error in body["errors"]:
            change(error)

    return rewrite


def _v2_envelope(body: Body, request: Request, app: DoubleApp) -> Body:
    first = body["errors"][0]
    return {
        "error": {
            "code": int(first["status"]),
            "request": request.path.lstrip("/"),
            "message": first["detail"],
        }
    }


def _another_integration(body: Body, request: Request, app: DoubleApp) -> None:
    other = _next_id(app, body["data"]["id"])
    body["data"] = integration_view(app.integrations[other], app.account.v3_facts(other))


def _another_mapping(body: Body, request: Request, app: DoubleApp) -> Body:
    other = _next_id(app, body["data"]["integration_id"])
    query = [(name, str(other) if name == "integration_id" else value) for name, value in query_of(request)]
    theirs: Body = json.loads(statuses.mapping(with_query(request, query), app.account).body)
    return theirs


def _another_integrations_logs(reply: Reply, request: Request, app: DoubleApp) -> Reply:
    found = route_of(request.path)
    raw_id = found[1] if found is not None else ""
    if not raw_id:
        return reply
    other = _next_id(app, int(raw_id))
    path = request.path.replace(f"/integrations/{raw_id}/", f"/integrations/{other}/", 1)
    theirs = app.faithful(Request(request.method, path, request.query, request.headers, request.body))
    # Their items, under this list's own links.
    return Reply(reply.status, reply.headers, theirs.body)


def _each_entry(change: Callable[[Body], None]) -> Change:
    def rewrite(body: Body, request: Request, app: DoubleApp) -> None:
        for item in body["data"] if isinstance(body["data"], list) else [body["data"]]:
            change(item)

    return rewrite


def _without_offset(item: Body) -> None:
    item["updated_at"] = _OFFSET.sub("", item["updated_at"])


def _human_date(log: Body) -> None:
    written = datetime.fromisoformat(log["created_at"])
    log["created_at"] = written.strftime("%d/%m/%Y %H:%M")


def _stale_feedback_type(body: Body, request: Request, app: DoubleApp) -> None:
    for entry in body["data"]:
        if entry["id"] == STALE_ID:
            entry["feedback_type"] = STALE_FEEDBACK_TYPE


def _no_translations(body: Body, request: Request, app: DoubleApp) -> None:
    for status in body["data"]:
        status["translations"] = []


def _id_as_string(item: Body) -> None:
    item["id"] = str(item["id"])


def _without_base_url(log: Body) -> None:
    del log["base_url"]


V3_FAULTS = (
    v3_entry(
        "v3-integration-unwrapped",
        Kind.FAULT,
        'GET /integrations/{id} answers the bare integration, as v2 does, without {"data": ...}',
        on_v3(lambda body, request, app: body["data"], "integration"),
        "[wrapper] data: Received: ",
    ),
    v3_entry(
        "v3-error-status-as-integer",
        Kind.FAULT,
        "every v3 error writes status as an integer (404), as the document's own 404 example does",
        on_v3(_each_error(lambda error: error.__setitem__("status", int(error["status"]))), ERROR),
        "[error_envelope] errors.0.status: Received: ",
        # The authentication probes meet the same error body in their 401s.
        "credentials: errors.0.status: Received: ",
        "[response_schema] errors.0.status: Received: ",
    ),
    v3_entry(
        "v3-errors-in-v2-envelope",
        Kind.FAULT,
        'v3 errors come in v2\'s envelope, {"error": {"code", "request", "message"}}, not JSON:API\'s errors',
        on_v3(_v2_envelope, ERROR),
        "[error_envelope] errors: Received: ",
        "credentials: errors: Received: ",
    ),
    v3_entry(
        "v3-error-without-code",
        Kind.FAULT,
        "v3 error objects have no code",
        on_v3(_each_error(lambda error: error.pop("code")), ERROR),
        "[error_envelope] errors.0.code: Received: (absent)",
        "credentials: errors.0.code: Received: (absent)",
        "[response_schema] errors.0.code: Received: (absent)",
    ),
    v3_entry(
        "v3-error-without-detail",
        Kind.FAULT,
        "v3 error objects have no detail",
        on_v3(_each_error(lambda error: error.pop("detail")), ERROR),
        "[error_envelope] errors.0.detail: Received: (absent)",
        "credentials: errors.0.detail: Received: (absent)",
        "[response_schema] errors.0.detail: Received: (absent)",
    ),
    v3_entry(
        "v3-wrong-integration",
        Kind.FAULT,
        "GET /integrations/{id} answers the next integration (id 123 serves 4711)",
        on_v3(_another_integration, "integration"),
        "[requested_integration] data.id: Received: ",
    ),
    v3_entry(
        "v3-mapping-of-another-integration",
        Kind.FAULT,
        "the status mapping answers the next integration's mapping, not integration_id's",
        on_v3(_another_mapping, "mapping"),
        "[requested_integration] data.integration_id: Received: ",
    ),
    v3_entry(
        "v3-logs-of-another-integration",
        Kind.FAULT,
        "GET /integrations/{id}/logs holds the next integration's logs",
        on_v3_reply(_another_integrations_logs, "logs"),
        "[requested_integration] data.0.integration_id: Received: ",
    ),
    v3_entry(
        "v3-updated-at-without-offset",
        Kind.FAULT,
        "every integration's updated_at has no offset (2019-08-24T14:15:22)",
        on_v3(_each_entry(_without_offset), "integration", "list"),
        "[timestamp] data.updated_at: Received: ",
        "[timestamp] data.0.updated_at: Received: ",
    ),
    v3_entry(
        "v3-log-date-malformed",
        Kind.FAULT,
        "every log's created_at is a human date (03/03/2023 02:02)",
        on_v3(_each_entry(_human_date), "logs"),
        "[timestamp] data.0.created_at: Received: ",
    ),
    v3_entry(
        "v3-auth-ignored",
        Kind.FAULT,
        "every v3 request is served, with no credentials or wrong ones",
        accepting_any_credentials(also_none=True, prefix=API_V3_PREFIX),
        "[authentication] ",
        "with no credentials: Received: 200",
    ),
    v3_entry(
        "v3-wrong-credentials-accepted",
        Kind.FAULT,
        "v3 requests with wrong credentials are served; missing ones still answer 401",
        accepting_any_credentials(also_none=False, prefix=API_V3_PREFIX),
        "[authentication] ",
        "with wrong Basic credentials: Received: 200",
    ),
    v3_entry(
        "v3-list-disagrees-with-item",
        Kind.FAULT,
        f"GET /integrations lists integration {STALE_ID} with feedback_type {STALE_FEEDBACK_TYPE}; "
        "GET /integrations/{id} says delayed",
        on_v3(_stale_feedback_type, "list"),
        f'[consistency] 3.feedback_type: Received: "{STALE_FEEDBACK_TYPE}"',
        f'feedback_type: Received: "{STALE_FEEDBACK_TYPE}"',
    ),
    v3_entry(
        "v3-status-without-translations",
        Kind.FAULT,
        "shop order statuses come with an empty translations list (the document asks for at least one)",
        on_v3(_no_translations, "statuses"),
        "[response_schema] data.0.translations: Received: []",
    ),
    v3_entry(
        "v3-id-as-string",
        Kind.FAULT,
        'integrations\' id is a string: "123"',
        on_v3(_each_entry(_id_as_string), "integration", "list"),
        "[response_schema] data.id: Received: ",
        "[response_schema] data.0.id: Received: ",
    ),
    v3_entry(
        "v3-log-without-base-url",
        Kind.FAULT,
        "logs come without base_url, the one field the log schema requires",
        on_v3(_each_entry(_without_base_url), "logs"),
        "[response_schema] data.0.base_url: Received: (absent)",
    ),
    *V3_LIST_FAULTS,
)
