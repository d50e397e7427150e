"""Infrastructure errors stop the run with one line and exit code 75, never as contract failures."""

from __future__ import annotations

import socket
import threading
from typing import TYPE_CHECKING

import pytest

from sendcloud_contracts.exitcodes import INFRASTRUCTURE

if TYPE_CHECKING:
    from collections.abc import Iterator

    from sendcloud_contracts.double import DoubleServer

    from ..conftest import SuiteRunner


class SilentServer:
    """Accepts connections on loopback and never answers: a hung upstream."""

    def __init__(self) -> None:
        self._socket = socket.create_server(("127.0.0.1", 0))
        self._socket.settimeout(0.1)
        self._stop = threading.Event()
        self._accepted: list[socket.socket] = []
        self._thread = threading.Thread(target=self._accept, daemon=True)

    @property
    def port(self) -> int:
        return int(self._socket.getsockname()[1])

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                connection, _ = self._socket.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            self._accepted.append(connection)

    def __enter__(self) -> SilentServer:
        self._thread.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._stop.set()
        self._thread.join()
        for connection in self._accepted:
            connection.close()
        self._socket.close()


@pytest.fixture
def silent_server() -> Iterator[SilentServer]:
    with SilentServer() as server:
        yield server


def assert_stopped_as_infrastructure(result: pytest.RunResult, *patterns: str) -> None:
    output = result.stdout.str() + result.stderr.str()
    assert result.ret == INFRASTRUCTURE, output
    assert "Traceback" not in output
    lines = [line for line in output.splitlines() if "infrastructure error, not a contract failure" in line]
    assert len(lines) == 1, output
    for pattern in patterns:
        assert pattern in lines[0], lines[0]
    # Nothing is reported as a contract failure.
    assert "failed" not in output.split("\n")[-2], output


@pytest.mark.parametrize("mode", ["--disable-recording", "--record-mode=rewrite"])
def test_a_server_that_never_answers_times_out(
    run_suite: SuiteRunner,
    target_double: DoubleServer,
    silent_server: SilentServer,
    monkeypatch: pytest.MonkeyPatch,
    mode: str,
) -> None:
    monkeypatch.setenv("SENDCLOUD_BASE_URL", f"http://127.0.0.1:{silent_server.port}/api/v2")
    monkeypatch.setenv("SENDCLOUD_READ_TIMEOUT", "0.3")
    result = run_suite(mode)
    assert_stopped_as_infrastructure(result, "sent no answer within 0.3 s", "SENDCLOUD_READ_TIMEOUT")


def test_a_refused_connection_stops_the_run(
    run_suite: SuiteRunner, target_double: DoubleServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    with socket.create_server(("127.0.0.1", 0)) as probe:
        free_port = probe.getsockname()[1]
    monkeypatch.setenv("SENDCLOUD_BASE_URL", f"http://127.0.0.1:{free_port}/api/v2")
    result = run_suite("--disable-recording")
    assert_stopped_as_infrastructure(result, "refused the connection")


def test_a_tls_failure_stops_the_run(
    run_suite: SuiteRunner, target_double: DoubleServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The double speaks plain HTTP: a TLS handshake with it fails.
    monkeypatch.setenv("SENDCLOUD_BASE_URL", f"https://127.0.0.1:{target_double.port}/api/v2")
    result = run_suite("--disable-recording")
    assert_stopped_as_infrastructure(result, "TLS with 127.0.0.1")


def test_a_name_that_does_not_resolve_stops_the_run(
    run_suite: SuiteRunner, target_double: DoubleServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_such_host(*args: object, **kwargs: object) -> object:
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    # The resolver is stubbed: the test must not depend on the machine's DNS.
    monkeypatch.setattr(socket, "getaddrinfo", no_such_host)
    monkeypatch.setenv("SENDCLOUD_BASE_URL", "http://api.sendcloud.invalid/api/v2")
    result = run_suite("--disable-recording")
    assert_stopped_as_infrastructure(result, "cannot resolve api.sendcloud.invalid")
