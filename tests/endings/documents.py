"""docdiff's two entry points: two documents compared, and the night's `--fetch` of each source.

docdiff runs no pytest, so its moment is where it waits on the outside world: reading the old
document (a FIFO nobody writes to yet) or downloading a source (a server on 127.0.0.1 that holds
its answer). A signal sent there lands while docdiff waits, exactly as a Ctrl-C on a slow read would.
"""

from __future__ import annotations

import contextlib
import os
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import TYPE_CHECKING, ClassVar

import yaml

from ..conftest import ROOT, SEED_SPEC
from . import ways as w
from .entries import PYTHON, Entry, Launch, one_line
from .folders import Expect
from .processes import MOMENT_SECONDS

if TYPE_CHECKING:
    import subprocess
    from collections.abc import Iterator, Mapping
    from pathlib import Path

    from .processes import Finished
    from .workspace import Workspace

# docdiff's own words for what each bad document lacks.
SAYS = {
    w.NOT_OPENAPI: "it has no `openapi` version",
    w.SWAGGER: "it says swagger: 2.0",
    w.BROKEN_REF: "$ref '#/components/schemas/Gone' leads nowhere",
    w.EMPTY: "is empty",
}
NO_TESTS = "docdiff runs no tests: its one moment is waiting for a document"
NO_PYTEST = "docdiff runs no pytest: an error of its own is one, wherever it happens"
# An error of docdiff's own: the comparison both entry points make raises (site/sitecustomize.py).
BROKEN_COMPARISON = {"ENDINGS_BREAK": "sendcloud_contracts.docdiff.rules.operations:compare_documents"}
ITSELF = "docdiff is the command itself: its group is itself"


def breaking_change() -> str:
    """The seed document without `shop_url` in an integration: a change that breaks a client."""
    document = yaml.safe_load(SEED_SPEC.read_text(encoding="utf-8"))
    del document["components"]["schemas"]["Integration"]["properties"]["shop_url"]
    return yaml.safe_dump(document, sort_keys=False)


def given(way: w.Way) -> str:
    """The new document (or the source's answer) a way compares with the seed document."""
    if way.document is not None:
        return way.document
    return breaking_change() if way is w.FAIL else SEED_SPEC.read_text(encoding="utf-8")


class _Fifo:
    """An old document that is a FIFO: docdiff's read of it waits until the test has signalled."""

    def __init__(self, path: Path) -> None:
        os.mkfifo(path)
        self.path = path
        self.writer: int | None = None

    def reached(self, process: subprocess.Popen[str]) -> int:
        deadline = time.monotonic() + MOMENT_SECONDS
        while self.writer is None:
            try:
                # Succeeds once docdiff opened the FIFO to read it: it now waits in its read.
                self.writer = os.open(self.path, os.O_WRONLY | os.O_NONBLOCK)
            except OSError:
                assert process.poll() is None, "docdiff ended before it read the document"
                assert time.monotonic() < deadline, "docdiff never opened the document"
                time.sleep(0.01)
        return process.pid

    def close(self) -> None:
        if self.writer is not None:
            os.close(self.writer)


class Compare(Entry):
    name = "docdiff OLD NEW"
    serves_double = False
    ways = (w.PASS, w.FAIL, w.REFUSED, *w.BAD_DOCUMENTS, w.SIGINT_MID_RUN, w.SIGTERM, w.CRASH)
    left_out: ClassVar[Mapping[w.Way, str]] = {
        **dict.fromkeys((w.SIGINT_BEFORE_TESTS, w.SIGINT_IN_TEARDOWN, w.SIGINT_AS_IT_FINISHES), NO_TESTS),
        w.CRASH_BEFORE_TESTS: NO_PYTEST,
        w.SIGINT_TO_THE_COMMAND: ITSELF,
    }

    def launch(self, ws: Workspace) -> Launch:
        way, old, new = ws.way, ws.tmp / "old.yaml", ws.tmp / "new.yaml"
        new.write_text(given(way), encoding="utf-8")
        reached = None
        if way.sent is not None:
            fifo = _Fifo(old)
            ws.cleanups.callback(fifo.close)
            reached = fifo.reached
        else:
            old.write_text(SEED_SPEC.read_text(encoding="utf-8"), encoding="utf-8")
        files = ["--markdown", str(ws.tmp / "docdiff.md"), "--json", str(ws.tmp / "docdiff.json")]
        command = [PYTHON, "-m", "sendcloud_contracts.docdiff", str(old), str(new), *files, *way.arguments]
        return Launch(
            command, ROOT, ws.environment(**(BROKEN_COMPARISON if way.crash else {})), reached=reached
        )

    def expects(self, ws: Workspace) -> list[Expect]:
        way = ws.way
        return [Expect("comparison", ws.tmp, way.ending, way.exit_code)]

    def check_more(self, ws: Workspace, finished: Finished) -> None:
        if ws.way in SAYS:
            one_line(finished, f"ERROR: {ws.tmp / 'new.yaml'}: ", SAYS[ws.way])


class _Source(ThreadingHTTPServer):
    """A vendor's site on 127.0.0.1 serving one document, or holding its answer until told."""

    daemon_threads = True

    def __init__(self, body: str, hold: bool) -> None:
        super().__init__(("127.0.0.1", 0), _SourceHandler)
        self.body = body.encode()
        self.hold = hold
        self.asked = threading.Event()
        self.released = threading.Event()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/integrations.yaml"

    def reached(self, process: subprocess.Popen[str]) -> int:
        while not self.asked.wait(0.05):
            assert process.poll() is None, "docdiff ended before it asked for the document"
        return process.pid


class _SourceHandler(BaseHTTPRequestHandler):
    server: _Source

    def do_GET(self) -> None:
        self.server.asked.set()
        if self.server.hold:
            self.server.released.wait(MOMENT_SECONDS)
            return
        self.send_response(200)
        self.send_header("Content-Length", str(len(self.server.body)))
        self.end_headers()
        self.wfile.write(self.server.body)

    def log_message(self, format: str, *args: object) -> None:
        pass


@contextlib.contextmanager
def serving(body: str, *, hold: bool) -> Iterator[_Source]:
    source = _Source(body, hold)
    thread = threading.Thread(target=source.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
    thread.start()
    try:
        yield source
    finally:
        source.released.set()
        source.shutdown()
        source.server_close()
        thread.join()


class Night(Entry):
    name = "docdiff --fetch"
    serves_double = False
    ways = (w.PASS, w.FAIL, w.REFUSED, w.NOT_OPENAPI, w.SIGINT_MID_RUN, w.SIGTERM)
    left_out: ClassVar[Mapping[w.Way, str]] = {
        **dict.fromkeys(
            (w.SWAGGER, w.BROKEN_REF, w.EMPTY), "each kind is docdiff OLD NEW's; the night reads them alike"
        ),
        **dict.fromkeys((w.SIGINT_BEFORE_TESTS, w.SIGINT_IN_TEARDOWN, w.SIGINT_AS_IT_FINISHES), NO_TESTS),
        **dict.fromkeys((w.CRASH, w.CRASH_BEFORE_TESTS), NO_PYTEST),
        w.SIGINT_TO_THE_COMMAND: ITSELF,
    }

    def launch(self, ws: Workspace) -> Launch:
        way = ws.way
        source = ws.cleanups.enter_context(serving(given(way), hold=way.sent is not None))
        sources = ws.tmp / "sources.toml"
        document = f'file = "{SEED_SPEC.relative_to(ROOT)}"\nurl = "{source.url}"\nextract = "document"\n'
        sources.write_text(f"[[document]]\n{document}")
        command = [PYTHON, "-m", "sendcloud_contracts.docdiff", "--fetch", "--sources", str(sources)]
        command += ["--report-dir", str(ws.tmp / "docdiff"), *way.arguments]
        env = ws.environment(**(BROKEN_COMPARISON if way.crash else {}))
        return Launch(command, ROOT, env, reached=source.reached)

    def expects(self, ws: Workspace) -> list[Expect]:
        way = ws.way
        reason = f"interrupted by {way.sent.number.name}" if way.sent else SAYS.get(way, way.reason)
        return [Expect("night", ws.tmp / "docdiff", way.ending, way.exit_code, reason)]
