"""A pytest plugin that holds a run still at a chosen moment, or breaks it there, when told to.

Loaded with `-p tests.endings.hooks` (in `PYTEST_ADDOPTS` for the commands that start pytest
themselves); it does nothing unless `ENDINGS_AT` names a moment. There it writes its process id into
`ENDINGS_MARKER` and waits until a signal reaches it, so the signal the test sends when the file
appears lands exactly there, however fast or slow the machine. `ENDINGS_RAISE=1` raises there
instead: an internal error, in a hook, where pytest cannot take it for a test's failure.

PYTEST_DONT_REWRITE: the project's tests import this module before the runs they make in process
load it with `-p`; it holds no assert for pytest to rewrite.
"""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from collections.abc import Generator
    from types import FrameType

AT = "ENDINGS_AT"
MARKER = "ENDINGS_MARKER"
RAISE = "ENDINGS_RAISE"
# Which test `call` stops in: the first whose node id holds this.
TEST = "ENDINGS_TEST"
# After collection (before the first test); inside a test's call; after the last test's teardown
# (the session's fixtures torn down, still inside pytest's test loop); at the start of the session's
# finish, before any report of the run is written.
COLLECTION, CALL, TEARDOWN, FINISH = "collection", "call", "teardown", "finish"
MOMENTS = (COLLECTION, CALL, TEARDOWN, FINISH)
# A signal that never comes fails the test that waits for it instead of hanging the suite.
WAIT_SECONDS = 60.0
INJECTED = "injected by tests/endings/hooks.py"


def _arrive(moment: str) -> None:
    if os.environ.get(AT) != moment:
        return
    if os.environ.get(RAISE):
        raise RuntimeError(f"{INJECTED} at {moment}")
    _wait(moment)


def _wait(moment: str) -> None:
    """Until a signal reaches this process; the run's own handler takes it as it would anywhere."""
    caught: list[int] = []

    def note(number: int, frame: FrameType | None) -> None:
        caught.append(number)
        handler = previous[number]
        if callable(handler):
            handler(number, frame)
        elif handler == signal.SIG_DFL:
            # No handler of the run's: the signal does what it does to any process.
            signal.signal(number, signal.SIG_DFL)
            os.kill(os.getpid(), number)

    previous: dict[int, Any] = {
        number: signal.signal(number, note) for number in (signal.SIGINT, signal.SIGTERM)
    }
    try:
        marker = Path(os.environ[MARKER])
        partial = marker.with_name(marker.name + ".partial")
        partial.write_text(str(os.getpid()), encoding="utf-8")
        # Whole or not at all: the test reads the process id as soon as the file exists.
        partial.replace(marker)
        deadline = time.monotonic() + WAIT_SECONDS
        while not caught:
            if time.monotonic() > deadline:
                raise RuntimeError(f"no signal reached process {os.getpid()} at {moment}")
            time.sleep(0.01)
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


def pytest_collection_finish(session: pytest.Session) -> None:
    _arrive(COLLECTION)


def _chosen(item: pytest.Item) -> bool:
    return os.environ.get(AT) == CALL and os.environ.get(TEST, "") in item.nodeid


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_call(item: pytest.Item) -> None:
    if _chosen(item) and not os.environ.get(RAISE):
        _wait(CALL)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    report = yield
    # Raised here, after the test ran, it is the suite's error, not the test's failure.
    if call.when == "call" and _chosen(item) and os.environ.get(RAISE):
        raise RuntimeError(f"{INJECTED} after {item.nodeid}")
    return report


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None) -> Generator[None, None, None]:
    yield
    if nextitem is None:
        _arrive(TEARDOWN)


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_sessionfinish(session: pytest.Session) -> Generator[None, None, None]:
    _arrive(FINISH)
    yield
