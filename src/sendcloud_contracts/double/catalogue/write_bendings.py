"""How the write faults of both API versions bend a write: a field a write leaves as it was, or sets
though it was not sent; a refused write that keeps what it could; a write that reaches every
integration; writes let in with too few credentials; a delete of what is not there.

Each takes the version (`api`) whose writes it bends; `write_faults.py` and `v3_write_faults.py`
make catalogue entries of them.
"""

from __future__ import annotations

import copy
from typing import TYPE_CHECKING, Any

from sendcloud_contracts.double.base import Reply, Request
from sendcloud_contracts.double.catalogue.auth_faults import credentials
from sendcloud_contracts.double.catalogue.variant import valid_basic_credentials
from sendcloud_contracts.double.catalogue.write_variant import (
    DELETE,
    SETTINGS,
    Write,
    bending_answer,
    body_of,
    integration_before,
    json_reply,
    on_write,
    saved_members,
    write_of,
)

if TYPE_CHECKING:
    from sendcloud_contracts.double.app import DoubleApp
    from sendcloud_contracts.double.catalogue.variant import VariantBehaviour


def keeping(member: str, *methods: str, api: str = "v2") -> VariantBehaviour:
    """Settings writes of `methods` answer as if they took, but `member` keeps what it was."""

    def change(request: Request, app: DoubleApp, write: Write) -> Reply:
        before = integration_before(app, write)
        reply = app.faithful(request)
        if request.method not in methods or before is None or reply.status >= 300:
            return reply
        app.integrations[before["id"]][member] = before.get(member)
        return json_reply(reply, app.integrations[before["id"]]) if reply.body else reply

    return on_write(api, SETTINGS, change)


def resetting_unsent(member: str, value: Any, api: str = "v2") -> VariantBehaviour:
    """A partial write that leaves `member` out sets it to `value`, as a serializer's default would."""

    def change(request: Request, app: DoubleApp, write: Write) -> Reply:
        reply = app.faithful(request)
        body = body_of(request)
        integration = app.account.find(write.raw_id)
        if request.method != "PATCH" or reply.status >= 300 or integration is None:
            return reply
        if isinstance(body, dict) and member not in body:
            integration[member] = copy.deepcopy(value)
        return json_reply(reply, integration) if reply.body else reply

    return on_write(api, SETTINGS, change)


def refused_but_saved(api: str = "v2") -> VariantBehaviour:
    """A settings write answered 400 keeps the members the API would take on their own."""

    def change(request: Request, app: DoubleApp, write: Write) -> Reply:
        reply = app.faithful(request)
        if reply.status == 400:
            saved_members(request, app, write)
        return reply

    return on_write(api, SETTINGS, change)


def changing_others(api: str = "v2") -> VariantBehaviour:
    """A settings write the API takes is applied to every integration of the account (a query that
    lost its filter); those it does not fit are left as they are."""

    def change(request: Request, app: DoubleApp, write: Write) -> Reply:
        reply = app.faithful(request)
        if reply.status < 300:
            for other in list(app.integrations):
                if str(other) != write.raw_id:
                    path = request.path.replace(f"/{write.raw_id}", f"/{other}", 1)
                    patch = Request("PATCH", path, "", request.headers, request.body)
                    saved_members(patch, app, Write(write.api, SETTINGS, str(other)))
        return reply

    return on_write(api, SETTINGS, change)


def served_without(*, also_none: bool, api: str = "v2") -> VariantBehaviour:
    """Writes of `api` served with the right public key and a wrong secret (and, `also_none`, with no
    credentials at all), as a write view that checks too little would; reads are not."""

    def behaviour(request: Request, app: DoubleApp) -> Reply:
        write = write_of(request)
        sent = credentials(request)
        let_in = (
            sent[1] == app.public_key
            if sent is not None
            else also_none and not request.header("Authorization")
        )
        if write is None or write.api != api or not let_in or not app.refuses(request):
            return app.faithful(request)
        headers = {name: value for name, value in request.headers.items() if name.lower() != "authorization"}
        return app.faithful(
            Request(
                request.method,
                request.path,
                request.query,
                {**headers, "Authorization": valid_basic_credentials(app)},
                request.body,
            )
        )

    return behaviour


def deleting_unknown(api: str = "v2") -> VariantBehaviour:
    """Deleting an integration the account does not have answers 204, as if it had."""
    return bending_answer(
        api, DELETE, lambda reply, request, app: Reply(204) if reply.status == 404 else reply
    )
