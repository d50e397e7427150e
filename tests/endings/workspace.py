"""Where one case runs: its scratch folder, the double it talks to, its document, and the
environment every process it starts gets."""

from __future__ import annotations

import contextlib
import os
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from sendcloud_contracts.double.__main__ import target_environment
from sendcloud_contracts.pytest_plugin.guards import REQUIRED_PLUGINS

from ..conftest import ROOT
from . import hooks
from .ways import MID_RUN_TEST

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    from sendcloud_contracts.double import DoubleServer

    from .ways import Way

# What a checkout needs for the suite to run from it (`versions`, tox), without its reports.
CHECKOUT = (
    "contracts",
    "spec",
    "cassettes",
    "cassettes-v3",
    "conftest.py",
    "pyproject.toml",
    "deviations.toml",
    "toxfile.py",
)
HOOKS = ("-p", hooks.__name__)
SITE = Path(__file__).parent / "site"
PLUGINS = (*(option for plugin in REQUIRED_PLUGINS for option in ("-p", plugin)), *HOOKS)
# One generated case per operation and no pause between requests: the endings, not the API, are tested.
FAST = {"SENDCLOUD_MAX_EXAMPLES": "1", "SENDCLOUD_RATE_LIMIT": "1000/s"}


@dataclass
class Workspace:
    tmp: Path
    way: Way
    double: DoubleServer | None = None
    document: Path | None = None
    checkout: Path = ROOT
    # What the case's own helpers (a source server, a FIFO) need undone, whatever the test found.
    cleanups: contextlib.ExitStack = field(default_factory=contextlib.ExitStack)

    @property
    def marker(self) -> Path:
        return self.tmp / "moment"

    def copy_checkout(self) -> Path:
        self.checkout = self.tmp / "checkout"
        for name in CHECKOUT:
            source = ROOT / name
            if source.is_dir():
                shutil.copytree(source, self.checkout / name)
            else:
                shutil.copy2(source, self.checkout / name)
        return self.checkout

    def target(self) -> dict[str, str]:
        return target_environment(self.double) if self.double is not None else {}

    def moment(self) -> dict[str, str]:
        """What tells `hooks.py` in every pytest of the case where to stop or break."""
        way = self.way
        if way.moment is None:
            return {}
        found = {hooks.AT: way.moment, hooks.MARKER: str(self.marker), hooks.TEST: MID_RUN_TEST}
        return {**found, hooks.RAISE: "1"} if way.crash else found

    def environment(self, addopts: Sequence[str] = (), **extra: str) -> dict[str, str]:
        """The environment of a process the case starts: the suite's plugins by name, this project's
        `tests` importable from a copied checkout, the double as the target."""
        inherited: Mapping[str, str] = os.environ
        env = {
            name: value
            for name, value in inherited.items()
            if not name.startswith(("SENDCLOUD_", "PYTEST_ADDOPTS", "ENDINGS_"))
        }
        # This project's `tests` importable from a copied checkout, and `site/sitecustomize.py` loaded.
        path = [str(ROOT), str(SITE), *filter(None, [env.get("PYTHONPATH")])]
        env.update(
            PYTHONPATH=os.pathsep.join(path),
            PYTEST_DISABLE_PLUGIN_AUTOLOAD="1",
            PYTEST_ADDOPTS=" ".join([*PLUGINS, *addopts]),
            **FAST,
            **self.target(),
            **self.moment(),
            **extra,
        )
        return env

    def write_document(self) -> Path | None:
        if self.way.document is None:
            return None
        self.document = self.tmp / "given.yaml"
        self.document.write_text(self.way.document, encoding="utf-8")
        return self.document


def without_system(text: str) -> str:
    """A recording, or a document's example, with every integration's `system` left out."""
    return re.sub(r'\\"system\\":\\"[^"\\]*\\",', "", text)
