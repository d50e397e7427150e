"""API v2, as its document and the real API write it: bare objects, one error envelope, cursor pages
whose links sit in the body."""

from __future__ import annotations

from sendcloud_contracts.dialects.dialect import Dialect
from sendcloud_contracts.dialects.model import BodyLinks, ErrorBody, Resource, Sorting
from sendcloud_contracts.dialects.writes import Writes

ERROR_ENVELOPE = ErrorBody(
    container="error",
    many=False,
    members=("code", "request", "message"),
    status_member="code",
    status_as_text=False,
    path_member="request",
    text_members=("message",),
    shape='{"error": {"code": <HTTP status>, "request": "<path>", "message": "<text>"}}',
)

DIALECT = Dialect(
    name="v2",
    base_path="/api/v2",
    wrapper=None,
    error_body=ERROR_ENVELOPE,
    # Sendcloud's mark of a cursor-paginated operation: `{"next": uri, "previous": uri, "results": [...]}`.
    paging=BodyLinks(
        marker="x-sendcloud-paginated", links=("next", "previous"), next="next", items_member="results"
    ),
    # `ordering` "specifies the field used to order the resulting response", naming none: nothing to check.
    sorting=Sorting(parameter="ordering", operation="/integrations"),
    resource=Resource(
        list_path="/integrations",
        item_path="/integrations/{id}",
        identity="id",
        # A shipment names its integration by `integration`, a log by `integration_id`.
        owner_fields=("integration", "integration_id"),
        owner_parameters=(),
        volatile=frozenset({"failing_since", "last_fetch", "last_updated_at"}),
    ),
    writes=Writes(
        settings_methods=("PUT", "PATCH"),
        settings_answer_body=True,
        server_fields=frozenset({"last_updated_at", "failing_since", "last_fetch"}),
        shipments_path="/integrations/{id}/shipments",
        shipments_delete_path="/integrations/{id}/shipments/delete",
    ),
)
