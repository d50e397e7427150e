"""How a run ends when it cannot test the contract, so a nightly job can tell the causes apart.

| code | meaning |
|---|---|
| 0 | every contract test passed (drift: nothing drifted, or answers only gained fields or headers) |
| 1 | the API broke the contract (drift: a change a client could feel) |
| 2 | interrupted (Ctrl-C, SIGTERM): nothing is known about the contract |
| 3 | crashed: an internal error of the suite or a plugin, not a finding about the API |
| 4 | the suite's own input is wrong: spec, settings, cassettes, or credentials the API rejects |
| 75 | infrastructure: network, DNS, TLS, timeout, or throttled for longer than the budget |

2, 3 and 4 are pytest's own codes for the same endings. 75 is `EX_TEMPFAIL` from sysexits.h: the
same run may pass later without any change.
"""

from __future__ import annotations

import pytest

HOLDS = int(pytest.ExitCode.OK)
BROKEN = int(pytest.ExitCode.TESTS_FAILED)
INTERRUPTED = int(pytest.ExitCode.INTERRUPTED)
CRASHED = int(pytest.ExitCode.INTERNAL_ERROR)
BAD_INPUT = int(pytest.ExitCode.USAGE_ERROR)
INFRASTRUCTURE = 75
NO_TESTS = int(pytest.ExitCode.NO_TESTS_COLLECTED)


class StopRun(BaseException):
    """Ends the whole run with one line and a distinct exit code.

    A `BaseException` on purpose: Hypothesis and schemathesis catch `Exception` to shrink and
    report it as a failing example, which would retry a dead network for minutes and report it
    as a contract failure. This one passes through them to the suite's pytest hooks.
    """

    def __init__(self, message: str, returncode: int) -> None:
        super().__init__(message)
        self.message = message
        self.returncode = returncode


def infrastructure_error(message: str) -> StopRun:
    return StopRun(f"infrastructure error, not a contract failure: {message}", returncode=INFRASTRUCTURE)


def bad_input(message: str) -> StopRun:
    return StopRun(message, returncode=BAD_INPUT)
