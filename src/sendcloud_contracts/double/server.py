"""The reference double as a real HTTP server on loopback, with a log of what it received."""

from __future__ import annotations

import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from sendcloud_contracts.double.app import DoubleApp
from sendcloud_contracts.double.base import API_PREFIX, TOKEN_PATH, Request

if TYPE_CHECKING:
    from collections.abc import Callable
    from types import TracebackType

    from sendcloud_contracts.double.base import Reply

LOOPBACK = "127.0.0.1"
# How often the serving loop looks for a stop request: `stop()` waits for that look, so the
# standard library's half second would be paid by every run that starts a double, for no gain.
STOP_POLL_SECONDS = 0.02


class _Handler(BaseHTTPRequestHandler):
    # HTTP/1.1 keeps connections alive, as the real API does; every reply sets Content-Length.
    protocol_version = "HTTP/1.1"
    # Headers and body go out in two writes; with Nagle on, a kept-alive connection waits for the
    # client's delayed ACK between them (~40 ms a request).
    disable_nagle_algorithm = True
    server_version = "sendcloud-double"
    server: _Server

    def _serve(self) -> None:
        split = urlsplit(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        request = Request(
            method=self.command,
            path=split.path,
            query=split.query,
            headers=dict(self.headers.items()),
            body=body,
        )
        with self.server.log_lock:
            self.server.log.append(request)
        reply = self.server.respond(request)
        if reply.withheld:
            # Hold the connection open, answering nothing, until the double stops.
            self.server.stopping.wait()
            self.close_connection = True
            return
        self.send_response(reply.status)
        for name, value in reply.headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(reply.body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(reply.body)

    def __getattr__(self, name: str) -> Callable[[], None]:
        # The base class answers 501 for any method without a `do_<METHOD>`; the API answers
        # every method itself (405 for the ones it does not allow), so route them all.
        if name.startswith("do_"):
            return self._serve
        raise AttributeError(name)

    def version_string(self) -> str:
        return self.server_version

    def log_message(self, format: str, *args: object) -> None:
        if self.server.verbose:
            super().log_message(format, *args)


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, port: int, respond: Callable[[Request], Reply], verbose: bool) -> None:
        super().__init__((LOOPBACK, port), _Handler)
        self.respond = respond
        self.verbose = verbose
        self.log: list[Request] = []
        self.log_lock = threading.Lock()
        # Releases handlers that withhold their reply, so stopping never waits on a client.
        self.stopping = threading.Event()

    def handle_error(self, request: object, client_address: object) -> None:
        # A client that hangs up mid-connection (a pooled keep-alive socket closed by its
        # owner, a timed-out test) is routine for a server; anything else is a bug worth seeing.
        if isinstance(sys.exc_info()[1], ConnectionError):
            return
        super().handle_error(request, client_address)  # type: ignore[arg-type]


class DoubleServer:
    """Serves a `DoubleApp` on 127.0.0.1 in a background thread.

    Use it as a context manager; port 0 picks a free port.
    """

    def __init__(self, app: DoubleApp | None = None, *, port: int = 0, verbose: bool = False) -> None:
        self.app = app or DoubleApp()
        self._server = _Server(port, self.app.handle, verbose)
        self._thread = threading.Thread(
            target=self._server.serve_forever,
            kwargs={"poll_interval": STOP_POLL_SECONDS},
            name="sendcloud-double",
            daemon=True,
        )

    @property
    def port(self) -> int:
        return int(self._server.server_address[1])

    @property
    def origin(self) -> str:
        return f"http://{LOOPBACK}:{self.port}"

    @property
    def base_url(self) -> str:
        return self.origin + API_PREFIX

    @property
    def token_url(self) -> str:
        return self.origin + TOKEN_PATH

    @property
    def requests(self) -> list[Request]:
        """What the double received so far, oldest first."""
        with self._server.log_lock:
            return list(self._server.log)

    def clear_log(self) -> None:
        with self._server.log_lock:
            self._server.log.clear()

    def start(self) -> DoubleServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.stopping.set()
        self._server.shutdown()
        self._server.server_close()
        self._thread.join()

    def __enter__(self) -> DoubleServer:
        return self.start()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()
