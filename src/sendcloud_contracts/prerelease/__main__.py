"""`python -m sendcloud_contracts.prerelease`."""

from __future__ import annotations

from sendcloud_contracts.prerelease.runner import main

raise SystemExit(main())
