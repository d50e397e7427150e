"""Contract tests for the Sendcloud Integrations API v2 and v3, reads and writes."""

from __future__ import annotations

__version__ = "0.1.0"
