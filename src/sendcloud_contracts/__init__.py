"""Contract tests for the Sendcloud API v2 endpoint ``GET /integrations/{id}``."""

from __future__ import annotations

__version__ = "0.1.0"
