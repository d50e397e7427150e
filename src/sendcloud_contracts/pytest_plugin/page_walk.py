"""Which paginated lists a run walks to their end, how far it may follow `next`, and what it says.

Every paginated `GET` (`x-sendcloud-paginated`) is walked once per known integration id (once
if its path has no `{id}`), up to `SENDCLOUD_MAX_PAGES` pages. Filters are checked on the first
known id only: whether the API honours a filter does not depend on the integration, and the
request budget is small. A document without paginated lists (the one-operation seed) deselects
the walks, and the run header says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urlencode

import pytest

from sendcloud_contracts.pytest_plugin.budget import MAX_PAGES_VARIABLE
from sendcloud_contracts.pytest_plugin.selection import deselect_on_purpose
from sendcloud_contracts.rules.page_walk import DATE_FILTERS, ID_FILTER_SUFFIX

if TYPE_CHECKING:
    from collections.abc import Mapping

    from sendcloud_contracts.pytest_plugin.suite import SuiteState
    from sendcloud_contracts.spec import Spec

WALK_FIXTURE = "paginated_list"
FILTER_FIXTURE = "filtered_list"
WALK_TEST_MODULE = "contracts/test_lists.py"
NOTES = pytest.StashKey[list[str]]()
# Items per page a walk asks for where the list documents a page size: small, so that even a short
# list spans pages and the links between them are followed.
WALK_PAGE_SIZE = 2


@dataclass(frozen=True)
class PaginatedList:
    """One list to walk: a paginated operation, for one integration when its path names one."""

    operation_path: str
    integration_id: int | None
    max_pages: int
    # The operation's documented query parameters, by name.
    parameters: tuple[str, ...] = ()
    # The query parameter sizing a page, and the size a walk asks for, where the list documents one.
    page_size_parameter: str | None = None
    page_size: int | None = None

    def url(self, base_url: str, query: Mapping[str, str | list[str]] | None = None) -> str:
        """The first page's URL, with the page size a walk asks for and `query` (a filter)."""
        path = self.operation_path
        if self.integration_id is not None:
            path = path.replace("{id}", str(self.integration_id))
        sized = {self.page_size_parameter: str(self.page_size)} if self.page_size_parameter else {}
        parameters = {**sized, **(query or {})}
        return base_url.rstrip("/") + path + (f"?{urlencode(parameters, doseq=True)}" if parameters else "")

    @property
    def path_parameters(self) -> dict[str, int]:
        return {} if self.integration_id is None else {"id": self.integration_id}

    @property
    def label(self) -> str:
        return f"GET {self.operation_path}"

    @property
    def test_id(self) -> str:
        # Slashes would make the test's cassette a nested path.
        path = self.operation_path
        if self.integration_id is not None:
            path = path.replace("{id}", str(self.integration_id))
        return path.strip("/").replace("/", "-")


def paginated_operations(spec: Spec) -> dict[str, tuple[str, ...]]:
    """Each paginated `GET` path with the names of its query parameters."""
    found = {}
    for path, item in spec.document.get("paths", {}).items():
        if not spec.is_paginated(path, "get"):
            continue
        parameters = [*item.get("parameters", []), *item["get"].get("parameters", [])]
        resolved = (spec.resolve(parameter) for parameter in parameters)
        found[str(path)] = tuple(str(p["name"]) for p in resolved if p.get("in") == "query")
    return found


def lists_to_walk(spec: Spec, ids: tuple[int, ...], max_pages: int) -> list[PaginatedList]:
    lists = []
    sizing = spec.dialect.paging.page_size_parameter
    for path, parameters in paginated_operations(spec).items():
        owners: tuple[int | None, ...] = ids if "{id}" in path else (None,)
        sized = sizing if sizing in parameters else None
        size = WALK_PAGE_SIZE if sized else None
        lists += [PaginatedList(path, owner, max_pages, parameters, sized, size) for owner in owners]
    return lists


def has_filters(parameters: tuple[str, ...]) -> bool:
    return all(name in parameters for name in DATE_FILTERS) or any(
        name.endswith(ID_FILTER_SUFFIX) for name in parameters
    )


def lists_to_filter(spec: Spec, ids: tuple[int, ...], max_pages: int) -> list[PaginatedList]:
    """The lists with filters, each for the first known id only (or once, without `{id}`)."""
    chosen = []
    for path, parameters in paginated_operations(spec).items():
        if not has_filters(parameters) or ("{id}" in path and not ids):
            continue
        chosen.append(PaginatedList(path, ids[0] if "{id}" in path else None, max_pages, parameters))
    return chosen


def header(spec: Spec, max_pages: int) -> list[str]:
    """The run header's line about the walks: how far they go, or that this document has none."""
    if not paginated_operations(spec):
        return [
            f"sendcloud-contracts: no paginated list ({spec.dialect.paging.mark}) in this document: "
            f"the page walks and filter checks of {WALK_TEST_MODULE} are deselected"
        ]
    filters = any(has_filters(parameters) for parameters in paginated_operations(spec).values())
    return [
        f"sendcloud-contracts: paginated lists are followed up to {max_pages} pages each "
        f"({MAX_PAGES_VARIABLE}); "
        + ("filters are checked on the first known integration" if filters else "no list documents a filter")
    ]


def note(config: pytest.Config, line: str) -> None:
    """Something a walk wants the reader to know that is no failure (it stopped at the bound)."""
    config.stash.setdefault(NOTES, []).append(line)


class PageWalks:
    """Registered by the suite's plugin: parametrizes the walks, deselects them where none apply."""

    def __init__(self, state: SuiteState) -> None:
        self.state = state

    def _lists(self, fixture: str) -> list[PaginatedList]:
        if not self.state.resolve():
            return []
        state = self.state
        build = lists_to_walk if fixture == WALK_FIXTURE else lists_to_filter
        return build(state.spec, state.target.integration_ids, state.max_pages)

    def pytest_generate_tests(self, metafunc: pytest.Metafunc) -> None:
        for fixture in (WALK_FIXTURE, FILTER_FIXTURE):
            if fixture in metafunc.fixturenames:
                lists = self._lists(fixture)
                metafunc.parametrize(fixture, lists, ids=[item.test_id for item in lists])

    # First, before `-k`, `-m` and `--deselect`: what the suite leaves out on purpose is counted as such.
    @pytest.hookimpl(tryfirst=True)
    def pytest_collection_modifyitems(self, config: pytest.Config, items: list[pytest.Item]) -> None:
        # An empty parametrization is a skip per test; the header says why instead, once.
        empty = [
            item
            for item in items
            for fixture in (WALK_FIXTURE, FILTER_FIXTURE)
            if fixture in getattr(item, "fixturenames", ()) and not self._lists(fixture)
        ]
        deselect_on_purpose(config, items, empty)

    def pytest_terminal_summary(self, terminalreporter: pytest.TerminalReporter) -> None:
        notes = terminalreporter.config.stash.get(NOTES, [])
        if notes:
            terminalreporter.section("page walks")
            for line in notes:
                terminalreporter.line(line)
