"""The contract suite as a user runs it: live, record, replay, and bad settings."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from sendcloud_contracts.double import DoubleApp
from sendcloud_contracts.rules.authentication import basic

from .conftest import forget_live_target

# Whole runs of the suite, judged by what they send and say (`unmeasured` in tests/conftest.py).
pytestmark = pytest.mark.usefixtures("unmeasured")

if TYPE_CHECKING:
    from pathlib import Path

    from sendcloud_contracts.double import DoubleServer

    from .conftest import SuiteRunner


# The property test, one test per seeded integration (5, 123, 4711, 90210), the deviations test,
# the credentials part by part.
LIVE_TESTS = 7


@pytest.mark.parametrize("auth", ["basic", "oauth2"])
def test_live_run_against_the_double_passes(
    run_suite: SuiteRunner, target_double: DoubleServer, monkeypatch: pytest.MonkeyPatch, auth: str
) -> None:
    monkeypatch.setenv("SENDCLOUD_AUTH", auth)
    result = run_suite("--disable-recording")
    result.assert_outcomes(passed=LIVE_TESTS)
    assert target_double.requests, "a live run must reach the double"
    token_requests = [request for request in target_double.requests if request.path == "/oauth2/token/"]
    own = basic(target_double.app.public_key, target_double.app.secret_key)
    fetched = [request for request in token_requests if request.header("Authorization") == own]
    # The token is fetched once; the credential probes ask the endpoint three times, part by part.
    assert len(fetched) == (1 if auth == "oauth2" else 0)
    assert len(token_requests) - len(fetched) == (3 if auth == "oauth2" else 0)


def test_live_run_never_sends_a_write_to_the_api(run_suite: SuiteRunner, target_double: DoubleServer) -> None:
    run_suite("--disable-recording").assert_outcomes(passed=LIVE_TESTS)
    methods = {request.method for request in target_double.requests}
    assert methods <= {"GET", "HEAD", "OPTIONS", "TRACE", "QUERY"}, methods


def without(field: str) -> DoubleApp:
    app = DoubleApp()
    for integration in app.integrations.values():
        del integration[field]
    return app


@pytest.mark.parametrize("double_app", [without("system")], ids=["system"])
def test_live_run_fails_when_a_required_field_is_dropped(
    run_suite: SuiteRunner, target_double: DoubleServer
) -> None:
    result = run_suite("--disable-recording")
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    result.stdout.fnmatch_lines(["*[[]response_schema[]] system: Received: (absent) / Documented: *"])


def test_two_replays_send_identical_requests(
    run_suite: SuiteRunner, target_double: DoubleServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Deselected: the recorded-interaction walk (replay only), the page walks, the sorting checks, the
    # list comparison (no list in the seed) and the comparison with an earlier version (v2 has none).
    run_suite("--record-mode=rewrite").assert_outcomes(passed=LIVE_TESTS, deselected=7)
    recorded = [(request.method, request.path) for request in target_double.requests]
    forget_live_target(monkeypatch)

    sent: list[list[tuple[str, str]]] = []
    for _ in range(2):
        with _capture_sent_requests(monkeypatch) as log:
            result = run_suite()
            assert result.ret == pytest.ExitCode.OK
        sent.append(list(log))
    assert sent[0] == sent[1]
    assert [(method, path) for method, path in sent[0]] == recorded
    assert len(target_double.requests) == len(recorded), "replay must not reach the network"


def _capture_sent_requests(monkeypatch: pytest.MonkeyPatch) -> _Capture:
    return _Capture(monkeypatch)


class _Capture:
    """Logs what requests' adapters are asked to send, whatever answers them (network or cassette)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.monkeypatch = monkeypatch
        self.log: list[tuple[str, str]] = []

    def __enter__(self) -> list[tuple[str, str]]:
        from urllib.parse import urlsplit

        import requests.adapters

        original = requests.adapters.HTTPAdapter.send

        def send(
            adapter: requests.adapters.HTTPAdapter, request: requests.PreparedRequest, **kwargs: object
        ) -> object:
            self.log.append((str(request.method), urlsplit(str(request.url)).path))
            return original(adapter, request, **kwargs)  # type: ignore[arg-type]

        self.monkeypatch.setattr(requests.adapters.HTTPAdapter, "send", send)
        return self.log

    def __exit__(self, *exc_info: object) -> None:
        self.monkeypatch.undo()


@pytest.mark.parametrize("mode", ["--disable-recording", "--record-mode=rewrite"])
def test_live_run_without_credentials_stops_naming_the_variable(run_suite: SuiteRunner, mode: str) -> None:
    result = run_suite(mode)
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["ERROR: SENDCLOUD_PUBLIC_KEY is not set: *"])
    assert "Traceback" not in result.stderr.str() + result.stdout.str()
