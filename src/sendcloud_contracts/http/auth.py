"""Credentials on each request: HTTP Basic, or an OAuth2 client-credentials Bearer token."""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

from requests.auth import AuthBase, HTTPBasicAuth

from sendcloud_contracts._compat import basic_authorization

if TYPE_CHECKING:
    import requests

    from sendcloud_contracts.http.session import Network
    from sendcloud_contracts.http.settings import Target

OAUTH2_SCOPE = "api"


class ClientCredentialsAuth(AuthBase):
    """Fetches a token on first use and again shortly before it expires.

    The token is fetched lazily, inside whichever test needs it first, so that the token
    request is recorded in (and replayed from) that test's cassette like any other request.
    """

    def __init__(
        self, client_id: str, client_secret: str, token_url: str, network: Network | None = None
    ) -> None:
        # Imported here: Authlib takes a while to load, and only OAuth2 runs need it.
        from authlib.integrations.requests_client import OAuth2Session

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
        self._network = network
        if network is not None:
            # The token request gets the same timeouts, rate limit and 429 handling as the rest.
            network.mount(self._client)
            network.token_url = token_url
            # Authlib sends the client credentials to the token endpoint as plain HTTP Basic.
            network.trust(basic_authorization(client_id, client_secret))

    def access_token(self) -> str:
        with self._lock:
            token = self._client.token
            if not token or token.is_expired(leeway=self._client.leeway):
                token = self._client.fetch_token(self._token_url, grant_type="client_credentials")
                if self._network is not None:
                    self._network.trust(f"Bearer {token['access_token']}")
            return str(token["access_token"])

    def __call__(self, request: requests.PreparedRequest) -> requests.PreparedRequest:
        request.headers["Authorization"] = f"Bearer {self.access_token()}"
        return request


def request_auth(target: Target, network: Network | None = None) -> AuthBase:
    """The `requests` auth object for the target's auth mode.

    With a `network`, the credentials are registered with it: it keeps them out of reports and
    cassettes, and stops the run on a 401 to them.
    """
    credentials = target.credentials
    if network is not None:
        network.secrets.add_key_pair(credentials.public_key, credentials.secret_key)
    if target.auth == "oauth2":
        return ClientCredentialsAuth(
            credentials.public_key, credentials.secret_key, target.token_url, network
        )
    if network is not None:
        network.trust(basic_authorization(credentials.public_key, credentials.secret_key))
    return HTTPBasicAuth(credentials.public_key, credentials.secret_key)
