"""A pytest plugin that counts the HTTP requests a run sends and records the count in its JUnit XML.

Load it with `-p sendcloud_contracts.counting --junitxml=FILE`; the count lands in the test suite's
`<properties>` as `http_requests`. Pre-release verification reads it back per account, since every
request counts against the account's rate limit.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Any

import pytest
from requests.adapters import HTTPAdapter

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

    import requests

PROPERTY = "http_requests"


class RequestCounter:
    """Wraps `HTTPAdapter.send`, which every request of the suite passes, OAuth2 token requests included."""

    def __init__(self) -> None:
        self.count = 0
        self._lock = threading.Lock()
        self._original: Callable[..., requests.Response] | None = None

    def install(self) -> None:
        original = self._original = HTTPAdapter.send
        counter = self

        def send(adapter: HTTPAdapter, request: requests.PreparedRequest, **kwargs: Any) -> requests.Response:
            with counter._lock:
                counter.count += 1
            return original(adapter, request, **kwargs)

        HTTPAdapter.send = send  # type: ignore[method-assign, assignment]

    def uninstall(self) -> None:
        if self._original is not None:
            HTTPAdapter.send = self._original  # type: ignore[method-assign]
            self._original = None


_COUNTER = pytest.StashKey[RequestCounter]()


def pytest_configure(config: pytest.Config) -> None:
    counter = RequestCounter()
    counter.install()
    config.stash[_COUNTER] = counter


def pytest_unconfigure(config: pytest.Config) -> None:
    config.stash[_COUNTER].uninstall()


@pytest.fixture(scope="session", autouse=True)
def _record_request_count(
    pytestconfig: pytest.Config, record_testsuite_property: Callable[[str, object], None]
) -> Iterator[None]:
    yield
    # Session fixtures end after the last test and before the JUnit file is written.
    record_testsuite_property(PROPERTY, pytestconfig.stash[_COUNTER].count)
