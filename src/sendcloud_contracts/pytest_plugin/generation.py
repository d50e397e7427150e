"""Keep generated requests a function of the spec, the settings and the pinned libraries only.

Hypothesis biases generation towards literals it finds in the *local* modules loaded in the
process (here: the suite's own source, `conftest.py`, the reference double when a test imports
it). Any edit to the suite's code, or running it in another process, would then generate other
requests than the recorded ones, and a replay would miss them. The suite turns that source off
for the run; Hypothesis' built-in constants, which are pinned with its version, stay.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from hypothesis.internal.conjecture import providers

if TYPE_CHECKING:
    from collections.abc import Callable


def _no_local_constants() -> providers.Constants:
    return providers.Constants()


def ignore_local_constants() -> Callable[[], None]:
    """Stop Hypothesis from drawing on local source literals; returns what undoes it."""
    previous = providers._get_local_constants
    providers._get_local_constants = _no_local_constants
    # Cached choices may already hold local constants from an earlier run in this process.
    providers.CONSTANTS_CACHE.cache.clear()

    def restore() -> None:
        providers._get_local_constants = previous
        providers.CONSTANTS_CACHE.cache.clear()

    return restore
