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


def max_examples_from_environment(environ: Mapping[str, str], default: int = DEFAULT_MAX_EXAMPLES) -> int:
    return _count(environ, MAX_EXAMPLES_VARIABLE, default, "generated cases per operation", 1, "1")


MAX_PAGES_VARIABLE = "SENDCLOUD_MAX_PAGES"


def max_pages_from_environment(environ: Mapping[str, str]) -> int:
    """Pages one walk of a paginated list may read by following `next` (the first page included)."""
    least = "2 (a first page and one next)"
    return _count(environ, MAX_PAGES_VARIABLE, DEFAULT_MAX_PAGES, "pages to follow per list", 2, least)


def _count(environ: Mapping[str, str], variable: str, default: int, what: str, least: int, shown: str) -> int:
    """A whole number of at least `least` from `variable`, or `default` when it is unset."""
    raw = environ.get(variable, "").strip()
    if not raw:
        return default
    if not raw.isascii() or not raw.isdigit() or int(raw) < least:
        raise ConfigurationError(
            f"{variable}={raw!r} is not a number of {what}; "
            f"expected a whole number of at least {shown}, e.g. {default} (the default)"
        )
    return int(raw)
