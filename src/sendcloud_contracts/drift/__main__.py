"""`python -m sendcloud_contracts.drift`."""

from __future__ import annotations

from sendcloud_contracts.drift.compare import main

raise SystemExit(main())
