"""The entry points of the suite, each as the command a user or CI types, and the folders it owns.

An entry point names the ways it is run with (`ways`) and, for every other way, why not
(`left_out`): together they name every way there is, which a test checks. A new entry point (a write
mode) is one more `Entry` here and one more line in `ENTRIES`.
"""

from __future__ import annotations

import shutil
import sys
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from ..conftest import COMPLETE_SPEC, CONTRACTS, ROOT, SEED_SPEC, TEST_SEED_OPTION
from . import hooks
from . import ways as w
from .folders import Expect, plant
from .workspace import HOOKS, without_system

if TYPE_CHECKING:
    import subprocess
    from collections.abc import Callable, Mapping
    from pathlib import Path

    from .processes import Finished
    from .workspace import Workspace

PYTHON = sys.executable
SEED_RECORDINGS = ROOT / "cassettes-seed"
# Endings a wrapper only passes on from the run under it, each tested where that run is direct.
PASSED_THROUGH = "the command's own ending, passed through unchanged; tested on the run itself"


@dataclass(frozen=True)
class Launch:
    command: list[str]
    cwd: Path
    env: dict[str, str]
    # pytest itself without a signal: these arguments to `run_suite`, in the test's own process.
    in_process: tuple[str, ...] | None = None
    cassettes: Path | None = None
    # Returns once the command reached the moment to signal it at; `hooks.py`'s marker by default.
    reached: Callable[[subprocess.Popen[str]], int] | None = None
    # Whether the way's signal is this command's; a command that reads what another left is not.
    signalled: bool = True


class Entry:
    name: ClassVar[str]
    ways: ClassVar[tuple[w.Way, ...]]
    left_out: ClassVar[Mapping[w.Way, str]]
    # Whether the test serves the double for it (the double's own command starts its own).
    serves_double: ClassVar[bool] = True

    def prepare(self, ws: Workspace) -> None:
        """Before the run: the earlier verdicts it must replace, and what else it needs."""
        for expect in self.expects(ws):
            plant(expect)

    def launch(self, ws: Workspace) -> Launch:
        raise NotImplementedError

    def expects(self, ws: Workspace) -> list[Expect]:
        raise NotImplementedError

    def check_more(self, ws: Workspace, finished: Finished) -> None:
        """What is this entry point's own to check, beyond its reports."""

    def contract(self, folder: Path, ws: Workspace, reason: str | None = None) -> Expect:
        way = ws.way
        return Expect("contract", folder, way.ending, way.exit_code, way.reason if reason is None else reason)

    def __str__(self) -> str:
        return self.name


class Suite(Entry):
    """`pytest contracts` in one of its modes, reporting into `--report-dir`."""

    mode: ClassVar[tuple[str, ...]]

    def cassettes(self, ws: Workspace) -> Path:
        return ws.tmp / "cassettes"

    def launch(self, ws: Workspace) -> Launch:
        way = ws.way
        document = ws.write_document()
        arguments = [*self.mode, *way.arguments, *([f"--contract-spec={document}"] if document else [])]
        if "--disable-recording" in self.mode:
            arguments.append(TEST_SEED_OPTION)
        cassettes = self.cassettes(ws)
        # What `run_suite` (tests/conftest.py) gives a run in process, for a run of its own.
        command = [
            PYTHON,
            "-m",
            "pytest",
            str(CONTRACTS),
            f"--rootdir={ROOT}",
            f"--cassette-dir={cassettes}",
            f"--report-dir={ws.tmp / 'reports'}",
            f"--contract-spec={SEED_SPEC}",
            "-p",
            "no:cacheprovider",
            "-q",
            *arguments,
        ]
        # `run_suite` loads the suite's plugins itself; the hooks are this test's.
        in_process = None if way.sent else (*arguments, *HOOKS)
        return Launch(command, ROOT, ws.environment(), in_process, cassettes)

    def expects(self, ws: Workspace) -> list[Expect]:
        return [self.contract(ws.tmp / "reports", ws)]

    def check_more(self, ws: Workspace, finished: Finished) -> None:
        if ws.document is not None:
            one_line(finished, str(ws.document), ws.way.reason)


def one_line(finished: Finished, *fragments: str) -> None:
    """A setup mistake is said in one line, naming the file and what is wrong with it."""
    lines = [
        line for line in f"{finished.out}\n{finished.err}".splitlines() if all(f in line for f in fragments)
    ]
    assert len(lines) == 1, f"{fragments} in {len(lines)} lines:\n{finished.out}\n{finished.err}"
    assert "Traceback" not in finished.err


# Every moment is the same code (`pytest_plugin/endings.py`) in every mode: live has them all, the
# other modes the one where their own code acts on an interruption.
EVERY_MOMENT_IN_LIVE = "the moment is mode-independent (pytest_plugin/endings.py); live has every moment"
ONE_BAD_DOCUMENT = "each kind of bad document stops in spec.py before the mode matters; live has all four"


class Live(Suite):
    name = "live"
    mode = ("--disable-recording",)
    ways = (
        w.PASS,
        w.FAIL,
        w.REFUSED,
        *w.BAD_DOCUMENTS,
        w.SIGINT_BEFORE_TESTS,
        w.SIGINT_MID_RUN,
        w.SIGINT_IN_TEARDOWN,
        w.SIGINT_AS_IT_FINISHES,
        w.SIGTERM,
        w.CRASH,
        w.CRASH_BEFORE_TESTS,
    )
    left_out: ClassVar[Mapping[w.Way, str]] = {
        w.SIGINT_TO_THE_COMMAND: "pytest is the command itself: its group is itself",
    }


class Writes(Suite):
    """The write contract (`tox -e writes`): on integration 123 of the double, restored at its end."""

    name = "writes"
    mode = ("--disable-recording", "--writes", f"--contract-spec={COMPLETE_SPEC}")
    ways = (w.REFUSED, w.WRITES_SIGINT, w.WRITES_SIGTERM)
    left_out: ClassVar[Mapping[w.Way, str]] = {
        **dict.fromkeys((w.PASS, w.FAIL), "whole write runs, passing and failing, are tests/writes/'s"),
        **dict.fromkeys(w.BAD_DOCUMENTS, ONE_BAD_DOCUMENT),
        **dict.fromkeys(
            (
                w.SIGINT_BEFORE_TESTS,
                w.SIGINT_IN_TEARDOWN,
                w.SIGINT_AS_IT_FINISHES,
                w.SIGINT_TO_THE_COMMAND,
            ),
            "the moments are live's; a write run is cut short in its own test",
        ),
        **dict.fromkeys((w.CRASH, w.CRASH_BEFORE_TESTS), "a crash is the same ending wherever it happens"),
    }

    def launch(self, ws: Workspace) -> Launch:
        launched = super().launch(ws)
        launched.env.update({"SENDCLOUD_WRITE_INTEGRATION_ID": "123", hooks.TEST: w.WRITES_TEST})
        return launched

    def expects(self, ws: Workspace) -> list[Expect]:
        return [self.contract(ws.tmp / "reports", ws)]

    def check_more(self, ws: Workspace, finished: Finished) -> None:
        super().check_more(ws, finished)
        journal = ws.tmp / "reports" / "journal.jsonl"
        if ws.way.sent is not None:
            # Cut short after its snapshot: the run restored the account as it ended.
            assert '"kind": "restored", "differences": []' in journal.read_text(encoding="utf-8")


class Replay(Suite):
    name = "replay"
    mode = ()
    serves_double = False
    ways = (w.PASS, w.FAIL, w.REFUSED, w.NOT_OPENAPI, w.SIGINT_MID_RUN, w.CRASH)
    left_out: ClassVar[Mapping[w.Way, str]] = {
        **dict.fromkeys((w.SWAGGER, w.BROKEN_REF, w.EMPTY), ONE_BAD_DOCUMENT),
        **dict.fromkeys(
            (w.SIGINT_BEFORE_TESTS, w.SIGINT_IN_TEARDOWN, w.SIGINT_AS_IT_FINISHES, w.SIGTERM),
            EVERY_MOMENT_IN_LIVE,
        ),
        w.SIGINT_TO_THE_COMMAND: "pytest is the command itself: its group is itself",
        w.CRASH_BEFORE_TESTS: "a crash is the same ending wherever it happens; live has both",
    }

    def cassettes(self, ws: Workspace) -> Path:
        if ws.way.fault is None:
            return SEED_RECORDINGS
        # The seed's recordings with `system` left out: a replay that fails, as `missing-system` does live.
        broken = ws.tmp / "recordings"
        shutil.copytree(SEED_RECORDINGS, broken, dirs_exist_ok=True)
        for cassette in broken.glob("*.yaml"):
            cassette.write_text(without_system(cassette.read_text(encoding="utf-8")), encoding="utf-8")
        return broken


class Record(Suite):
    name = "record"
    mode = ("--record-mode=rewrite",)
    ways = (w.PASS, w.FAIL, w.REFUSED, w.BROKEN_REF, w.SIGINT_MID_RUN, w.SIGINT_AS_IT_FINISHES, w.CRASH)
    left_out: ClassVar[Mapping[w.Way, str]] = {
        **dict.fromkeys((w.NOT_OPENAPI, w.SWAGGER, w.EMPTY), ONE_BAD_DOCUMENT),
        **dict.fromkeys((w.SIGINT_BEFORE_TESTS, w.SIGINT_IN_TEARDOWN, w.SIGTERM), EVERY_MOMENT_IN_LIVE),
        w.SIGINT_TO_THE_COMMAND: "pytest is the command itself: its group is itself",
        w.CRASH_BEFORE_TESTS: "a crash is the same ending wherever it happens; live has both",
    }

    def prepare(self, ws: Workspace) -> None:
        super().prepare(ws)
        # The recordings a run replaces only once it finished: a cut-short one leaves them as they were.
        shutil.copytree(SEED_RECORDINGS, self.cassettes(ws))

    def check_more(self, ws: Workspace, finished: Finished) -> None:
        super().check_more(ws, finished)
        kept = (self.cassettes(ws) / "recording.json").read_text(encoding="utf-8")
        published = ws.double is not None and ws.double.base_url in kept
        assert published is ws.way.finished, "a recording is published whole, by a run that finished"
        assert not list(ws.tmp.glob(".*recording-*")), "a staging folder was left behind"
