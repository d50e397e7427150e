"""Headless Chromium driven over its DevTools pipe: many pages, each at several window widths, in one start.

The pages themselves run no script (their Content-Security-Policy forbids it, and they have none):
what is measured is asked through the protocol (`Runtime.evaluate`), which no page policy restricts.
A window width is the viewport's, set with `Emulation.setDeviceMetricsOverride`, as a window of that
size lays the page out. The browser reads commands from descriptor 3 and answers on descriptor 4
(`--remote-debugging-pipe`), one JSON message each, ended by a NUL byte.
"""

from __future__ import annotations

import fcntl
import json
import os
import select
import subprocess
import time
from typing import TYPE_CHECKING, Any, Self

from .browser import FLAGS, chromium

if TYPE_CHECKING:
    from pathlib import Path
    from types import TracebackType

# Generous: a loaded machine with two cores starts a browser in a few seconds.
TIMEOUT_SECONDS = 60


class DevToolsError(RuntimeError):
    pass


class Browser:
    """One headless Chromium and one tab in it; `with Browser(scratch) as browser: browser.open(page)`."""

    def __init__(self, scratch: Path) -> None:
        scratch.mkdir(parents=True, exist_ok=True)
        commands, self._to_browser = os.pipe()
        self._from_browser, answers = os.pipe()
        # The browser's ends as descriptors 3 and 4, set by bash (dash takes 0-9 only) rather than by a
        # `preexec_fn`, unsafe in a process with threads (pytest-xdist's workers have them). Its ends
        # are first moved past 9, so that neither is 3 or 4 already and closed by the swap.
        commands, answers = (_past_nine(descriptor) for descriptor in (commands, answers))
        swap = f'exec "$@" 3<&{commands} 4>&{answers} {commands}<&- {answers}>&-'
        argv = [chromium(), *FLAGS, f"--user-data-dir={scratch / 'profile'}", "--remote-debugging-pipe"]
        self._process = subprocess.Popen(
            ["/bin/bash", "-c", swap, "bash", *argv, "about:blank"],
            pass_fds=(commands, answers),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        os.close(commands)
        os.close(answers)
        self._buffer = b""
        self._next_id = 0
        self._events: list[dict[str, Any]] = []
        try:
            target = self.send("Target.createTarget", url="about:blank")["targetId"]
            self._session = self.send("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]
            self.send("Page.enable", session=True)
        except BaseException:
            self.close()
            raise

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.close()

    def close(self) -> None:
        """Ask the browser to quit, as its helper processes then quit too; kill it if it does not."""
        try:
            os.write(self._to_browser, json.dumps({"id": 0, "method": "Browser.close"}).encode() + b"\0")
            self._process.wait(timeout=5)
        except (OSError, subprocess.TimeoutExpired):
            self._process.kill()
            self._process.wait(timeout=TIMEOUT_SECONDS)
        finally:
            os.close(self._to_browser)
            os.close(self._from_browser)

    def open(self, page: Path) -> None:
        """Load `page` in the tab and wait until it has loaded."""
        self._events.clear()
        self.send("Page.navigate", session=True, url=page.as_uri())
        self._wait_for("Page.loadEventFired")

    def resize(self, width: int, height: int = 900) -> None:
        """The viewport of a window `width` pixels wide, as on a desktop (no mobile emulation)."""
        self.send(
            "Emulation.setDeviceMetricsOverride",
            session=True,
            width=width,
            height=height,
            deviceScaleFactor=1,
            mobile=False,
        )

    def evaluate(self, expression: str) -> Any:
        """The value of a JavaScript expression in the page, as JSON would carry it."""
        answer = self.send("Runtime.evaluate", session=True, expression=expression, returnByValue=True)
        if "exceptionDetails" in answer:
            raise DevToolsError(f"{expression[:60]}...: {answer['exceptionDetails']}")
        return answer["result"].get("value")

    def send(self, method: str, *, session: bool = False, **params: Any) -> dict[str, Any]:
        self._next_id += 1
        message: dict[str, Any] = {"id": self._next_id, "method": method, "params": params}
        if session:
            message["sessionId"] = self._session
        os.write(self._to_browser, json.dumps(message).encode() + b"\0")
        while True:
            reply = self._receive()
            if reply.get("id") != self._next_id:
                self._events.append(reply)
                continue
            if "error" in reply:
                raise DevToolsError(f"{method}: {reply['error']}")
            result: dict[str, Any] = reply["result"]
            return result

    def _wait_for(self, event: str) -> None:
        while not any(message.get("method") == event for message in self._events):
            self._events.append(self._receive())

    def _receive(self) -> dict[str, Any]:
        deadline = time.monotonic() + TIMEOUT_SECONDS
        while b"\0" not in self._buffer:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([self._from_browser], [], [], left)[0]:
                raise DevToolsError(f"Chromium said nothing for {TIMEOUT_SECONDS} s")
            chunk = os.read(self._from_browser, 1 << 16)
            if not chunk:
                raise DevToolsError(f"Chromium closed its DevTools pipe (exit {self._process.poll()})")
            self._buffer += chunk
        message, self._buffer = self._buffer.split(b"\0", 1)
        parsed: dict[str, Any] = json.loads(message)
        return parsed


def _past_nine(descriptor: int) -> int:
    moved = fcntl.fcntl(descriptor, fcntl.F_DUPFD, 10)
    os.close(descriptor)
    return moved
