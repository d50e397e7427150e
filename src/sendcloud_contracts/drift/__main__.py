"""`python -m sendcloud_contracts.drift`."""

from __future__ import annotations

from sendcloud_contracts.cli import run_command
from sendcloud_contracts.drift.compare import main

run_command(main, "python -m sendcloud_contracts.drift")
