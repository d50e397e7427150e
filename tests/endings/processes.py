"""Commands started the way a terminal or a CI job starts them, signalled at a chosen moment, and
always stopped, whatever the test found.

Each command leads a process group of its own, as a terminal's foreground job does: a terminal's
Ctrl-C reaches every process of that group, a CI job's cancellation or a `kill` reaches the command
alone. The moment comes from `hooks.py`: the process that reached it writes its id into the marker.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator, Mapping, Sequence

# Generous: a loaded CI machine may take this long to start a wrapper and the suite under it.
MOMENT_SECONDS = 60.0
END_SECONDS = 90.0


@dataclass(frozen=True)
class Signal:
    """What to send, and to whom: `group` as a terminal's Ctrl-C, `command` the command alone."""

    number: signal.Signals
    to: str = "group"

    @property
    def label(self) -> str:
        return f"{self.number.name} to the {self.to}"


@dataclass
class Finished:
    code: int
    out: str
    err: str
    # The process the moment was reached in, when a signal was sent.
    paused: int | None = None
    lines: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.lines = self.out.splitlines()


def descendants(pid: int) -> list[int]:
    """Every process `pid` started, and theirs (Linux's /proc)."""
    found: list[int] = []
    try:
        tasks = list(Path(f"/proc/{pid}/task").iterdir())
    except OSError:
        return found
    for task in tasks:
        with contextlib.suppress(OSError, ValueError):
            for child in (task / "children").read_text().split():
                found += [int(child), *descendants(int(child))]
    return found


def _stop(process: subprocess.Popen[str]) -> None:
    """Whatever is left of the command and everything it started: killed, and waited for."""
    if process.poll() is None:
        for pid in [*descendants(process.pid), process.pid]:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()


@contextlib.contextmanager
def started(
    command: Sequence[str], *, cwd: Path, env: Mapping[str, str], stdin: int | None = None
) -> Iterator[subprocess.Popen[str]]:
    process = subprocess.Popen(
        list(command),
        cwd=cwd,
        env=dict(env),
        stdin=stdin if stdin is not None else subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        yield process
    finally:
        _stop(process)
        for stream in (process.stdout, process.stderr):
            if stream is not None:
                stream.close()


def send(process: subprocess.Popen[str], sent: Signal) -> None:
    if sent.to == "group":
        os.killpg(process.pid, sent.number)
    else:
        os.kill(process.pid, sent.number)


def wait_for(marker: Path, process: subprocess.Popen[str]) -> int:
    """The id of the process that reached the moment; fails if the command ended before it."""
    deadline = time.monotonic() + MOMENT_SECONDS
    while not marker.is_file():
        if process.poll() is not None:
            out, err = process.communicate()
            raise AssertionError(f"ended (exit {process.returncode}) before the moment:\n{out}\n{err}")
        assert time.monotonic() < deadline, f"no process reached the moment within {MOMENT_SECONDS:g} s"
        time.sleep(0.01)
    return int(marker.read_text(encoding="utf-8"))


def run(
    command: Sequence[str],
    *,
    cwd: Path,
    env: Mapping[str, str],
    reached: Callable[[subprocess.Popen[str]], int] | None = None,
    sent: Signal | None = None,
) -> Finished:
    """The command to its end; with `sent`, signalled once it `reached` the moment."""
    with started(command, cwd=cwd, env=env) as process:
        paused = None
        if sent is not None:
            assert reached is not None
            paused = reached(process)
            send(process, sent)
        out, err = process.communicate(timeout=END_SECONDS)
        return Finished(process.returncode, out, err, paused)
