"""Every request of a run goes through one `requests.Session` built here.

It gives each request connect and read timeouts, spaces requests by a client-side rate limit,
waits out `429 Too Many Requests` (urllib3's `Retry`, mounted on the session's adapter) within
a bounded total wait, stops the run when the API rejects the suite's own credentials, and turns
network failures into one-line infrastructure errors (see `exitcodes.py`).

The session reaches schemathesis through the schema's transport (`bind_session`), so the
property test, the explicit-id test and schemathesis' own follow-up probes (e.g. the
`ignored_auth` check, which drops the caller's session) all use it. vcrpy patches the
connection below urllib3, so each attempt, a 429 included, is recorded and replayed in order.
"""

from __future__ import annotations

import random
import re
import threading
import time
from dataclasses import dataclass, replace
from http.cookiejar import DefaultCookiePolicy
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import requests
from requests.adapters import HTTPAdapter
from schemathesis.transport.requests import REQUESTS_TRANSPORT, ManagedCookiesSession, RequestsTransport
from urllib3.exceptions import MaxRetryError, NameResolutionError, ProtocolError, ResponseError
from urllib3.util.retry import Retry
from vcr.errors import CannotOverwriteExistingCassetteException

from sendcloud_contracts.errors import ConfigurationError
from sendcloud_contracts.exitcodes import StopRun, bad_input, infrastructure_error
from sendcloud_contracts.redaction import Secrets
from sendcloud_contracts.traffic import Traffic

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator, Mapping

    import schemathesis
    from schemathesis.core.transport import Response
    from schemathesis.generation.case import Case
    from urllib3.response import BaseHTTPResponse

TOO_MANY_REQUESTS = 429
UNAUTHORIZED = 401
DEFAULT_CONNECT_TIMEOUT = 5.0
DEFAULT_READ_TIMEOUT = 10.0
DEFAULT_RATE_LIMIT = "10/s"
DEFAULT_THROTTLE_BUDGET = 60.0
# `10/s`, `300/m` and `300/min`, `5000/h`: the suite's own notation and schemathesis'.
_RATE_LIMIT = re.compile(r"^\s*(?P<count>[0-9]+)\s*/\s*(?P<unit>s|m|min|h)\s*$")
_UNIT_SECONDS = {"s": 1.0, "m": 60.0, "min": 60.0, "h": 3600.0}
_UNIT_NAMES = {1.0: "s", 60.0: "min", 3600.0: "h"}


@dataclass(frozen=True)
class RateLimit:
    requests: int
    per_seconds: float

    @property
    def interval(self) -> float:
        return self.per_seconds / self.requests

    def __str__(self) -> str:
        return f"{self.requests}/{_UNIT_NAMES.get(self.per_seconds, 's')}"


@dataclass(frozen=True)
class NetworkSettings:
    """How the suite talks to the API; a `conftest.py` can override the `contract_network` fixture."""

    connect_timeout: float = DEFAULT_CONNECT_TIMEOUT
    read_timeout: float = DEFAULT_READ_TIMEOUT
    # None sends as fast as the API answers: replay, where nothing reaches the network.
    rate_limit: RateLimit | None = RateLimit(10, 1.0)
    # Total seconds one request may spend waiting out 429s before the run stops.
    throttle_budget: float = DEFAULT_THROTTLE_BUDGET
    # Backoff without Retry-After: base * 2**(n-1) for the n-th 429 in a row, capped, with jitter.
    backoff_base: float = 1.0
    backoff_max: float = 30.0
    # False in replay: recorded 429s are answered at once, there is no one to be polite to.
    wait: bool = True
    replay: bool = False

    def for_replay(self) -> NetworkSettings:
        return replace(self, rate_limit=None, throttle_budget=float("inf"), wait=False, replay=True)


def network_from_environment(environ: Mapping[str, str]) -> NetworkSettings:
    return NetworkSettings(
        connect_timeout=parse_seconds(environ, "SENDCLOUD_CONNECT_TIMEOUT", DEFAULT_CONNECT_TIMEOUT),
        read_timeout=parse_seconds(environ, "SENDCLOUD_READ_TIMEOUT", DEFAULT_READ_TIMEOUT),
        rate_limit=parse_rate_limit(environ.get("SENDCLOUD_RATE_LIMIT") or DEFAULT_RATE_LIMIT),
        throttle_budget=parse_seconds(
            environ, "SENDCLOUD_THROTTLE_BUDGET", DEFAULT_THROTTLE_BUDGET, allow_zero=True
        ),
    )


def parse_seconds(
    environ: Mapping[str, str], variable: str, default: float, *, allow_zero: bool = False
) -> float:
    raw = environ.get(variable, "").strip()
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError:
        value = float("nan")
    if not (value >= 0 if allow_zero else value > 0) or value == float("inf"):
        expected = "zero or more" if allow_zero else "more than zero"
        raise ConfigurationError(
            f"{variable}={raw!r} is not a number of seconds; expected {expected}, e.g. {default:g}"
        )
    return value


def parse_rate_limit(value: str) -> RateLimit:
    match = _RATE_LIMIT.match(value)
    if match is None or int(match["count"]) < 1:
        raise ConfigurationError(
            f"SENDCLOUD_RATE_LIMIT={value!r} is not a rate; expected requests per second, minute or hour, "
            f"e.g. {DEFAULT_RATE_LIMIT}, 300/m (or 300/min) or 5000/h"
        )
    return RateLimit(int(match["count"]), _UNIT_SECONDS[match["unit"]])


class RateLimiter:
    """Spaces request starts evenly: polite to a shared per-account limit, and no bursts."""

    def __init__(self, limit: RateLimit | None, *, sleep: Callable[[float], None] = time.sleep) -> None:
        self._interval = limit.interval if limit else 0.0
        self._sleep = sleep
        self._next = 0.0
        self._lock = threading.Lock()

    def wait(self) -> None:
        if not self._interval:
            return
        with self._lock:
            now = time.monotonic()
            start = max(now, self._next)
            self._next = start + self._interval
        if start > now:
            self._sleep(start - now)


class ThrottleBudgetExhausted(ResponseError):
    """Raised inside urllib3 when the next wait would pass the budget; requests makes it a RetryError."""

    def __init__(self, waited: float, budget: float, attempts: int) -> None:
        super().__init__(f"answered 429 {attempts} times; waited {waited:.1f} s of a {budget:g} s budget")
        self.waited = waited
        self.budget = budget
        self.attempts = attempts


class ThrottleRetry(Retry):
    """Retries only 429, waiting `Retry-After` if given, else exponential backoff with jitter.

    The sum of the waits for one request stays within `budget`. urllib3 copies a `Retry` for every
    attempt through `new()`, so the extra state travels through it.
    """

    def __init__(
        self,
        *,
        budget: float = DEFAULT_THROTTLE_BUDGET,
        waited: float = 0.0,
        planned: float = 0.0,
        base: float = 1.0,
        sleeper: Callable[[float], None] = time.sleep,
        traffic: Traffic | None = None,
        **kwargs: Any,
    ) -> None:
        kwargs.setdefault("total", None)
        # Network errors are not retried: they stop the run as infrastructure errors instead.
        kwargs.setdefault("connect", 0)
        kwargs.setdefault("read", False)
        kwargs.setdefault("other", 0)
        kwargs.setdefault("redirect", False)
        kwargs.setdefault("status_forcelist", frozenset({TOO_MANY_REQUESTS}))
        # The token request is a POST; answering it with 429 is as retryable as a GET.
        kwargs.setdefault("allowed_methods", None)
        super().__init__(**kwargs)
        self.budget = budget
        self.waited = waited
        self.planned = planned
        self.base = base
        self.sleeper = sleeper
        self.traffic = traffic or Traffic()

    def new(self, **kw: Any) -> ThrottleRetry:
        kw.setdefault("budget", self.budget)
        kw.setdefault("waited", self.waited)
        kw.setdefault("planned", 0.0)
        kw.setdefault("base", self.base)
        kw.setdefault("sleeper", self.sleeper)
        kw.setdefault("traffic", self.traffic)
        retry = super().new(**kw)
        assert isinstance(retry, ThrottleRetry)
        return retry

    def wait_for(self, response: BaseHTTPResponse, attempt: int) -> float:
        retry_after = self.get_retry_after(response) if self.respect_retry_after_header else None
        if retry_after is not None:
            # A `Retry-After: 0` must not become a busy loop against a throttled account.
            return max(retry_after, self.base / 2)
        backoff = min(self.backoff_max, self.base * 2 ** (attempt - 1))
        # Equal jitter: half fixed, half random, so clients throttled together do not retry together.
        return backoff / 2 + random.uniform(0, backoff / 2)

    def increment(
        self,
        method: str | None = None,
        url: str | None = None,
        response: BaseHTTPResponse | None = None,
        error: Exception | None = None,
        _pool: Any = None,
        _stacktrace: Any = None,
    ) -> ThrottleRetry:
        retry = super().increment(method, url, response, error, _pool, _stacktrace)
        assert isinstance(retry, ThrottleRetry)
        if response is None or response.status != TOO_MANY_REQUESTS:
            return retry
        self.traffic.answered_429()
        attempts = len(retry.history)
        wait = self.wait_for(response, attempts)
        if self.waited + wait > self.budget:
            raise MaxRetryError(_pool, url, ThrottleBudgetExhausted(self.waited, self.budget, attempts))
        self.traffic.sent()  # the same request, sent again after the wait
        return retry.new(waited=self.waited + wait, planned=wait, history=retry.history)

    def sleep(self, response: BaseHTTPResponse | None = None) -> None:
        if self.planned > 0:
            self.sleeper(self.planned)
            self.traffic.waited(self.planned)


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

    def __init__(self, settings: NetworkSettings, secrets: Secrets | None = None) -> None:
        self.settings = settings
        self.secrets = secrets or Secrets()
        self.limiter = RateLimiter(settings.rate_limit)
        self.traffic = Traffic(waits=settings.wait)
        self._own_authorizations: set[str] = set()
        self._lock = threading.Lock()
        # Set by OAuth2: failures to reach it name SENDCLOUD_TOKEN_URL, not SENDCLOUD_BASE_URL.
        self.token_url: str | None = None

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
                if not _dropped_before_response(error):
                    raise
                # A keep-alive connection the server closed while the request was on its way:
                # browsers and curl resend once on a fresh connection, and so does schemathesis.
                self.network.traffic.sent()
                response = super().send(
                    request, stream=stream, timeout=timeout, verify=verify, cert=cert, proxies=proxies
                )
        except CannotOverwriteExistingCassetteException as error:
            raise missing_recording(error) from None
        except requests.RequestException as error:
            message = describe(request, error, settings, self.network.variable_for(request.url))
            raise infrastructure_error(self.network.secrets.redact(message)) from None
        self._remember_cookies(response)
        if response.status_code == UNAUTHORIZED and self.network.is_own(request.headers.get("Authorization")):
            raise credentials_rejected(request, replay=settings.replay)
        return response

    def _remember_cookies(self, response: requests.Response) -> None:
        for cookie in response.raw.headers.getlist("Set-Cookie") if response.raw is not None else ():
            _, _, value = cookie.split(";", 1)[0].partition("=")
            self.network.secrets.add(value.strip())


def credentials_rejected(request: requests.PreparedRequest, *, replay: bool = False) -> StopRun:
    if replay:
        # A record run stops at the first 401 to its credentials, so a recording never holds one
        # for them: the cassette answered with the recording of another request.
        return bad_input(
            f"the recordings do not match this run: the recorded answer to {request.method} "
            f"{_where(request.url)} is a 401 to the suite's own credentials. "
            "Re-record with `tox -e record` (or `tox -e record-double`)."
        )
    return bad_input(
        f"credentials rejected: {request.method} {_where(request.url)} answered 401 to the suite's own "
        "credentials, so no contract test can pass. Check SENDCLOUD_PUBLIC_KEY, SENDCLOUD_SECRET_KEY "
        "and SENDCLOUD_AUTH against the account's API keys."
    )


def missing_recording(error: CannotOverwriteExistingCassetteException) -> StopRun:
    cassette = error.cassette
    path = str(getattr(cassette, "_path", cassette))
    request = error.failed_request
    what = f"{request.method} {_where(request.uri)}" if request is not None else "a request"
    if error.reason == "cassette_not_found" or not _exists(path):
        problem = f"cassette {path} is missing, but the run makes {what}"
    else:
        problem = f"cassette {path} has no recorded {what}"
    return bad_input(
        f"{problem}: the recordings do not match this run (the spec, the settings, the suite or "
        "its pinned libraries changed). Re-record with `tox -e record` (or `tox -e record-double`)."
    )


def describe(
    request: requests.PreparedRequest,
    error: requests.RequestException,
    settings: NetworkSettings,
    variable: str = "SENDCLOUD_BASE_URL",
) -> str:
    """One line: what failed, for which request, and what to check."""
    target = f"{request.method} {_where(request.url)}"
    host = urlsplit(str(request.url)).netloc
    if isinstance(error, requests.exceptions.RetryError):
        exhausted = next(_causes(error, ThrottleBudgetExhausted), None)
        detail = str(exhausted) if exhausted else "kept answering 429"
        return (
            f"{target} is throttled: {detail}. The account's rate limit is used up, perhaps by another "
            "client; run again later, lower SENDCLOUD_RATE_LIMIT or raise SENDCLOUD_THROTTLE_BUDGET."
        )
    if isinstance(error, requests.exceptions.SSLError):
        return (
            f"{target}: TLS with {host} failed ({_reason(error)}). Check the scheme and host of "
            f"{variable} and the server's certificate."
        )
    if isinstance(error, requests.exceptions.ConnectTimeout):
        return (
            f"{target}: no connection to {host} within {settings.connect_timeout:g} s "
            "(SENDCLOUD_CONNECT_TIMEOUT). Check the network, a proxy, or the API's status."
        )
    if isinstance(error, requests.exceptions.ReadTimeout):
        return (
            f"{target}: {host} accepted the connection but sent no answer within "
            f"{settings.read_timeout:g} s (SENDCLOUD_READ_TIMEOUT). Check the API's status and run again."
        )
    if next(_causes(error, NameResolutionError), None) is not None:
        hostname = urlsplit(str(request.url)).hostname
        return f"{target}: cannot resolve {hostname}. Check {variable} and DNS."
    if next(_causes(error, ConnectionRefusedError), None) is not None:
        return f"{target}: {host} refused the connection. Check that {variable} names a server that is up."
    return f"{target}: the connection to {host} failed ({_reason(error)}). Check the network and run again."


def _causes(error: BaseException, kind: type[BaseException]) -> Iterator[Any]:
    """Every exception of `kind` that `error` wraps, through args, `reason` and `__cause__`."""
    pending: list[object] = [error]
    seen: set[int] = set()
    while pending:
        item = pending.pop()
        if not isinstance(item, BaseException) or id(item) in seen:
            continue
        seen.add(id(item))
        if isinstance(item, kind):
            yield item
        pending.extend([*item.args, getattr(item, "reason", None), item.__cause__, item.__context__])


def _dropped_before_response(error: requests.ConnectionError) -> bool:
    from http.client import RemoteDisconnected

    return any(
        isinstance(cause, (RemoteDisconnected, ConnectionResetError, BrokenPipeError))
        for protocol_error in _causes(error, ProtocolError)
        for cause in protocol_error.args
    )


def _reason(error: BaseException) -> str:
    innermost: BaseException = error
    for item in _causes(error, BaseException):
        innermost = item
    text = " ".join(str(innermost).split())
    return text[:200] or type(innermost).__name__


def _where(url: str | None) -> str:
    split = urlsplit(str(url))
    return split.path + (f"?{split.query}" if split.query else "")


def _exists(path: str) -> bool:
    from pathlib import Path

    return Path(path).is_file()


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
