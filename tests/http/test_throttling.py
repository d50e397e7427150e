"""429 answers are waited out and retried, within a budget; the run is polite by default."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import pytest

from sendcloud_contracts.errors import ConfigurationError
from sendcloud_contracts.exitcodes import INFRASTRUCTURE, StopRun
from sendcloud_contracts.http.network_settings import (
    NetworkSettings,
    RateLimit,
    network_from_environment,
    parse_rate_limit,
)
from sendcloud_contracts.http.session import Network
from sendcloud_contracts.http.throttling import RateLimiter, ThrottleRetry
from sendcloud_contracts.http.traffic import Traffic

from ..conftest import forget_live_target
from ..variants import ThrottledApp

if TYPE_CHECKING:
    from pathlib import Path

    from sendcloud_contracts.double import DoubleServer

    from ..conftest import SuiteRunner


@pytest.mark.parametrize("double_app", [ThrottledApp(throttle=frozenset({1, 5}))], ids=["429"])
def test_a_429_is_waited_out_and_never_a_contract_failure(
    run_suite: SuiteRunner, target_double: DoubleServer
) -> None:
    result = run_suite("--disable-recording")
    result.assert_outcomes(passed=7)
    first, second = target_double.requests[:2]
    assert (first.method, first.path) == (second.method, second.path), "the same request is sent again"


@pytest.mark.parametrize("double_app", [ThrottledApp(throttle=frozenset({2, 9, 30}))], ids=["429"])
def test_a_replay_reproduces_a_recording_with_429s(
    run_suite: SuiteRunner, target_double: DoubleServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    run_suite("--record-mode=rewrite").assert_outcomes(passed=7)
    # The second request is the preflight's, in its own cassette; the others the property test's.
    recorded = "".join(path.read_text() for path in (tmp_path / "cassettes").glob("*.yaml"))
    assert recorded.count("code: 429") == 3
    assert "code: 429" in (tmp_path / "cassettes" / "preflight.yaml").read_text()
    sent = len(target_double.requests)

    forget_live_target(monkeypatch)
    assert run_suite().ret == pytest.ExitCode.OK
    assert len(target_double.requests) == sent, "replay must not reach the network"


@pytest.mark.parametrize("double_app", [ThrottledApp(throttle_from=1)], ids=["always-429"])
def test_throttling_past_the_budget_is_an_infrastructure_error(
    run_suite: SuiteRunner, target_double: DoubleServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SENDCLOUD_THROTTLE_BUDGET", "0.5")
    result = run_suite("--disable-recording")
    output = result.stdout.str() + result.stderr.str()
    assert result.ret == INFRASTRUCTURE, output
    assert "is throttled: answered 429" in output
    assert "SENDCLOUD_THROTTLE_BUDGET" in output
    assert "Traceback" not in output


@pytest.mark.parametrize(
    "double_app", [ThrottledApp(throttle=frozenset({1}), retry_after="3")], ids=["retry-after"]
)
def test_retry_after_is_honoured(double: DoubleServer) -> None:
    waits: list[float] = []
    network = Network(NetworkSettings(rate_limit=None))
    with network.session() as session:
        adapter = session.get_adapter("http://")
        adapter.max_retries = ThrottleRetry(budget=60, sleeper=waits.append)  # type: ignore[attr-defined]
        response = session.get(
            double.base_url + "/integrations/123", auth=("double-public-key", "double-secret-key")
        )
    assert response.status_code == 200
    assert waits == [3.0]


class FakeResponse:
    def __init__(self, retry_after: str | None = None) -> None:
        self.status = 429
        self.headers = {"Retry-After": retry_after} if retry_after is not None else {}


def test_backoff_grows_exponentially_with_jitter() -> None:
    retry = ThrottleRetry(base=1.0, backoff_max=30.0)
    for attempt, ceiling in [(1, 1.0), (2, 2.0), (3, 4.0), (6, 30.0), (9, 30.0)]:
        waits = {retry.wait_for(FakeResponse(), attempt) for _ in range(20)}  # type: ignore[arg-type]
        assert all(ceiling / 2 <= wait <= ceiling for wait in waits), (attempt, waits)
        assert len(waits) > 1, "jitter spreads the waits"


def test_a_zero_retry_after_still_waits_a_little() -> None:
    assert ThrottleRetry(base=1.0).wait_for(FakeResponse("0"), 1) == 0.5  # type: ignore[arg-type]


# Every form a Retry-After no client can parse: words, nothing, a negative or fractional delay,
# two headers folded into one, a date past the calendar's end, a date that is no date.
UNREADABLE_RETRY_AFTER = (
    "soon",
    "",
    "-1",
    "1.5",
    "1, 2",
    "Wed, 21 Oct 99999 07:28:00 GMT",
    "Mon, 32 Foo 2015 99:99:99 GMT",
    "\x00",
)


@pytest.mark.parametrize("value", UNREADABLE_RETRY_AFTER)
def test_a_retry_after_no_client_can_parse_is_backed_off_and_counted(value: str) -> None:
    traffic = Traffic()
    retry = ThrottleRetry(base=1.0, backoff_max=30.0, traffic=traffic)
    wait = retry.wait_for(FakeResponse(value), 2)  # type: ignore[arg-type]
    assert 1.0 <= wait <= 2.0, "the backoff of a 429 without Retry-After"
    assert traffic.unreadable_retry_after == 1
    assert "1 with a Retry-After no client can parse, backed off instead" in traffic.describe()


@pytest.mark.parametrize(
    ("value", "seconds"), [("7", 7.0), ("Wed, 21 Oct 2015 07:28:00 GMT", 0.5), (" 3 ", 3.0)]
)
def test_a_readable_retry_after_is_waited_and_not_counted_as_unreadable(value: str, seconds: float) -> None:
    traffic = Traffic()
    assert ThrottleRetry(base=1.0, traffic=traffic).wait_for(FakeResponse(value), 1) == seconds  # type: ignore[arg-type]
    assert traffic.unreadable_retry_after == 0
    assert "no client can parse" not in traffic.describe()


@pytest.mark.parametrize(
    "double_app",
    # One form through the whole run; the unit test above holds every form to the same backoff.
    [ThrottledApp(throttle=frozenset({1, 5}), retry_after="Wed, 21 Oct 99999 07:28:00 GMT")],
    ids=["year-99999"],
)
def test_a_run_backs_off_from_a_retry_after_no_client_can_parse(
    run_suite: SuiteRunner, target_double: DoubleServer, tmp_path: Path
) -> None:
    result = run_suite("--disable-recording")
    assert result.ret == pytest.ExitCode.OK, result.stdout.str() + result.stderr.str()
    line = next(line for line in result.outlines if line.startswith("traffic: "))
    assert "2 answered 429 (throttled; 2 with a Retry-After no client can parse, backed off instead)" in line
    outcome = json.loads((tmp_path / "reports" / "run.json").read_text())
    assert (outcome["throttled"], outcome["unreadable_retry_after"]) == (2, 2)


@pytest.mark.parametrize("double_app", [ThrottledApp(throttle_from=1, retry_after="2")], ids=["always-429"])
def test_the_budget_bounds_the_total_wait(double: DoubleServer) -> None:
    waits: list[float] = []
    network = Network(NetworkSettings(rate_limit=None, throttle_budget=7))
    with network.session() as session:
        adapter = session.get_adapter("http://")
        adapter.max_retries = ThrottleRetry(budget=7, sleeper=waits.append)  # type: ignore[attr-defined]
        with pytest.raises(StopRun) as stop:
            session.get(double.base_url + "/integrations/123")
    assert waits == [2.0, 2.0, 2.0]
    assert stop.value.returncode == INFRASTRUCTURE
    assert "answered 429 4 times; waited 6.0 s of a 7 s budget" in stop.value.message


def test_the_rate_limiter_spaces_requests_evenly() -> None:
    slept: list[float] = []
    limiter = RateLimiter(RateLimit(4, 1.0), sleep=slept.append)
    for _ in range(3):
        limiter.wait()
    assert len(slept) == 2
    assert all(0.2 < wait <= 0.5 for wait in slept), slept


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("10/s", RateLimit(10, 1.0)),
        ("300/min", RateLimit(300, 60.0)),
        ("300/m", RateLimit(300, 60.0)),
        ("5000/h", RateLimit(5000, 3600.0)),
        (" 2 / s ", RateLimit(2, 1.0)),
    ],
)
def test_rate_limits_parse(value: str, expected: RateLimit) -> None:
    assert parse_rate_limit(value) == expected


@pytest.mark.parametrize("value", ["10", "0/s", "ten/s", "10/d", "-1/s", "1.5/s", "10/hour"])
def test_a_malformed_rate_limit_is_refused(value: str) -> None:
    with pytest.raises(ConfigurationError, match=r"SENDCLOUD_RATE_LIMIT=.* e\.g\. 10/s, 300/m"):
        parse_rate_limit(value)


def test_the_defaults_are_polite() -> None:
    settings = network_from_environment({})
    assert settings.rate_limit == RateLimit(10, 1.0)
    assert (settings.connect_timeout, settings.read_timeout, settings.throttle_budget) == (5, 10, 60)


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("SENDCLOUD_RATE_LIMIT", "lots"),
        ("SENDCLOUD_READ_TIMEOUT", "0"),
        ("SENDCLOUD_CONNECT_TIMEOUT", "soon"),
        ("SENDCLOUD_THROTTLE_BUDGET", "-1"),
    ],
)
def test_malformed_network_settings_stop_the_run_before_any_request(
    run_suite: SuiteRunner,
    target_double: DoubleServer,
    monkeypatch: pytest.MonkeyPatch,
    variable: str,
    value: str,
) -> None:
    monkeypatch.setenv(variable, value)
    result = run_suite("--disable-recording")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines([f"ERROR: {variable}={value!r} *"])
    assert not target_double.requests
