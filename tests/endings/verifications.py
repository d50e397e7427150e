"""Pre-release: every profile's live run in one verification, or one profile as a CI job and the
jobs' folders merged into the one table (`--profile`, `--merge`).

The verification's own folder (table, page, run.json) states the most telling ending of its runs,
or its own interruption; each profile's folder is that run's. Profiles of one account run one after
the other, which puts a second profile exactly where a signal leaves it never started.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from ..conftest import ROOT, SEED_SPEC, TEST_SEED_OPTION
from . import processes
from . import ways as w
from .entries import PYTHON, Entry, Launch
from .folders import Expect, plant
from .wrappers import ALIKE, CHILD_MOMENTS, CRASH_ONCE, ONE_STOP, OWN_SIGNALS, left

if TYPE_CHECKING:
    from collections.abc import Mapping

    from .processes import Finished
    from .workspace import Workspace

PROFILES = ("first", "second")


def profiles_toml(base_url: str, names: tuple[str, ...], extra: str = "") -> str:
    """Profiles of one account (its keys in `SENDCLOUD_SHOP_*`): run one after the other, in order."""
    return "".join(
        f'[profiles.{name}]\nbase_url = "{base_url}"\npublic_key_env = "SENDCLOUD_SHOP_PUBLIC_KEY"\n'
        f'secret_key_env = "SENDCLOUD_SHOP_SECRET_KEY"\nintegration_ids = [5, 123, 4711, 90210]\n'
        f'versions = ["v2"]\n{extra if index == 0 else ""}'
        for index, name in enumerate(names)
    )


class Prerelease(Entry):
    name = "prerelease"
    ways = (w.REFUSED, w.NOT_OPENAPI, *OWN_SIGNALS, w.CRASH)
    left_out: ClassVar[Mapping[w.Way, str]] = {
        **left(
            (w.PASS, w.FAIL), "test_endings.py's pre-release scenario: a failing profile beside a passing one"
        ),
        **left((w.SWAGGER, w.BROKEN_REF, w.EMPTY), ONE_STOP),
        **CHILD_MOMENTS,
        **CRASH_ONCE,
        **ALIKE,
    }

    def profiles(self, ws: Workspace) -> tuple[str, ...]:
        # A second profile where it is the point: interrupted in the first, it is never started.
        return PROFILES if ws.way.sent else PROFILES[:1]

    def prepare(self, ws: Workspace) -> None:
        assert ws.double is not None
        (ws.tmp / "profiles.toml").write_text(profiles_toml(ws.double.base_url, self.profiles(ws)))
        reports = ws.tmp / "prerelease"
        plant(Expect("prerelease", reports, "pass", 0))
        for name in PROFILES:
            plant(self.contract(reports / name, ws))
        # The earlier verification ran both profiles: none of theirs may stand for this one.
        earlier = reports / "run.json"
        earlier.write_text(earlier.read_text().replace("}", ', "profiles": ["first", "second"]}'))

    def launch(self, ws: Workspace) -> Launch:
        return _command(ws, "--reports", str(ws.tmp / "prerelease"))

    def expects(self, ws: Workspace) -> list[Expect]:
        way, reports = ws.way, ws.tmp / "prerelease"
        if way is w.REFUSED:
            return [Expect("prerelease", reports, "stopped", 4, way.reason)]
        top = Expect("prerelease", reports, way.ending, way.exit_code, "")
        if way.sent is None:
            return [top, self.contract(reports / "first", ws)]
        signal = way.sent.number.name
        return [
            Expect("prerelease", reports, way.ending, way.exit_code, f"interrupted by {signal}"),
            self.contract(reports / "first", ws),
            self.contract(reports / "second", ws, f"not run: the verification was interrupted by {signal}"),
        ]

    def check_more(self, ws: Workspace, finished: Finished) -> None:
        # The earlier verification's folders of profiles this one did not run are gone.
        folders = (ws.tmp / "prerelease").iterdir()
        left = sorted(path.name for path in folders if path.is_dir() and path.name != "history")
        assert left == [name for name in self.profiles(ws) if ws.way is not w.REFUSED], left


class Merged(Entry):
    """`--profile first` as one CI job, ended as the way says; then `--merge` of the job's folder."""

    name = "prerelease --profile, --merge"
    ways = (w.PASS, w.REFUSED, w.SIGINT_MID_RUN)
    left_out: ClassVar[Mapping[w.Way, str]] = {
        **left(
            (w.FAIL, *w.BAD_DOCUMENTS, w.SIGTERM, w.CRASH),
            "a job ends as prerelease's run of its profile does; the merge reads its run.json",
        ),
        **CHILD_MOMENTS,
        **CRASH_ONCE,
        **ALIKE,
    }

    def prepare(self, ws: Workspace) -> None:
        assert ws.double is not None
        (ws.tmp / "profiles.toml").write_text(profiles_toml(ws.double.base_url, PROFILES[:1]))
        plant(Expect("prerelease", ws.tmp / "prerelease", "pass", 0))
        plant(Expect("contract", ws.tmp / "prerelease" / "first", "pass", 0))
        if ws.way is w.REFUSED:
            return
        # The CI job, ended as the way says, before the merge that reads what it left.
        job = _command(ws, "--profile", "first", "--reports", str(ws.tmp / "job"))
        reached = lambda process: processes.wait_for(ws.marker, process)  # noqa: E731
        ended = processes.run(job.command, cwd=job.cwd, env=job.env, reached=reached, sent=ws.way.sent)
        assert ended.code == ws.way.exit_code, f"{ended.out}\n{ended.err}"

    def launch(self, ws: Workspace) -> Launch:
        merge = _command(ws, "--merge", str(ws.tmp / "job"), "--reports", str(ws.tmp / "prerelease"))
        return Launch(merge.command, merge.cwd, merge.env, signalled=False)

    def expects(self, ws: Workspace) -> list[Expect]:
        way, reports = ws.way, ws.tmp / "prerelease"
        if way is w.REFUSED:
            return [Expect("prerelease", reports, "stopped", 4, way.reason)]
        # The job's own verification, then the merged one and the run it copied beside its table.
        signal = f"interrupted by {way.sent.number.name}" if way.sent else ""
        return [
            Expect("prerelease", ws.tmp / "job", way.ending, way.exit_code, signal),
            Expect("prerelease", reports, way.ending, way.exit_code),
            self.contract(reports / "first", ws),
        ]


def _command(ws: Workspace, *options: str) -> Launch:
    assert ws.double is not None
    command = [PYTHON, "-m", "sendcloud_contracts.prerelease", str(ws.tmp / "profiles.toml"), *options]
    keys = {
        "SENDCLOUD_SHOP_PUBLIC_KEY": ws.double.app.public_key,
        "SENDCLOUD_SHOP_SECRET_KEY": ws.double.app.secret_key,
    }
    document = ws.write_document() or SEED_SPEC
    env = ws.environment([TEST_SEED_OPTION, f"--contract-spec={document}"], **keys)
    return Launch([*command, "--root", str(ROOT), *ws.way.arguments], ROOT, env)
