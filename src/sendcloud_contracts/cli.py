"""What the suite's command-line entry points share: bad arguments are bad input, exit 4, like pytest's."""

from __future__ import annotations

import argparse
import sys
from typing import NoReturn

from sendcloud_contracts.exitcodes import BAD_INPUT


class ArgumentParser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(BAD_INPUT, f"{self.prog}: error: {message}\n")
