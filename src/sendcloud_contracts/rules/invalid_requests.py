"""Requests invalid on purpose: which answers to them break the contract, and which are hygiene.

schemathesis also sends requests the document calls invalid (negative cases: `sender_address=abc`,
`start_date=garbage`, an id of `-1`). The document promises such a client nothing, and documents
no 400, so an API that answers one with a 4xx in the v2 envelope misleads nobody: the undocumented
status is a hygiene finding. An undocumented status on a valid request, or any 5xx, still fails.

Query filters are read leniently (Django REST framework ignores an empty filter value), and no
rejection of them is documented, so an invalid query value answered 200 is hygiene too. An
invalid path id answered with an integration misleads its client: that stays a broken contract.
Which parts of a request are invalid comes from schemathesis' case metadata, never from messages.
"""

from __future__ import annotations

import schemathesis
from schemathesis.core.parameters import ParameterLocation
from schemathesis.specs.openapi import checks as builtin

from sendcloud_contracts.rules.hygiene import as_hygiene

# Switched off in the schemathesis config and run by the checks below.
JUDGED_BUILTIN_CHECKS = ("status_code_conformance", "negative_data_rejection")


def invalid_parts(case: schemathesis.Case) -> frozenset[ParameterLocation]:
    """The parts of the request schemathesis generated invalid on purpose (none for a valid one)."""
    if case.meta is None:
        return frozenset()
    return frozenset(location for location, info in case.meta.components.items() if info.mode.is_negative)


def _named(parts: frozenset[ParameterLocation]) -> str:
    return ", ".join(sorted(str(part.value) for part in parts))


@schemathesis.check
def sendcloud_status_code(
    ctx: schemathesis.CheckContext, response: schemathesis.Response, case: schemathesis.Case
) -> None:
    """Only documented statuses (schemathesis' ST103); a 4xx to an invalid request is hygiene."""

    def why() -> str | None:
        invalid = invalid_parts(case)
        if not invalid or not 400 <= response.status_code < 500:
            return None
        return (
            f"the request's {_named(invalid)} is invalid on purpose and the document promises no answer to it"
        )

    as_hygiene(builtin.status_code_conformance, "status_code_conformance", ctx, response, case, why)


@schemathesis.check
def sendcloud_negative_data_rejection(
    ctx: schemathesis.CheckContext, response: schemathesis.Response, case: schemathesis.Case
) -> None:
    """An invalid request is refused (schemathesis' ST201); an accepted invalid filter is hygiene."""

    def why() -> str | None:
        if invalid_parts(case) != {ParameterLocation.QUERY}:
            return None
        return "only query values are invalid; the document promises no rejection of them"

    as_hygiene(builtin.negative_data_rejection, "negative_data_rejection", ctx, response, case, why)
