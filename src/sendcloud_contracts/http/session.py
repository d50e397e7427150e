"""Every request of a run goes through a session built here, sharing one `Network`.

It gives each request connect and read timeouts, spaces requests by the rate limit, waits out
`429 Too Many Requests` within a bounded total wait, stops the run when the API rejects the
suite's own credentials, and turns network failures into one-line infrastructure errors.
"""

from __future__ import annotations

import threading
import time
from http.cookiejar import DefaultCookiePolicy
from typing import TYPE_CHECKING, Any

import requests
from requests.adapters import HTTPAdapter
from schemathesis.transport.requests import ManagedCookiesSession
from vcr.errors import CannotOverwriteExistingCassetteException

from sendcloud_contracts.defaults import RERECORD
from sendcloud_contracts.exitcodes import infrastructure_error
from sendcloud_contracts.http.messages import (
    credentials_rejected,
    describe,
    dropped_before_response,
    missing_recording,
)
from sendcloud_contracts.http.throttling import RateLimiter, ThrottleRetry
from sendcloud_contracts.http.traffic import Traffic
from sendcloud_contracts.http.write_permit import ReadsOnly
from sendcloud_contracts.redaction import Secrets

if TYPE_CHECKING:
    from collections.abc import Mapping

    from sendcloud_contracts.http.network_settings import NetworkSettings
    from sendcloud_contracts.http.write_permit import WritePermit

UNAUTHORIZED = 401


class SuiteSession(ManagedCookiesSession):
    """No default headers (schemathesis sets its own) and no cookie jar.

    A cookie kept from one answer would ride along with the probe that checks the API refuses a
    request *without* credentials; it would also be one more secret to keep out of files.
    """

    def __init__(self) -> None:
        super().__init__()
        self.headers.clear()
        self.cookies.set_policy(DefaultCookiePolicy(allowed_domains=[]))


class Network:
    """What all sessions of one run share: settings, the rate limiter, and the run's secrets."""

    def __init__(
        self, settings: NetworkSettings, secrets: Secrets | None = None, rerecord: str = RERECORD
    ) -> None:
        self.settings = settings
        self.secrets = secrets or Secrets()
        # How to record again what this run replays, when a recording does not fit it.
        self.rerecord = rerecord
        self.limiter = RateLimiter(settings.rate_limit)
        self.traffic = Traffic(waits=settings.wait)
        self._own_authorizations: set[str] = set()
        self._lock = threading.Lock()
        # Set by OAuth2: failures to reach it name SENDCLOUD_TOKEN_URL, not SENDCLOUD_BASE_URL.
        self.token_url: str | None = None
        # Which writes may go out; none but the token request unless the write contract says more.
        self.permit: WritePermit = ReadsOnly()

    def variable_for(self, url: str | None) -> str:
        """The setting that names where `url` points."""
        if self.token_url and str(url).startswith(self.token_url):
            return "SENDCLOUD_TOKEN_URL"
        return "SENDCLOUD_BASE_URL"

    def trust(self, authorization: str) -> None:
        """Mark an `Authorization` value as the suite's own: a 401 to it means the keys are rejected."""
        with self._lock:
            self._own_authorizations.add(authorization)
        _, _, credentials = authorization.partition(" ")
        self.secrets.add(credentials.strip() or authorization)

    def is_own(self, authorization: str | None) -> bool:
        with self._lock:
            return authorization is not None and authorization in self._own_authorizations

    def retry(self) -> ThrottleRetry:
        settings = self.settings
        return ThrottleRetry(
            budget=settings.throttle_budget,
            base=settings.backoff_base,
            backoff_max=settings.backoff_max,
            sleeper=time.sleep if settings.wait else _no_sleep,
            traffic=self.traffic,
        )

    def mount(self, session: requests.Session) -> requests.Session:
        adapter = SuiteAdapter(self)
        session.mount("http://", adapter)
        session.mount("https://", adapter)
        return session

    def session(self) -> SuiteSession:
        session = SuiteSession()
        self.mount(session)
        return session


def _no_sleep(seconds: float) -> None:
    del seconds


class SuiteAdapter(HTTPAdapter):
    def __init__(self, network: Network) -> None:
        self.network = network
        super().__init__(max_retries=network.retry())

    def send(
        self,
        request: requests.PreparedRequest,
        stream: bool = False,
        timeout: Any = None,
        verify: bool | str = True,
        cert: Any = None,
        proxies: Mapping[str, str] | None = None,
    ) -> requests.Response:
        # First of all, whoever built the request: a write the run may not send never leaves.
        self.network.permit.admit(request, self.network.token_url)
        settings = self.network.settings
        # The suite's timeouts win over whatever the caller passed: one policy for every request.
        timeout = (settings.connect_timeout, settings.read_timeout)
        self.network.limiter.wait()
        self.network.traffic.sent()
        try:
            try:
                response = super().send(
                    request, stream=stream, timeout=timeout, verify=verify, cert=cert, proxies=proxies
                )
            except requests.ConnectionError as error:
                if not dropped_before_response(error):
                    raise
                # A keep-alive connection the server closed while the request was on its way:
                # browsers and curl resend once on a fresh connection, and so does schemathesis.
                self.network.traffic.sent()
                response = super().send(
                    request, stream=stream, timeout=timeout, verify=verify, cert=cert, proxies=proxies
                )
        except CannotOverwriteExistingCassetteException as error:
            raise missing_recording(error, self.network.rerecord) from None
        except requests.RequestException as error:
            message = describe(request, error, settings, self.network.variable_for(request.url))
            raise infrastructure_error(self.network.secrets.redact(message)) from None
        self._remember_cookies(response)
        if response.status_code == UNAUTHORIZED and self.network.is_own(request.headers.get("Authorization")):
            raise credentials_rejected(request, replay=settings.replay, rerecord=self.network.rerecord)
        return response

    def _remember_cookies(self, response: requests.Response) -> None:
        for cookie in response.raw.headers.getlist("Set-Cookie") if response.raw is not None else ():
            _, _, value = cookie.split(";", 1)[0].partition("=")
            self.network.secrets.add(value.strip())
