"""Which contract tests reach what a fault bends, for the faults a whole run would pay dearly for.

A fault of the complete documents (the lists, API v3) is reached by one or two of the contract
tests; a run of the whole suite against it costs some three hundred requests. The self-test runs
only the tests named here against each such fault (a pytest `-k` expression), and the whole suite
against every valid variation, where a false alarm may come from anywhere. The benchmark always
runs the whole suite.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sendcloud_contracts.double.catalogue.variant import Variant

# The preflight's answers, each id's own request and its authentication probes.
KNOWN_IDS = "test_existing_integration"
WALKS = "test_following_next_ends"
GENERATED = "test_every_documented_operation"

REACHED_BY: dict[str, str] = {
    "pagination-loop": WALKS,
    "next-on-another-host": WALKS,
    "date-filter-ignored": "test_filters_are_honoured",
    "id-filter-ignored": "test_filters_are_honoured",
    "list-disagrees-with-item": "test_list_agrees_with_each_integration",
    "shipment-date-without-offset": WALKS,
    "list-item-missing-required": "test_list_agrees_with_each_integration",
    "v3-integration-unwrapped": KNOWN_IDS,
    "v3-error-status-as-integer": KNOWN_IDS,
    "v3-errors-in-v2-envelope": KNOWN_IDS,
    "v3-error-without-code": KNOWN_IDS,
    "v3-error-without-detail": KNOWN_IDS,
    "v3-wrong-integration": KNOWN_IDS,
    "v3-mapping-of-another-integration": GENERATED,
    "v3-logs-of-another-integration": WALKS,
    "v3-updated-at-without-offset": KNOWN_IDS,
    "v3-log-date-malformed": WALKS,
    "v3-auth-ignored": KNOWN_IDS,
    "v3-wrong-credentials-accepted": KNOWN_IDS,
    "v3-list-disagrees-with-item": "test_list_agrees_with_each_integration",
    "v3-status-without-translations": GENERATED,
    "v3-id-as-string": KNOWN_IDS,
    "v3-log-without-base-url": WALKS,
    "v3-link-loops": WALKS,
    "v3-link-on-another-host": WALKS,
    "v3-cursor-repeats-an-item": WALKS,
    "v3-page-size-ignored": WALKS,
    "v3-sort-ignored": "test_sort_is_honoured",
    "v3-sort-descending-ignored": "test_sort_is_honoured",
    "v3-type-disagrees-with-v2": "test_versions_agree",
    "v3-list-leaves-out-an-integration": "test_versions_agree",
    "v3-fetched-at-another-instant": "test_versions_agree",
}


def with_reach(entries: tuple[Variant, ...]) -> tuple[Variant, ...]:
    """The entries, each fault named here with the tests that reach it; an entry of the write contract
    names its own (`write_variant.py`)."""
    return tuple(replace(entry, reached_by=REACHED_BY.get(entry.name, entry.reached_by)) for entry in entries)
