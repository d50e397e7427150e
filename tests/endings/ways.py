"""Every way a run can end, as data: what provokes it, and the ending and exit code it must give.

An entry point (`entries.py`) turns a way into its own command line: the fault its double plays,
options where its user adds options, a document where it takes one, the moment `hooks.py` holds its
run still at, and the signal sent there.
"""

from __future__ import annotations

import signal
from dataclasses import dataclass

from ..conftest import SEED_SPEC
from .hooks import CALL, COLLECTION, FINISH, INJECTED, TEARDOWN
from .processes import Signal

# The test whose call a mid-run signal lands in: the fourth of the seed document's seven, after
# failing ones when the double breaks the contract, and one every run of v2 has (`-k` included).
MID_RUN_TEST = "test_existing_integration[4711]"
MID_RUN = f"during contracts/test_integrations.py::{MID_RUN_TEST}"
# What the double plays for a run that must fail, or have failed before it was cut short.
BROKEN = "missing-system"


@dataclass(frozen=True)
class Way:
    name: str
    # The ending every report of the run states (`run.json`'s `verdict`), and the exit code.
    ending: str
    exit_code: int
    # Found in the reason an unfinished run gives (`run.json`'s `stopped`).
    reason: str = ""
    fault: str | None = None
    arguments: tuple[str, ...] = ()
    # The text of the document the run is given instead of the seed document.
    document: str | None = None
    moment: str | None = None
    sent: Signal | None = None
    crash: bool = False

    @property
    def finished(self) -> bool:
        """Whether the run judged the contract: the only runs that may say PASS or FAIL."""
        return self.ending in ("pass", "fail")

    def __str__(self) -> str:
        return self.name


def _broken_reference() -> str:
    text = SEED_SPEC.read_text(encoding="utf-8")
    assert "'#/components/schemas/Integration'" in text
    return text.replace("'#/components/schemas/Integration'", "'#/components/schemas/Gone'", 1)


PASS = Way("pass", "pass", 0)
FAIL = Way("fail", "fail", 1, fault=BROKEN)
REFUSED = Way("refused-option", "stopped", 4, "--bogus-option", arguments=("--bogus-option",))
NOT_OPENAPI = Way("not-openapi", "stopped", 4, "no `openapi` field", document="foo: bar\n")
SWAGGER = Way(
    "swagger-2",
    "stopped",
    4,
    "is Swagger 2.0",
    document='swagger: "2.0"\ninfo: {title: Integrations, version: "2"}\npaths: {}\n',
)
BROKEN_REF = Way("broken-ref", "stopped", 4, "'#/components/schemas/Gone'", document=_broken_reference())
EMPTY = Way("empty-file", "stopped", 4, "is empty", document="")
BAD_DOCUMENTS = (NOT_OPENAPI, SWAGGER, BROKEN_REF, EMPTY)


def _interrupted(name: str, moment: str, sent: Signal, reason: str) -> Way:
    # The double breaks the contract: what the run found before it was cut short is no verdict.
    return Way(name, "interrupted", 2, reason, fault=BROKEN, moment=moment, sent=sent)


CTRL_C = Signal(signal.SIGINT, "group")
SIGINT_BEFORE_TESTS = _interrupted(
    "sigint-before-the-first-test", COLLECTION, CTRL_C, "SIGINT before the first test"
)
SIGINT_MID_RUN = _interrupted("sigint-mid-run", CALL, CTRL_C, f"SIGINT {MID_RUN}")
SIGINT_IN_TEARDOWN = _interrupted("sigint-in-teardown", TEARDOWN, CTRL_C, "SIGINT during")
SIGINT_AS_IT_FINISHES = _interrupted("sigint-as-it-finishes", FINISH, CTRL_C, "SIGINT after the last test")
# `kill -INT` of a wrapper, or a CI job cancelled: the signal reaches the command, not its children.
SIGINT_TO_THE_COMMAND = _interrupted(
    "sigint-to-the-command", CALL, Signal(signal.SIGINT, "command"), f"SIGINT {MID_RUN}"
)
SIGTERM = _interrupted("sigterm-mid-run", CALL, Signal(signal.SIGTERM, "command"), f"SIGTERM {MID_RUN}")
# The write contract's run, cut short at its test's start: what the named integration holds is
# restored as the run ends, whatever ended it, and the reports say it was interrupted.
WRITES_TEST = "test_write_sequences"
DURING_WRITES = f"during contracts/test_writes.py::{WRITES_TEST}"
WRITES_SIGINT = Way("sigint-mid-run", "interrupted", 2, f"SIGINT {DURING_WRITES}", moment=CALL, sent=CTRL_C)
WRITES_SIGTERM = Way(
    "sigterm-mid-run",
    "interrupted",
    2,
    f"SIGTERM {DURING_WRITES}",
    moment=CALL,
    sent=Signal(signal.SIGTERM, "command"),
)
CRASH = Way("internal-error", "crashed", 3, INJECTED, fault=BROKEN, moment=CALL, crash=True)
CRASH_BEFORE_TESTS = Way(
    "internal-error-before-the-first-test", "crashed", 3, INJECTED, moment=COLLECTION, crash=True
)
EVERY_WAY = (
    PASS,
    FAIL,
    REFUSED,
    *BAD_DOCUMENTS,
    SIGINT_BEFORE_TESTS,
    SIGINT_MID_RUN,
    SIGINT_IN_TEARDOWN,
    SIGINT_AS_IT_FINISHES,
    SIGINT_TO_THE_COMMAND,
    SIGTERM,
    CRASH,
    CRASH_BEFORE_TESTS,
)
