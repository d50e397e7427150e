"""Reading a paginated list as a client does: the first page, then each `next` exactly as given.

Every page read is held to every rule of a single answer; the pages together to the rules of a
whole list (`rules/page_walk.py`). A walk never follows a `next` the page rules reject (another
host, another path, not a URL): the suite's credentials go only where the API was asked.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from sendcloud_contracts.rules import schemathesis_checks
from sendcloud_contracts.rules.contract import violations
from sendcloud_contracts.rules.exchanges import answered_get
from sendcloud_contracts.rules.model import Violation, show
from sendcloud_contracts.rules.page_walk import (
    WalkedPage,
    downgraded_link,
    filter_violations,
    filters_from,
    page_size_violations,
    stopped_at_bound,
    walk_violations,
)
from sendcloud_contracts.rules.pagination import link_target, page_links
from sendcloud_contracts.rules.tally import SINGLE_ANSWER_RULES

if TYPE_CHECKING:
    import requests
    from requests.auth import AuthBase

    from sendcloud_contracts.pytest_plugin.page_walk import PaginatedList
    from sendcloud_contracts.rules.contract_run import ContractRun
    from sendcloud_contracts.rules.model import Exchange

OK = 200


@dataclass
class Walk:
    """What one walk read and found; `reproductions` and `answers` name the request and answer behind each."""

    pages: list[WalkedPage] = field(default_factory=list)
    found: list[Violation] = field(default_factory=list)
    reproductions: dict[Violation, str] = field(default_factory=dict)
    answers: dict[Violation, Exchange] = field(default_factory=dict)
    first: Exchange | None = None
    first_reproduction: str = ""
    # The request of each page read, in order.
    page_reproductions: list[str] = field(default_factory=list)
    page_answers: list[Exchange] = field(default_factory=list)
    # Rules of a whole list this walk was judged by, besides those of every single answer.
    rules: tuple[str, ...] = ()

    def add(self, found: list[Violation], reproduction: str, answer: Exchange | None) -> None:
        for violation in found:
            if violation not in self.reproductions:
                self.found.append(violation)
                self.reproductions[violation] = reproduction
                if answer is not None:
                    self.answers[violation] = answer


@dataclass(frozen=True)
class Walker:
    """One run's way of reading lists: its session, credentials and rules."""

    run: ContractRun
    session: requests.Session
    auth: AuthBase
    base_url: str

    def walk(self, listed: PaginatedList, url: str) -> Walk:
        """Follow `next` from `url` until a page has none, or `listed.max_pages` pages were read."""
        walk = Walk()
        asked: str | None = url
        while asked is not None and len(walk.pages) < listed.max_pages:
            response = self.session.get(asked, auth=self.auth)
            reproduction = schemathesis_checks.reproduce(self.run, response.request)
            answer = answered_get(
                asked,
                response,
                operation_path=listed.operation_path,
                path_parameters=listed.path_parameters,
            )
            self.run.coverage.observe(answer)
            if walk.first is None:
                walk.first, walk.first_reproduction = answer, reproduction
            walk.add(violations(answer, self.run.spec), reproduction, answer)
            payload = answer.json
            if answer.status != OK or not isinstance(payload, dict):
                # A 200 that is no page is the schema rule's to report.
                if answer.status != OK:
                    walk.add([_not_a_page(len(walk.pages) + 1, answer.status)], reproduction, answer)
                break
            paging = self.run.spec.dialect.paging
            link = paging.page_links(payload, answer.headers).get(paging.next_name)
            target = (
                link_target(answer, link, relative=paging.relative_links) if isinstance(link, str) else None
            )
            # A link the page rules reject is reported, never followed with the suite's credentials.
            downgrade = downgraded_link(asked, target, paging.next_name)
            if downgrade is not None:
                walk.add([downgrade], reproduction, answer)
            rejected = any(
                violation.field == paging.next_name for violation in page_links(answer, self.run.spec)
            )
            next_url = target if downgrade is None and not rejected else None
            looped = any(page.url == asked for page in walk.pages)
            walk.pages.append(WalkedPage(asked, _items(paging.items(payload)), next_url))
            walk.page_reproductions.append(reproduction)
            walk.page_answers.append(answer)
            walk.add(list(walk_violations(walk.pages)), reproduction, answer)
            if listed.page_size is not None and paging.page_size_parameter is not None:
                size = page_size_violations(
                    walk.pages[-1], len(walk.pages), paging.page_size_parameter, listed.page_size
                )
                walk.add(list(size), reproduction, answer)
            # A page read again answers what it answered before: the loop is shown, stop here.
            asked = None if looped else next_url
        return walk

    def judge(self, walk: Walk, listed: PaginatedList, what: str) -> None:
        """Fail with what the walk found, each violation with the request that showed it."""
        if walk.first is None:
            return
        schemathesis_checks.judge(
            self.run,
            walk.first,
            walk.found,
            listed.label,
            walk.reproductions,
            reproduction=walk.first_reproduction,
            context=f"{what} {walk.first.path}:",
            checked=(*SINGLE_ANSWER_RULES, *walk.rules),
            answers=walk.answers,
        )

    def filtered(self, listed: PaginatedList) -> tuple[Walk, int]:
        """The first page unfiltered, then a walk per filter with values taken from it, in one `Walk`.

        Also returns how many filters were checked: none when the first page had no items.
        """
        first_url = listed.url(self.base_url)
        combined = self.walk(replace(listed, max_pages=1), first_url)
        items = combined.pages[0].results if combined.pages else []
        chosen = filters_from(items, listed.parameters)
        combined.rules = ("filter",) if chosen else ()
        for each in chosen:
            walk = self.walk(listed, listed.url(self.base_url, each.query))
            for number, (page, reproduction, answer) in enumerate(
                zip(walk.pages, walk.page_reproductions, walk.page_answers, strict=True), start=1
            ):
                walk.add(list(filter_violations(each, [page], number)), reproduction, answer)
            for violation in walk.found:
                combined.add([violation], walk.reproductions[violation], walk.answers.get(violation))
        return combined, len(chosen)


def _items(results: Any) -> list[Any]:
    # Not a list: the schema rule reports it; the walk has no items to compare.
    return list(results) if isinstance(results, list) else []


def _not_a_page(number: int, status: int) -> Violation:
    how = "the first page of the list" if number == 1 else "the page the previous page's next leads to"
    return Violation(
        "pagination",
        f"page {number}",
        show(status),
        f"200 with {how}",
        "A client reading the list gets no page",
    )


def bound_note(listed: PaginatedList, walk: Walk) -> str | None:
    """The line saying a walk stopped at the bound on a list that may be longer, if it did."""
    if not stopped_at_bound(walk.pages, listed.max_pages):
        return None
    return (
        f"{listed.label} ({walk.first.path if walk.first else ''}): stopped after {len(walk.pages)} pages "
        "with next still set, no page or item repeated; raise SENDCLOUD_MAX_PAGES to follow it further"
    )
