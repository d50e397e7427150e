"""Wires the suite's pytest plugin into every run from this checkout."""

from __future__ import annotations

import sys

import pytest

PLUGIN = "sendcloud_contracts.pytest_plugin.plugin"
# Imported here, first, to tell a missing package apart; rewritten as pytest would any plugin.
pytest.register_assert_rewrite(PLUGIN)
try:
    import sendcloud_contracts.pytest_plugin.plugin  # noqa: F401
except ImportError as error:
    # A plain `pytest` in a Python without the package (or its pinned libraries) would end in a
    # long ImportError traceback and exit 1, a broken contract's code; this is a setup mistake.
    sys.stderr.write(
        f"ERROR: sendcloud-contracts is not installed in {sys.executable} ({error}): run the suite "
        "with `python3 -m pip install tox && python3 -m tox -e contracts`, or install it into this "
        f"Python with `{sys.executable} -m pip install -e .` from the checkout\n"
    )
    raise SystemExit(4) from None

pytest_plugins = [PLUGIN]
