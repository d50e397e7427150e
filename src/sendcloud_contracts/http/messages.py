"""What a failed request means, in one line: what failed, for which request, and what to check."""

from __future__ import annotations

from http.client import RemoteDisconnected
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import requests
from urllib3.exceptions import NameResolutionError, ProtocolError

from sendcloud_contracts._compat import cassette_path
from sendcloud_contracts.defaults import RERECORD, sentence
from sendcloud_contracts.exitcodes import StopRun, bad_input
from sendcloud_contracts.http.throttling import ThrottleBudgetExhausted

if TYPE_CHECKING:
    from collections.abc import Iterator

    from vcr.errors import CannotOverwriteExistingCassetteException

    from sendcloud_contracts.http.network_settings import NetworkSettings


def credentials_rejected(
    request: requests.PreparedRequest, *, replay: bool = False, rerecord: str = RERECORD
) -> StopRun:
    if replay:
        # A record run stops at the first 401 to its credentials, so a recording never holds one
        # for them: the cassette answered with the recording of another request.
        return bad_input(
            f"the recordings do not match this run: the recorded answer to {request.method} "
            f"{_where(request.url)} is a 401 to the suite's own credentials. "
            f"{sentence(rerecord)}."
        )
    return bad_input(
        f"credentials rejected: {request.method} {_where(request.url)} answered 401 to the suite's own "
        "credentials, so no contract test can pass. Check SENDCLOUD_PUBLIC_KEY, SENDCLOUD_SECRET_KEY "
        "and SENDCLOUD_AUTH against the account's API keys."
    )


def missing_recording(error: CannotOverwriteExistingCassetteException, rerecord: str = RERECORD) -> StopRun:
    cassette = error.cassette
    path = cassette_path(cassette)
    request = error.failed_request
    what = f"{request.method} {_where(request.uri)}" if request is not None else "a request"
    if error.reason == "cassette_not_found" or not _exists(path):
        problem = f"cassette {path} is missing, but the run makes {what}"
    else:
        problem = f"cassette {path} has no recorded {what}"
    return bad_input(
        f"{problem}: the recordings do not match this run (the spec, the settings, the suite or "
        f"its pinned libraries changed). {sentence(rerecord)}."
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


def dropped_before_response(error: requests.ConnectionError) -> bool:
    """A keep-alive connection the server closed while the request was on its way."""
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
    return Path(path).is_file()
