"""Wires the suite's pytest plugin into every run from this checkout."""

from __future__ import annotations

pytest_plugins = ["sendcloud_contracts.pytest_plugin.plugin"]
