"""Replay loads what replay needs: not drift, pre-release, the double, Authlib or the spec validators."""

from __future__ import annotations

import subprocess
import sys

from .conftest import ROOT

NOT_FOR_REPLAY = (
    "authlib",
    "openapi_spec_validator",
    "openapi_schema_validator",
    "jsonschema",
    "sendcloud_contracts.drift",
    "sendcloud_contracts.prerelease",
    "sendcloud_contracts.double",
)
PROBE = "import sys, sendcloud_contracts.pytest_plugin.plugin\nprint('\\n'.join(sorted(sys.modules)))\n"


def test_loading_the_plugin_leaves_out_what_replay_does_not_need() -> None:
    loaded = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=ROOT, capture_output=True, text=True, timeout=120, check=True
    ).stdout.split()
    unneeded = sorted(
        module
        for module in loaded
        if any(module == name or module.startswith(f"{name}.") for name in NOT_FOR_REPLAY)
    )
    assert unneeded == []
