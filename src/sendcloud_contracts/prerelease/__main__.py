"""`python -m sendcloud_contracts.prerelease`."""

from __future__ import annotations

from sendcloud_contracts.prerelease.command import main

raise SystemExit(main())
