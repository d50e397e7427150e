"""Credentials on each request: HTTP Basic, or an OAuth2 client-credentials Bearer token."""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

from authlib.integrations.requests_client import OAuth2Session
from requests.auth import AuthBase, HTTPBasicAuth

if TYPE_CHECKING:
    import requests

    from sendcloud_contracts.settings import Target

OAUTH2_SCOPE = "api"


class ClientCredentialsAuth(AuthBase):
    """Fetches a token on first use and again shortly before it expires.

    The token is fetched lazily, inside whichever test needs it first, so that the token
    request is recorded in (and replayed from) that test's cassette like any other request.
    """

    def __init__(self, client_id: str, client_secret: str, token_url: str) -> None:
        self._client = OAuth2Session(
            client_id=client_id,
            client_secret=client_secret,
            scope=OAUTH2_SCOPE,
            token_endpoint=token_url,
            token_endpoint_auth_method="client_secret_basic",
            grant_type="client_credentials",
        )
        self._token_url = token_url
        self._lock = threading.Lock()

    def access_token(self) -> str:
        with self._lock:
            token = self._client.token
            if not token or token.is_expired(leeway=self._client.leeway):
                token = self._client.fetch_token(self._token_url, grant_type="client_credentials")
            return str(token["access_token"])

    def __call__(self, request: requests.PreparedRequest) -> requests.PreparedRequest:
        request.headers["Authorization"] = f"Bearer {self.access_token()}"
        return request


def request_auth(target: Target) -> AuthBase:
    """The `requests` auth object for the target's auth mode."""
    credentials = target.credentials
    if target.auth == "oauth2":
        return ClientCredentialsAuth(credentials.public_key, credentials.secret_key, target.token_url)
    return HTTPBasicAuth(credentials.public_key, credentials.secret_key)
