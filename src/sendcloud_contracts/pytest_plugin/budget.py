"""How many requests a run may send: generated cases per operation, from `SENDCLOUD_MAX_EXAMPLES`.

The default keeps a live run of the complete document under 300 requests and under a minute at
the default rate limit (10/s): 25 generated cases for each of the five safe operations, plus
schemathesis' coverage cases, the probes of undocumented methods, the authentication probes, the
preflight and one test per known id. A recording keeps the number it was made with
(`recording.json`) and replay uses that one, so a replay sends exactly the recorded requests.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sendcloud_contracts.defaults import DEFAULT_MAX_EXAMPLES, DEFAULT_MAX_PAGES
from sendcloud_contracts.errors import ConfigurationError

if TYPE_CHECKING:
    from collections.abc import Mapping

MAX_EXAMPLES_VARIABLE = "SENDCLOUD_MAX_EXAMPLES"
__all__ = [
    "DEFAULT_MAX_EXAMPLES",
    "DEFAULT_MAX_PAGES",
    "MAX_EXAMPLES_VARIABLE",
    "max_examples_from_environment",
]


def max_examples_from_environment(environ: Mapping[str, str]) -> int:
    raw = environ.get(MAX_EXAMPLES_VARIABLE, "").strip()
    if not raw:
        return DEFAULT_MAX_EXAMPLES
    if not raw.isascii() or not raw.isdigit() or int(raw) < 1:
        raise ConfigurationError(
            f"{MAX_EXAMPLES_VARIABLE}={raw!r} is not a number of generated cases per operation; "
            f"expected a whole number of at least 1, e.g. {DEFAULT_MAX_EXAMPLES} (the default)"
        )
    return int(raw)


MAX_PAGES_VARIABLE = "SENDCLOUD_MAX_PAGES"


def max_pages_from_environment(environ: Mapping[str, str]) -> int:
    """Pages one walk of a paginated list may read by following `next` (the first page included)."""
    raw = environ.get(MAX_PAGES_VARIABLE, "").strip()
    if not raw:
        return DEFAULT_MAX_PAGES
    if not raw.isascii() or not raw.isdigit() or int(raw) < 2:
        raise ConfigurationError(
            f"{MAX_PAGES_VARIABLE}={raw!r} is not a number of pages to follow per list; "
            "expected a whole number of at least 2 (a first page and one next), "
            f"e.g. {DEFAULT_MAX_PAGES} (the default)"
        )
    return int(raw)
