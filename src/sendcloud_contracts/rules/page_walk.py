"""Whole paginated lists, as pure rules over the pages a client reads by following `next`.

A single page can keep every promise and the list still break a client: a `next` that leads
back to a page already read never ends, an item that comes twice is counted twice, a filter
the API ignores hands over items the client excluded. These rules judge the sequence of pages
one walk read (`WalkedPage`), and the items of a filtered answer.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from sendcloud_contracts.rules.model import Violation, show

if TYPE_CHECKING:
    from collections.abc import Iterator, Mapping, Sequence

# What tells two items apart: `id` where items have one (logs), else the shipment's own uuid,
# else the pair of ids the shop gave it. An item with none of them is not compared.
IDENTITY_FIELDS = ("id", "shipment_uuid")
SHOP_IDENTITY_FIELDS = ("external_order_id", "external_shipment_id")
# The document says the date filters display orders "from" and "up to" a date, without naming
# the field; the item's `created_at` is the order's date (the reference double filters on it).
DATE_FILTERS = ("start_date", "end_date")
DATE_FIELD = "created_at"
# An array filter `X_ids` keeps the items whose `X_id` is one of the values.
ID_FILTER_SUFFIX = "_ids"
# The document does not say in which time zone a date filter compares; an item is out of range
# only if it is out of range in every zone a timestamp can be written in (UTC-12 to UTC+14).
_EARLIEST_OFFSET = timedelta(hours=-12)
_LATEST_OFFSET = timedelta(hours=14)


@dataclass(frozen=True)
class WalkedPage:
    """One page of a walk: the URL asked (the first one, or the previous page's `next`) and its items."""

    url: str
    results: Sequence[Any]
    next: str | None = None


def identity(item: Any) -> str | None:
    """What makes an item the same item on another page, or None when nothing does."""
    if not isinstance(item, dict):
        return None
    for name in IDENTITY_FIELDS:
        value = item.get(name)
        if value not in (None, "") and not isinstance(value, (dict, list)):
            return f"{name} {show(value)}"
    shop_ids = [item.get(name) for name in SHOP_IDENTITY_FIELDS]
    if all(isinstance(value, str) and value for value in shop_ids):
        return ", ".join(
            f"{name} {show(value)}" for name, value in zip(SHOP_IDENTITY_FIELDS, shop_ids, strict=True)
        )
    return None


def walk_violations(pages: Sequence[WalkedPage]) -> Iterator[Violation]:
    """A page asked twice (a loop), and any item that comes again, on a later page or the same one."""
    asked: dict[str, int] = {}
    seen: dict[str, tuple[int, int]] = {}
    for number, page in enumerate(pages, start=1):
        if page.url in asked:
            yield Violation(
                "pagination",
                f"page {number - 1} next",
                show(page.url),
                f"a page not read yet; this is page {asked[page.url]} again, so following next never ends",
                "A client following next loops forever",
            )
            # The same URL answers the same items: reporting each again would only repeat the loop.
            continue
        asked[page.url] = number
        for index, item in enumerate(page.results):
            key = identity(item)
            if key is None:
                continue
            if key in seen:
                first_page, first_index = seen[key]
                yield Violation(
                    "pagination",
                    f"page {number} results.{index}",
                    key,
                    f"each item once in the list; it came on page {first_page} (results.{first_index})",
                    "A client reading the whole list would count it twice",
                )
            else:
                seen[key] = (number, index)


def downgraded_link(asked: str, link: Any, name: str = "next") -> Violation | None:
    """A `next` that leaves HTTPS for plain HTTP: following it sends the credentials in the clear."""
    if not isinstance(link, str) or urlsplit(asked).scheme != "https" or urlsplit(link).scheme != "http":
        return None
    return Violation(
        "pagination",
        name,
        show(link),
        "an https link, as the list was asked over https",
        "A client following it sends its credentials unencrypted; the suite did not follow it",
    )


def page_size_violations(page: WalkedPage, number: int, parameter: str, size: int) -> Iterator[Violation]:
    """A page holds at most the number of items asked for: a client sizing its reads on it overflows."""
    if len(page.results) > size:
        yield Violation(
            "pagination",
            f"page {number} ({parameter}={size})",
            f"{len(page.results)} items",
            f"at most {size} items, asked for with {parameter}={size}",
            f"The API ignored {parameter}",
        )


def stopped_at_bound(pages: Sequence[WalkedPage], bound: int) -> bool:
    """Whether the walk read as many pages as it may and the last one still had a `next`."""
    return len(pages) >= bound and bool(pages) and pages[-1].next is not None


@dataclass(frozen=True)
class Filter:
    """One filtered request a walk checks: the query it adds and what each item must then satisfy."""

    parameter: str
    query: Mapping[str, str | list[str]]
    # For the date filters: the inclusive range; for an id filter: the field and the values kept.
    start: date | None = None
    end: date | None = None
    field: str = ""
    values: tuple[str, ...] = ()


def filters_from(first_page: Sequence[Any], parameters: Sequence[str]) -> list[Filter]:
    """Filters whose answer cannot be trivially empty: values taken from the unfiltered first page.

    `parameters` are the operation's documented query parameters. The date range is the day of
    the first item that has a readable date; each id filter keeps the first item's id.
    """
    items = [item for item in first_page if isinstance(item, dict)]
    chosen: list[Filter] = []
    if all(name in parameters for name in DATE_FILTERS):
        day = next(
            (found for item in items if (found := written_date(item.get(DATE_FIELD))) is not None), None
        )
        if day is not None:
            query = {name: day.isoformat() for name in DATE_FILTERS}
            chosen.append(Filter(" and ".join(DATE_FILTERS), query, start=day, end=day))
    for parameter in parameters:
        if not parameter.endswith(ID_FILTER_SUFFIX):
            continue
        field = parameter.removesuffix("s")
        value = next(
            (item[field] for item in items if isinstance(item.get(field), str) and item[field]), None
        )
        if value is not None:
            chosen.append(Filter(parameter, {parameter: [value]}, field=field, values=(value,)))
    return chosen


def _moment(stamp: Any) -> datetime | None:
    # None for anything but a timestamp with an offset: the timestamp rule reports those.
    if not isinstance(stamp, str):
        return None
    try:
        moment = datetime.fromisoformat(stamp)
    except ValueError:
        return None
    return moment if moment.utcoffset() is not None else None


def written_date(stamp: Any) -> date | None:
    """The calendar date of a timestamp as written, in its own offset."""
    moment = _moment(stamp)
    return moment.date() if moment is not None else None


def item_dates(stamp: Any) -> tuple[date, date] | None:
    """The earliest and latest calendar date a timestamp falls on, whatever the time zone."""
    moment = _moment(stamp)
    if moment is None:
        return None
    utc = moment.replace(tzinfo=None) - (moment.utcoffset() or timedelta())
    return (utc + _EARLIEST_OFFSET).date(), (utc + _LATEST_OFFSET).date()


def filter_violations(chosen: Filter, pages: Sequence[WalkedPage], first: int = 1) -> Iterator[Violation]:
    """Every item of a filtered answer that the filter should have left out; pages count from `first`."""
    for number, page in enumerate(pages, start=first):
        for index, item in enumerate(page.results):
            if not isinstance(item, dict):
                continue
            where = f"page {number} results.{index}"
            if chosen.start is not None or chosen.end is not None:
                yield from _date_violation(chosen, item, where)
            elif chosen.field and item.get(chosen.field) not in chosen.values:
                wanted = ", ".join(show(value) for value in chosen.values)
                yield Violation(
                    "filter",
                    f"{where}.{chosen.field}",
                    show(item[chosen.field]) if chosen.field in item else "(absent)",
                    f"one of {wanted}, asked for with {chosen.parameter}",
                    f"The API ignored the {chosen.parameter} filter",
                )


def _date_violation(chosen: Filter, item: dict[str, Any], where: str) -> Iterator[Violation]:
    dates = item_dates(item.get(DATE_FIELD))
    if dates is None:
        return
    earliest, latest = dates
    if (chosen.start is not None and latest < chosen.start) or (
        chosen.end is not None and earliest > chosen.end
    ):
        yield Violation(
            "filter",
            f"{where}.{DATE_FIELD}",
            show(item[DATE_FIELD]),
            f"a date from {chosen.start} to {chosen.end} (both included), asked for with {chosen.parameter}",
            "The API ignored the date filter",
        )
