"""The write checks a run makes once, outside the sequences: each costs something a sequence must not
repeat while Hypothesis shrinks it.

A log is kept for good (no operation deletes one), so a run posts one from the document's own
example, and one the document forbids; deleting is tried once, on an id the account does not have;
and a write is sent once without credentials and once with a wrong secret key.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sendcloud_contracts.rules import writes as rules
from sendcloud_contracts.rules.model import Violation
from sendcloud_contracts.writes import bodies

if TYPE_CHECKING:
    from sendcloud_contracts.writes.session import WriteSession

AUTHENTICATION = "authentication"
# The member a body the document closes (`additionalProperties: false`) must not have: the name its
# own example of the refusal uses.
UNKNOWN_MEMBER = "unknown_field"


def run_once(session: WriteSession) -> None:
    create_log(session)
    refused_log(session)
    delete_absent(session)
    for wrong in ("no credentials", "a wrong secret key"):
        unauthenticated(session, wrong)


def create_log(session: WriteSession) -> None:
    api, path = session.api, session.api.dialect.writes.logs_path
    example = bodies.document_example(api.spec, "POST", path)
    sent = session.log_body(example if isinstance(example, dict) else {})
    response = api.send("POST", path, sent)
    created = api.payload(response) if response.status_code == 201 else None
    if not isinstance(created, dict):
        return
    session.logs_created.append(created.get("id"))
    # The log as created says what it was given: each member its answer shows (write-only ones
    # aside), and the integration it was created on, where the answer names one.
    shown = api.answer_members("POST", path, 201)
    expected = {name: value for name, value in sent.items() if name in shown}
    if "integration_id" in shown:
        expected["integration_id"] = api.integration_id
    found = rules.settings_read_back(expected, created, {}, partial=False)
    api.hold(response, path, found, rules.READ_YOUR_WRITES)


def forbidden_log(session: WriteSession) -> dict[str, Any]:
    """A log the document forbids: a member it does not name where its schema is closed, else the
    example without a member it requires."""
    api, path = session.api, session.api.dialect.writes.logs_path
    operation = api.spec.document["paths"][path]["post"]
    content = api.spec.resolve(operation["requestBody"])["content"]["application/json"]
    schema = api.spec.resolve(content["schema"])
    example = bodies.document_example(api.spec, "POST", path)
    body = session.log_body(example if isinstance(example, dict) else {})
    if schema.get("additionalProperties") is False:
        return {**body, UNKNOWN_MEMBER: "sc-contracts"}
    required = [name for name in schema.get("required", []) if name in body and name != "integration_id"]
    return {name: value for name, value in body.items() if name not in required[:1]}


def refused_log(session: WriteSession) -> None:
    api, path = session.api, session.api.dialect.writes.logs_path
    response = api.send("POST", path, forbidden_log(session))
    if response.status_code < 400:
        session.logs_created.append((api.payload(response) or {}).get("id"))
        found = [
            Violation(
                "forbidden_write_refused",
                "(body)",
                str(response.status_code),
                "400: the document forbids this body",
                "The API created a log from a body its document forbids.",
            )
        ]
        api.hold(response, path, found, "forbidden_write_refused")


def delete_absent(session: WriteSession) -> None:
    api, path = session.api, session.api.dialect.writes.item_path
    response = api.send("DELETE", path, identity=session.plan.absent_id)
    if response.status_code < 400:
        found = [
            Violation(
                rules.DELETED,
                "(status)",
                str(response.status_code),
                f"404: the account has no integration {session.plan.absent_id}",
            )
        ]
        api.hold(response, path, found, rules.DELETED)


def unauthenticated(session: WriteSession, wrong: str) -> None:
    api, path = session.api, session.api.dialect.writes.item_path
    server_fields = api.dialect.writes.server_fields | api.dialect.resource.volatile
    before = api.settings()
    auth = None if wrong == "no credentials" else session.wrong_auth
    body = {"webhook_active": not before.get("webhook_active")}
    response = api.send(api.partial_method(), path, body, auth=auth)
    if response.status_code != 401:
        found = [
            Violation(AUTHENTICATION, "(status)", str(response.status_code), f"401: a write with {wrong}")
        ]
        api.hold(response, path, found, AUTHENTICATION)
    after = api.get(path)
    found = rules.unchanged(before, api.payload(after) or {}, ignored=server_fields)
    api.hold(after, path, found, rules.UNCHANGED)
