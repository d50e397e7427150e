"""Run the reference double by hand, or around a command that should talk to it.

python -m sendcloud_contracts.double --port 8080
python -m sendcloud_contracts.double -- pytest contracts --disable-recording
python -m sendcloud_contracts.double --api v3 -- COMMAND   # SENDCLOUD_BASE_URL names /api/v3
python -m sendcloud_contracts.double --fault missing-system -- pytest contracts --disable-recording
python -m sendcloud_contracts.double --port 0 --request-log requests.jsonl --write-limit 2,5 -- COMMAND

The command's exit code is the double's: the suite's 0, 1, 2, 3, 4 or 75 pass through. `pytest` and
`python` in the command are this interpreter's, so the command runs where the double is installed.
Ctrl-C or SIGTERM reach the command, and the double serves it until it has written its reports.
"""

from __future__ import annotations

import argparse
import contextlib
import itertools
import os
import shutil
import sys
import threading
import uuid
from pathlib import Path
from typing import TYPE_CHECKING

from sendcloud_contracts import cli, exitcodes
from sendcloud_contracts.children import Children
from sendcloud_contracts.double.app import DoubleApp
from sendcloud_contracts.double.base import API_PREFIXES, DEFAULT_PUBLIC_KEY, DEFAULT_SECRET_KEY, STATE_PATH
from sendcloud_contracts.double.catalogue import faults
from sendcloud_contracts.double.clock import SteppingClock, SystemClock
from sendcloud_contracts.double.ratelimit import REAL_WRITE_LIMIT, WriteLimit
from sendcloud_contracts.double.requestlog import RequestLog
from sendcloud_contracts.double.server import DoubleServer

if TYPE_CHECKING:
    from collections.abc import Callable

    from sendcloud_contracts.double.clock import Clock


def target_environment(double: DoubleServer, api: str = "v2") -> dict[str, str]:
    """The `SENDCLOUD_*` variables that point the contract suite at this double's API `api` (v2 or v3)."""
    if api not in API_PREFIXES:
        raise ValueError(f"unknown API version {api!r}; expected one of: {', '.join(API_PREFIXES)}")
    return {
        "SENDCLOUD_BASE_URL": double.origin + API_PREFIXES[api],
        "SENDCLOUD_TOKEN_URL": double.token_url,
        "SENDCLOUD_PUBLIC_KEY": double.app.public_key,
        "SENDCLOUD_SECRET_KEY": double.app.secret_key,
        "SENDCLOUD_INTEGRATION_IDS": ",".join(str(key) for key in sorted(double.app.integrations)),
    }


def resolve_command(command: list[str], path: str) -> list[str] | None:
    """The command to run, `pytest` and `python` from this interpreter; None if it cannot be found."""
    name, arguments = command[0], command[1:]
    if name in ("pytest", "py.test"):
        return [sys.executable, "-m", "pytest", *arguments]
    if name in ("python", "python3"):
        return [sys.executable, *arguments]
    found = shutil.which(name, path=os.pathsep.join([str(Path(sys.executable).parent), path]))
    return [found, *arguments] if found else None


def catalogue_listing() -> str:
    """One line per catalogue entry: kind, name, what it does."""
    width = max(len(variant.name) for variant in faults.CATALOGUE)
    return "\n".join(
        f"{variant.kind:<5}  {variant.name:<{width}}  {variant.description}" for variant in faults.CATALOGUE
    )


def _write_limit(text: str) -> WriteLimit:
    try:
        return WriteLimit.parse(text)
    except ValueError:
        message = f"expected PER_SECOND,PER_MINUTE (both 1 or more), got {text!r}"
        raise argparse.ArgumentTypeError(message) from None


def _add_account_options(parser: argparse.ArgumentParser) -> None:
    limits = parser.add_mutually_exclusive_group()
    limits.add_argument(
        "--write-limit",
        metavar="PER_SECOND,PER_MINUTE",
        type=_write_limit,
        default=REAL_WRITE_LIMIT,
        help="writes (POST, PUT, PATCH, DELETE) the account may send before a 429; the real API's 15,100",
    )
    limits.add_argument("--no-write-limit", action="store_true", help="never answer a write 429")
    parser.add_argument(
        "--not-official-partner",
        action="store_true",
        help="the account is no official Sendcloud partner: v2's shipment upsert answers 403",
    )
    parser.add_argument(
        "--no-order-statuses",
        action="store_true",
        help="the shop systems take no shop order statuses: v3's status writes answer 400",
    )
    parser.add_argument(
        "--fixed-clock",
        action="store_true",
        help="timestamps from a fixed moment and counted uuids: a recording made twice is the same",
    )
    parser.add_argument(
        "--request-log",
        metavar="FILE",
        type=Path,
        help="append one JSON line per request answered (method, path, query, status, monotonic, write); "
        "never a header or body",
    )


def app_of(args: argparse.Namespace) -> DoubleApp:
    """The double the command line asks for."""
    clock: Clock = SteppingClock() if args.fixed_clock else SystemClock()
    return DoubleApp(
        public_key=args.public_key,
        secret_key=args.secret_key,
        behaviour=faults.behaviour_for(args.fault) if args.fault else None,
        official_partner=not args.not_official_partner,
        order_statuses_supported=not args.no_order_statuses,
        write_limit=None if args.no_write_limit else args.write_limit,
        request_log=RequestLog(args.request_log),
        clock=clock,
        uuids=counted_uuids() if args.fixed_clock else None,
    )


def counted_uuids() -> Callable[[], str]:
    """uuids that count up from the same start: the same in every recording."""
    numbers = itertools.count(1)
    return lambda: str(uuid.UUID(int=next(numbers)))


def main(argv: list[str] | None = None) -> int:
    parser = cli.ArgumentParser(
        prog="python -m sendcloud_contracts.double",
        description="Serve the reference double of the Integrations API v2 and v3 on 127.0.0.1.",
    )
    parser.add_argument("--port", type=int, default=8080, help="port to listen on; 0 picks a free one")
    parser.add_argument("--public-key", default=DEFAULT_PUBLIC_KEY)
    parser.add_argument("--secret-key", default=DEFAULT_SECRET_KEY)
    parser.add_argument("--verbose", action="store_true", help="log every request to stderr")
    parser.add_argument(
        "--api",
        choices=list(API_PREFIXES),
        default="v2",
        help="the version SENDCLOUD_BASE_URL names (both are served); default v2",
    )
    parser.add_argument(
        "--fault",
        metavar="NAME",
        choices=[variant.name for variant in faults.CATALOGUE],
        help="break the contract (or keep it in an unusual way) as NAME does; see --list-faults",
    )
    parser.add_argument(
        "--list-faults", action="store_true", help="list the faults and valid variations, then exit"
    )
    _add_account_options(parser)
    parser.add_argument(
        "command",
        nargs=argparse.REMAINDER,
        help="after `--`: a command to run with SENDCLOUD_* pointing at the double; the double stops with it",
    )
    args = parser.parse_args(argv)
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if args.list_faults:
        print(catalogue_listing())
        return 0

    resolved = resolve_command(command, os.environ.get("PATH", "")) if command else None
    if command and resolved is None:
        parser.exit(
            exitcodes.BAD_INPUT, f"ERROR: command not found: {command[0]}; check the command after `--`\n"
        )
    app = app_of(args)
    try:
        double = DoubleServer(app, port=args.port, verbose=args.verbose)
    except OSError as error:
        parser.exit(
            exitcodes.BAD_INPUT,
            f"ERROR: cannot listen on 127.0.0.1:{args.port}: {error.strerror}; pick another --port\n",
        )
    with double:
        environment = target_environment(double, args.api)
        if resolved is not None:
            children = Children()
            with children.handling_signals():
                code = children.run(resolved, env={**os.environ, **environment})
            # A command that died of the signal itself still ended interrupted, not in a code of its own.
            return exitcodes.INTERRUPTED if code < 0 and children.interrupted else code
        playing = f", playing {args.fault}" if args.fault else ""
        print(f"Sendcloud double listening on {double.origin}{playing} (Ctrl-C stops it).")
        print("Point the suite at it:")
        for name, value in environment.items():
            print(f"  export {name}={value}")
        print(f"What writes changed: GET {double.origin}{STATE_PATH}")
        # Whoever started the double in the background reads these lines from a pipe: send them now.
        sys.stdout.flush()
        with contextlib.suppress(KeyboardInterrupt):
            threading.Event().wait()
    return 0


if __name__ == "__main__":
    cli.run_command(main, "python -m sendcloud_contracts.double")
