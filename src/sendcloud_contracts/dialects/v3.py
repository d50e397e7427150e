"""API v3, as its document writes it: answers wrapped in `data`, JSON:API errors, lists of logs
paged through a `Link` header (RFC 8288), `sort` with a `-` prefix for descending."""

from __future__ import annotations

from sendcloud_contracts.dialects import v2
from sendcloud_contracts.dialects.dialect import Dialect
from sendcloud_contracts.dialects.model import ErrorBody, LinkHeader, Resource, Sorting, SortKey
from sendcloud_contracts.dialects.writes import Writes

JSON_API_ERRORS = ErrorBody(
    container="errors",
    # The document types `errors` as an array or an object; JSON:API writes an array.
    many=True,
    members=("status", "code", "detail"),
    status_member="status",
    status_as_text=True,
    path_member=None,
    text_members=("code", "title", "detail"),
    shape='{"errors": [{"status": "<HTTP status>", "code": "<code>", "detail": "<text>"}]}',
)

# The keys `GET /integrations` documents for `sort`. The document names them as the "attributes in
# the response object", yet three are not the names the object has: the fields paired with them
# here are ours (v2's `last_fetch` and `failing_since` are v3's `last_fetched_at` and
# `started_failing_at` by the schema's own descriptions; `integration_type` is the `type`).
SORT_KEYS = (
    SortKey("integration_type", "type", inferred=True),
    SortKey("created_at", "created_at"),
    SortKey("updated_at", "updated_at"),
    SortKey("last_fetch", "last_fetched_at", inferred=True),
    SortKey("failing_since", "started_failing_at", inferred=True),
)

DIALECT = Dialect(
    name="v3",
    base_path="/api/v3",
    wrapper="data",
    error_body=JSON_API_ERRORS,
    paging=LinkHeader(items_member="data", page_size_parameter="page_size"),
    sorting=Sorting(parameter="sort", operation="/integrations", keys=SORT_KEYS),
    resource=Resource(
        list_path="/integrations",
        item_path="/integrations/{id}",
        identity="id",
        owner_fields=("integration_id",),
        owner_parameters=("integration_id",),
        volatile=frozenset({"started_failing_at", "last_fetched_at", "updated_at"}),
    ),
    writes=Writes(
        settings_methods=("PATCH",),
        settings_answer_body=False,
        server_fields=frozenset({"updated_at", "created_at", "started_failing_at", "last_fetched_at"}),
        statuses_path="/shop-order-statuses",
        mapping_path="/shop-order-statuses/mapping",
    ),
    report_suffix="-v3",
    predecessor=v2.DIALECT,
    # Six operations whose coverage cases (each documented value, boundary and invalid variant of
    # every parameter) already send about 250 requests: five generated cases each keep a default
    # live run near 280 (25 would send about 400).
    default_max_examples=5,
)
