"""The commands that run the suite as a child: the double's `-- COMMAND`, tox, `versions` (what
`tox -e contracts` runs), drift and pre-release.

What a wrapper adds to the suite's endings is its own: a signal to the whole group (a terminal's
Ctrl-C) or to the wrapper alone (passed on once, the child waited for), the runs it never started,
and the folders it writes itself. Endings it only passes on are tested on the suite directly.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, ClassVar

from ..conftest import ROOT, SEED_SPEC, TEST_SEED_OPTION
from . import ways as w
from .entries import PASSED_THROUGH, PYTHON, SEED_RECORDINGS, Entry, Launch
from .folders import Expect

if TYPE_CHECKING:
    from collections.abc import Mapping

    from .workspace import Workspace

OWN_SIGNALS = (w.SIGINT_MID_RUN, w.SIGTERM)
# `children.py` and `toxfile.py` take SIGINT and SIGTERM alike: the signal to the command alone is
# SIGTERM's (a CI job's time-out) everywhere, and SIGINT's too where the double's command has it.
ALIKE = {w.SIGINT_TO_THE_COMMAND: "SIGINT to the command alone is handled as SIGTERM is (children.py)"}
# Where a signal lands in the child does not change what the wrapper does with it.
CHILDS_MOMENTS = "where the signal lands in the child is the child's own matter; tested on the suite"
ONE_STOP = "a stopped child is one ending to the wrapper, whatever stopped it; the refused option has it"
CHILD_MOMENTS = dict.fromkeys(
    (w.SIGINT_BEFORE_TESTS, w.SIGINT_IN_TEARDOWN, w.SIGINT_AS_IT_FINISHES), CHILDS_MOMENTS
)
CRASH_ONCE = {w.CRASH_BEFORE_TESTS: "a crash is the same ending wherever it happens in the child"}


def left(ways: tuple[w.Way, ...], why: str) -> dict[w.Way, str]:
    return dict.fromkeys(ways, why)


class Double(Entry):
    name = "double -- pytest"
    serves_double = False
    ways = (*OWN_SIGNALS, w.SIGINT_TO_THE_COMMAND)
    left_out: ClassVar[Mapping[w.Way, str]] = {
        **left((w.PASS, w.FAIL, w.REFUSED, *w.BAD_DOCUMENTS, w.CRASH), PASSED_THROUGH),
        **CHILD_MOMENTS,
        **CRASH_ONCE,
    }

    def launch(self, ws: Workspace) -> Launch:
        way = ws.way
        fault = ["--fault", way.fault] if way.fault else []
        suite = ["pytest", "contracts", "--disable-recording", f"--contract-spec={SEED_SPEC}"]
        suite += [f"--report-dir={ws.tmp / 'reports'}", "-p", "no:cacheprovider", "-q", *way.arguments]
        command = [PYTHON, "-m", "sendcloud_contracts.double", "--port", "0", *fault, "--", *suite]
        return Launch(command, ROOT, ws.environment([TEST_SEED_OPTION]))

    def expects(self, ws: Workspace) -> list[Expect]:
        return [self.contract(ws.tmp / "reports", ws)]


# tox's own handling of a signal (`toxfile.py`) around one command: `tox -e live`'s, run by this
# project's interpreter instead of an environment tox would install (a cheap, faithful stand-in).
TOX_INI = """[tox]
requires = tox>=4.20

[testenv:live]
package = skip
pass_env = *
allowlist_externals = *
commands = {env:SUITE_PYTHON} -m pytest contracts --disable-recording {posargs}
"""
# The interpreter this project's environments were made from, which has tox.
TOX_PYTHON = getattr(sys, "_base_executable", sys.executable)


class Tox(Entry):
    name = "tox -e live"
    ways = OWN_SIGNALS
    left_out: ClassVar[Mapping[w.Way, str]] = {
        **left((w.PASS, w.FAIL, w.REFUSED, *w.BAD_DOCUMENTS, w.CRASH), PASSED_THROUGH),
        **CHILD_MOMENTS,
        **CRASH_ONCE,
        w.SIGINT_TO_THE_COMMAND: "toxfile.py passes SIGINT on as it passes SIGTERM on",
    }

    def prepare(self, ws: Workspace) -> None:
        (ws.copy_checkout() / "tox.ini").write_text(TOX_INI, encoding="utf-8")
        super().prepare(ws)

    def launch(self, ws: Workspace) -> Launch:
        posargs = ["--", f"--contract-spec={SEED_SPEC.relative_to(ROOT)}", "-q", *ws.way.arguments]
        command = [TOX_PYTHON, "-m", "tox", "-e", "live", *posargs]
        return Launch(command, ws.checkout, ws.environment([TEST_SEED_OPTION], SUITE_PYTHON=PYTHON))

    def expects(self, ws: Workspace) -> list[Expect]:
        return [self.contract(ws.checkout / "reports" / "live", ws)]


class Versions(Entry):
    name = "versions"
    serves_double = False
    ways = OWN_SIGNALS
    left_out: ClassVar[Mapping[w.Way, str]] = {
        # Each run of a version ends as replay's does; how their codes make one is tests/test_versions.py's.
        **left(
            (w.PASS, w.FAIL, w.REFUSED, w.CRASH),
            "each run is replay's; their one exit code is test_versions.py's",
        ),
        **left(w.BAD_DOCUMENTS, "given --contract-spec, it runs that document alone, as replay does"),
        **CHILD_MOMENTS,
        **CRASH_ONCE,
        **ALIKE,
    }

    def prepare(self, ws: Workspace) -> None:
        ws.copy_checkout()
        super().prepare(ws)

    def launch(self, ws: Workspace) -> Launch:
        # Both versions' complete documents, one test each kept: the runs the command makes, quickly.
        selection = ["-k", "test_existing_integration", "-q"]
        command = [PYTHON, "-m", "sendcloud_contracts.versions", *selection, *ws.way.arguments]
        return Launch(command, ws.checkout, ws.environment())

    def expects(self, ws: Workspace) -> list[Expect]:
        folders, sent = ws.checkout / "reports", ws.way.sent
        assert sent is not None, "a signal is the only way of this command's own"
        # Interrupted during API v2's run, the command starts no other: v3's folder says it never ran.
        v3 = self.contract(folders / "replay-v3", ws, f"not run: interrupted by {sent.number.name}")
        return [self.contract(folders / "replay", ws), v3]


class Drift(Entry):
    name = "drift"
    ways = (w.FAIL, w.REFUSED, *OWN_SIGNALS)
    left_out: ClassVar[Mapping[w.Way, str]] = {
        w.PASS: "a recording that passed is compared and written as FAIL's is; no drift is tests/drift's",
        w.CRASH: "drift reads a crashed recording's run.json as it reads the refused one's (REFUSED has it)",
        **left(w.BAD_DOCUMENTS, ONE_STOP),
        **CHILD_MOMENTS,
        **CRASH_ONCE,
        **ALIKE,
    }

    def launch(self, ws: Workspace) -> Launch:
        reports = ws.tmp / "drift"
        command = [PYTHON, "-m", "sendcloud_contracts.drift.record", "--spec", str(SEED_SPEC)]
        command += ["--cassettes", str(SEED_RECORDINGS), "--reports", str(reports), "--root", str(ROOT)]
        return Launch([*command, "-q", *ws.way.arguments], ROOT, ws.environment())

    def expects(self, ws: Workspace) -> list[Expect]:
        way, reports = ws.way, ws.tmp / "drift"
        # Drift's own reason is the recording's, said from drift's side.
        reason = "while recording" if way.sent else way.reason
        return [
            Expect("drift", reports, way.ending, way.exit_code, reason),
            self.contract(reports / "recording", ws),
        ]
