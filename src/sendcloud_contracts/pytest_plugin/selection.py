"""What a run selected of what it collected, so that a partial run never reads as a whole verdict.

A run narrowed by `-k`, `-m`, `--deselect`, `--lf` or a path below `contracts/` judges part of the
contract only; its reports say so in their first line, with how many of how many tests ran. The
counts come from pytest's own hooks: every deselected test passes through `pytest_deselected`,
and the suite's own deliberate ones (`deselect_on_purpose`: the recorded-interaction walk outside
replay, the page walks of a document without lists, the list comparison without a list) are not
a user's choice: they are counted apart and leave the run whole.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from sendcloud_contracts.defaults import CONTRACTS_DIR
from sendcloud_contracts.wording import plural

if TYPE_CHECKING:
    from collections.abc import Sequence

_ON_PURPOSE = pytest.StashKey[set[str]]()
_DESELECTED = pytest.StashKey[set[str]]()
SELECTION = pytest.StashKey["Selection"]()


@dataclass(frozen=True)
class Selection:
    selected: int
    # Tests the suite has for this document and mode: collected, less those it left out on purpose.
    of: int
    on_purpose: int = 0
    # The options that narrowed the run: `-k EXPR`, `-m EXPR`, `--deselect ID`, `--lf`.
    narrowed_by: tuple[str, ...] = ()
    # The paths it was given, when they are not the whole of contracts/ (a file, a test's node id).
    paths: tuple[str, ...] = ()

    @property
    def partial(self) -> bool:
        return self.selected < self.of or bool(self.paths)

    def counts(self) -> str:
        within = f" in {', '.join(self.paths)}" if self.paths else ""
        return f"{self.selected} of {plural(self.of, 'test')}{within}"

    def describe(self) -> str:
        """One line: how much of the suite ran, and why not all of it."""
        if self.partial:
            how = f", narrowed by {' '.join(self.narrowed_by)}" if self.narrowed_by else ""
            return f"{self.counts()} selected{how}: a partial run, not a verdict on the whole contract"
        text = f"all {plural(self.of, 'test')} selected"
        if self.on_purpose:
            text += f"; {self.on_purpose} left out by the suite for this document and mode (see the header)"
        return text

    def as_json(self) -> dict[str, Any]:
        return {
            "selected": self.selected,
            "of": self.of,
            "partial": self.partial,
            "left_out_on_purpose": self.on_purpose,
            "narrowed_by": list(self.narrowed_by),
            "paths": list(self.paths),
        }


def deselect_on_purpose(
    config: pytest.Config, items: list[pytest.Item], left_out: Sequence[pytest.Item]
) -> None:
    """Leave out tests the suite does not run for this document or mode: not a user's partial run."""
    if not left_out:
        return
    items[:] = [item for item in items if item not in left_out]
    config.stash.setdefault(_ON_PURPOSE, set()).update(item.nodeid for item in left_out)
    config.hook.pytest_deselected(items=list(left_out))


def pytest_deselected(items: Sequence[pytest.Item]) -> None:
    if items:
        items[0].config.stash.setdefault(_DESELECTED, set()).update(item.nodeid for item in items)


@pytest.hookimpl(trylast=True)
def pytest_collection_finish(session: pytest.Session) -> None:
    config = session.config
    deselected = config.stash.get(_DESELECTED, set())
    on_purpose = len(config.stash.get(_ON_PURPOSE, set()) & deselected)
    selected = len(session.items)
    config.stash[SELECTION] = Selection(
        selected=selected,
        of=selected + len(deselected) - on_purpose,
        on_purpose=on_purpose,
        narrowed_by=narrowing_options(config),
        paths=narrowing_paths(config),
    )


def narrowing_options(config: pytest.Config) -> tuple[str, ...]:
    """The options of this run that select part of the suite."""
    narrowed = []
    if config.option.keyword:
        narrowed.append(f"-k {config.option.keyword!r}")
    if config.option.markexpr:
        narrowed.append(f"-m {config.option.markexpr!r}")
    narrowed += [f"--deselect {item}" for item in config.getoption("deselect", None) or ()]
    if config.getoption("lf", False):
        narrowed.append("--lf")
    return tuple(narrowed)


def narrowing_paths(config: pytest.Config) -> tuple[str, ...]:
    """The paths this run was given, unless one of them is the whole of contracts/."""
    contracts = Path(config.rootpath) / CONTRACTS_DIR
    paths = [str(arg) for arg in config.args]
    if any(Path(path.split("::")[0]).resolve() == contracts for path in paths):
        return ()
    return tuple(paths)


def selection_of(config: pytest.Config) -> Selection | None:
    """The run's selection, once its collection finished."""
    return config.stash.get(SELECTION, None)
