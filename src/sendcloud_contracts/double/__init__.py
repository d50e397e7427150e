"""A faithful stand-in for the Sendcloud Integrations API v2 and v3, served on loopback."""

from __future__ import annotations

from sendcloud_contracts.double.app import DoubleApp
from sendcloud_contracts.double.base import Reply, Request
from sendcloud_contracts.double.server import DoubleServer

__all__ = ["DoubleApp", "DoubleServer", "Reply", "Request"]
