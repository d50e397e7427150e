"""A faithful stand-in for `GET /integrations/{id}`, served on loopback."""

from __future__ import annotations

from sendcloud_contracts.double.app import DoubleApp, Reply, Request
from sendcloud_contracts.double.server import DoubleServer

__all__ = ["DoubleApp", "DoubleServer", "Reply", "Request"]
