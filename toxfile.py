"""tox's hooks for this project: Ctrl-C and SIGTERM end a run the way the run itself says.

Left to itself, tox answers the first Ctrl-C by interrupting its command, sends SIGTERM 0.3 s later
and reports the environment as skipped: exit 1, the code a nightly job pages on, and a suite killed
before it could write the reports that say it was interrupted. Here, the signal is passed once to
the commands tox is running, tox waits for them, and their exit code (2: interrupted) is tox's. A
terminal's Ctrl-C reaches those commands anyway; they take one interruption and ignore its repeat.
While no command runs (tox installing an environment), tox handles the signal as it always does.
"""

from __future__ import annotations

import os
import signal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tox.plugin import impl

if TYPE_CHECKING:
    from types import FrameType

    from tox.config.cli.parser import ToxParser

_PASSED_ON: set[int] = set()


def _children() -> list[int]:
    """The processes this one started (Linux's /proc; elsewhere none, and tox keeps its own way)."""
    try:
        tasks = list(Path(f"/proc/{os.getpid()}/task").iterdir())
    except OSError:
        return []
    children: list[int] = []
    for task in tasks:
        # tox's threads come and go: one that ended since the listing has no children to read.
        try:
            children += [int(child) for child in (task / "children").read_text().split()]
        except (OSError, ValueError):
            continue
    return children


def _pass_on(number: int, frame: FrameType | None) -> Any:
    children = _children()
    if not children:
        # Nothing of the project's is running: tox's own interruption, as before.
        signal.default_int_handler(number, frame)
    if number in _PASSED_ON:
        return
    _PASSED_ON.add(number)
    for child in children:
        try:
            os.kill(child, number)
        except ProcessLookupError:
            continue


@impl
def tox_add_option(parser: ToxParser) -> None:
    # The earliest hook, in tox's main thread: the only thread that may set signal handlers.
    for number in (signal.SIGINT, signal.SIGTERM):
        signal.signal(number, _pass_on)
