"""`python -m sendcloud_contracts.prerelease`."""

from __future__ import annotations

from sendcloud_contracts.cli import run_command
from sendcloud_contracts.prerelease.command import main

run_command(main, "python -m sendcloud_contracts.prerelease")
