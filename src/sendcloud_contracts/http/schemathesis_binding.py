"""The session reaches schemathesis through the schema's transport (`bind_session`).

So the property test, the explicit-id test and schemathesis' own follow-up probes (e.g. the
`ignored_auth` check, which drops the caller's session) all use it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from schemathesis.transport.requests import REQUESTS_TRANSPORT, RequestsTransport

if TYPE_CHECKING:
    import requests
    import schemathesis
    from schemathesis.core.transport import Response
    from schemathesis.generation.case import Case


class _SessionTransport(RequestsTransport):
    """schemathesis' requests transport, sending through the suite's session unless given another."""

    def __init__(self, session: requests.Session) -> None:
        super().__init__()
        self._copy_serializers_from(REQUESTS_TRANSPORT)
        self._session = session

    def send(self, case: Case, *, session: requests.Session | None = None, **kwargs: Any) -> Response:
        return super().send(case, session=session if session is not None else self._session, **kwargs)


def bind_session(schema: schemathesis.BaseSchema, session: requests.Session) -> schemathesis.BaseSchema:
    """Make every request schemathesis sends for `schema` go through `session`.

    The transport is a read-only property of the schema, and the `ignored_auth` probes call it
    directly with the caller's session removed; a subclass that answers with the suite's
    transport is the one place that reaches them all. Clones keep the class, hence the session.
    """
    transport = _SessionTransport(session)
    base = type(schema)
    schema.__class__ = type(base.__name__, (base,), {"transport": property(lambda _: transport)})
    return schema
