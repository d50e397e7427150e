"""Credentials checked in part: an API that lets in whoever holds one part of them.

Each fault takes a request whose credentials are wrong in one part only (the secret, the public
key, the scheme) for one with the right credentials, as a credential check that compares only
part of them would. A suite that probes only with credentials wrong in every part passes them.
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import replace
from typing import TYPE_CHECKING

from sendcloud_contracts.double.base import API_PREFIX, TOKEN_PATH
from sendcloud_contracts.double.catalogue.variant import Kind, Variant, fault, valid_basic_credentials

if TYPE_CHECKING:
    from collections.abc import Callable

    from sendcloud_contracts.double.app import DoubleApp
    from sendcloud_contracts.double.base import Reply, Request
    from sendcloud_contracts.double.catalogue.variant import VariantBehaviour


def credentials(request: Request) -> tuple[str, str, str] | None:
    """The scheme and the decoded `public:secret` pair of an `Authorization` header, if it has one."""
    scheme, _, encoded = (request.header("Authorization") or "").partition(" ")
    try:
        public, colon, secret = base64.b64decode(encoded.strip(), validate=True).decode().partition(":")
    except (binascii.Error, UnicodeDecodeError):
        return None
    return (scheme.lower(), public, secret) if colon else None


def letting_in(
    where: Callable[[Request], bool], passes: Callable[[str, str, str, DoubleApp], bool]
) -> VariantBehaviour:
    """Serve a request `where` selects as if its credentials were right, when `passes` says so.

    `passes` gets the scheme (lower case), the public key and the secret sent, and the double.
    """

    def behaviour(request: Request, app: DoubleApp) -> Reply:
        sent = credentials(request)
        if where(request) and sent is not None and passes(*sent, app):
            headers = {
                name: value for name, value in request.headers.items() if name.lower() != "authorization"
            }
            return app.faithful(
                replace(request, headers={**headers, "Authorization": valid_basic_credentials(app)})
            )
        return app.faithful(request)

    return behaviour


def _api(request: Request) -> bool:
    return request.path.startswith(API_PREFIX + "/")


def _token_endpoint(request: Request) -> bool:
    return request.path == TOKEN_PATH


AUTH_FAULTS: tuple[Variant, ...] = (
    fault(
        "right-key-any-secret",
        "Basic credentials with the right public key are served whatever the secret",
        letting_in(_api, lambda scheme, public, secret, app: scheme == "basic" and public == app.public_key),
        "with the right public key and a wrong secret: Received: 200",
    ),
    fault(
        "any-key-right-secret",
        "Basic credentials with the right secret are served whatever the public key",
        letting_in(_api, lambda scheme, public, secret, app: scheme == "basic" and secret == app.secret_key),
        "with a wrong public key and the right secret: Received: 200",
    ),
    fault(
        "credentials-under-any-scheme",
        "the right public key and secret are served under any scheme, Bearer included, not only Basic",
        letting_in(
            _api,
            lambda scheme, public, secret, app: (public, secret) == (app.public_key, app.secret_key),
        ),
        "with the right credentials under the Bearer scheme: Received: 200",
    ),
    Variant(
        "token-for-a-wrong-secret",
        Kind.FAULT,
        "the OAuth2 token endpoint issues a token to the right client id whatever the secret",
        lambda: letting_in(
            _token_endpoint,
            lambda scheme, public, secret, app: scheme == "basic" and public == app.public_key,
        ),
        ("POST /oauth2/token/ with the right client id and a wrong secret: Received: 200",),
        auth="oauth2",
    ),
)
