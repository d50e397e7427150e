"""What the suite's command-line entry points share: bad arguments are bad input, exit 4, like pytest's.

Each command runs through `run_command`: an error of its own ends it with 3 (crashed), never with
Python's 1, which says the contract is broken (drift: that something drifted; docdiff: that a change
breaks a client). A command that reports into a folder of its own is given `refused`: for a command
line it refuses, that folder says it stopped, so the last run's verdict no longer stands there
(pytest's own refusals: `pytest_plugin/refusals.py`).
"""

from __future__ import annotations

import argparse
import sys
import traceback
from typing import TYPE_CHECKING, Any, NoReturn

from sendcloud_contracts.exitcodes import BAD_INPUT, CRASHED

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence


class ArgumentParser(argparse.ArgumentParser):
    def __init__(self, *args: Any, refused: Callable[[str], None] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.refused = refused

    def error(self, message: str) -> NoReturn:
        if self.refused is not None:
            self.refused(f"{self.prog} refused the command line: {message}")
        self.print_usage(sys.stderr)
        self.exit(BAD_INPUT, f"{self.prog}: error: {message}\n")


def option_value(arguments: Sequence[str], option: str) -> str | None:
    """The value of `--option VALUE` or `--option=VALUE`, as argparse or pytest would read it (the last
    wins): where a command line that could not be parsed says its command would have reported."""
    value = None
    for index, argument in enumerate(arguments):
        if argument == option and index + 1 < len(arguments):
            value = arguments[index + 1]
        elif argument.startswith(f"{option}="):
            value = argument.partition("=")[2]
    return value


def run_command(main: Callable[[], int], prog: str) -> NoReturn:
    """`main` as the process: its exit code, or 3 with the traceback when the command itself failed."""
    try:
        code = main()
    except Exception:
        traceback.print_exc()
        sys.stderr.write(f"{prog}: crashed: a fault of sendcloud-contracts, not a finding (exit {CRASHED})\n")
        code = CRASHED
    sys.exit(code)
