"""Requests to a double without sockets, as the write tests send them."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from sendcloud_contracts.double import DoubleApp, Request
from sendcloud_contracts.double.catalogue.variant import valid_basic_credentials
from sendcloud_contracts.double.clock import ManualClock
from sendcloud_contracts.spec import load_spec

from ..conftest import ROOT

if TYPE_CHECKING:
    from sendcloud_contracts.double import Reply
    from sendcloud_contracts.spec import Spec

V2 = load_spec(ROOT / "spec" / "sendcloud-v2-integrations-openapi.yml")
V3 = load_spec(ROOT / "spec" / "sendcloud-v3-integrations-openapi.yml")
HOST = "127.0.0.1:8188"
# Leave out the body: an empty request body, not the JSON `null`.
NO_BODY = object()


def fresh() -> DoubleApp:
    """A faithful double on a clock that stands still, writes unlimited unless a test says otherwise."""
    return DoubleApp(clock=ManualClock(), write_limit=None)


def send(
    app: DoubleApp,
    method: str,
    path: str,
    body: Any = NO_BODY,
    *,
    query: str = "",
    authorization: str | None = "",
) -> Reply:
    """A request to `path` (under `/api/v2` or `/api/v3`), its body as JSON (bytes as they are), with
    the right credentials unless told otherwise (None: none at all)."""
    headers = {"Host": HOST, "Content-Type": "application/json"}
    if authorization is not None:
        headers["Authorization"] = authorization or valid_basic_credentials(app)
    raw = b"" if body is NO_BODY else body if isinstance(body, bytes) else json.dumps(body).encode()
    return app.handle(Request(method, path, query, headers, raw))


def body_of(reply: Reply) -> Any:
    assert reply.headers["Content-Type"] == "application/json", reply
    return json.loads(reply.body)


def v2_message(reply: Reply, status: int) -> str:
    """The message of a v2 error envelope, which must say `status` and name the request's path."""
    assert reply.status == status, reply.body
    envelope = body_of(reply)["error"]
    assert envelope["code"] == status
    assert set(envelope) == {"code", "request", "message"}
    message: str = envelope["message"]
    return message


def v3_errors(reply: Reply, status: int) -> list[dict[str, Any]]:
    """The error objects of a v3 answer, each of which must say `status` as text."""
    assert reply.status == status, reply.body
    payload = body_of(reply)
    assert list(payload) == ["errors"]
    listed: list[dict[str, Any]] = payload["errors"]
    assert listed
    assert {error["status"] for error in listed} == {str(status)}
    return listed


def schema_problems(spec: Spec, template: str, method: str, status: int, body: Any) -> list[str]:
    """What breaks the schema the document gives the answer (`[]`: nothing)."""
    schema = spec.response_schema(template, method, status)
    assert schema is not None, (template, method, status)
    return [
        f"{error.instance_path}: {error.message}" for error in spec.schema_validator(schema).iter_errors(body)
    ]
