"""`python -m sendcloud_contracts [--help]`: what the suite runs, reads, answers and writes, on one screen."""

from __future__ import annotations

import sys

from sendcloud_contracts import exitcodes
from sendcloud_contracts.overview import overview


def main(argv: list[str] | None = None) -> int:
    arguments = sys.argv[1:] if argv is None else argv
    print(overview(), end="")
    if arguments and arguments[0] not in ("-h", "--help"):
        print(
            f"\nERROR: unknown argument {arguments[0]!r}: this command only explains; see above",
            file=sys.stderr,
        )
        return exitcodes.BAD_INPUT
    return exitcodes.HOLDS


if __name__ == "__main__":
    sys.exit(main())
