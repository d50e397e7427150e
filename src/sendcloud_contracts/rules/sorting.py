"""A list asked to sort by a documented key comes in that order, ascending or, with the prefix, descending.

Only values that can be ordered are compared: timestamps as instants (the same moment may be written
with any offset), numbers as numbers, text without regard to case (databases collate it so). `null`,
absent and unreadable values are left out: where they sort is not documented, and their type is
the other rules' to judge. Of a list out of order, the first item out of place is shown.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from sendcloud_contracts.rules.model import Violation, is_rfc3339, show

if TYPE_CHECKING:
    from collections.abc import Iterator, Sequence

    from sendcloud_contracts.dialects.model import SortKey

RULE = "sorting"


def sort_value(value: Any) -> float | datetime | str | None:
    """A value as it is ordered (numbers, instants, text folded), or None where it cannot be ordered."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, str):
        # Python reads `Z` as UTC; `upper` gives RFC 3339's lower-case `t` and `z` their usual form.
        return datetime.fromisoformat(value.upper()) if is_rfc3339(value) else value.casefold()
    return None


def order_violations(
    items: Sequence[Any], key: SortKey, *, descending: bool, asked: str, prefix: str = ""
) -> Iterator[Violation]:
    """The first item that comes before one it should follow; `asked` is the query as sent (`sort=-x`)."""
    previous: tuple[int, float | datetime | str, Any] | None = None
    for index, item in enumerate(items):
        raw = item.get(key.field) if isinstance(item, dict) else None
        value = sort_value(raw)
        if value is None:
            continue
        if previous is not None and _out_of_order(previous[1], value, descending=descending):
            order, bound = ("descending", "at or before") if descending else ("ascending", "at or after")
            yield Violation(
                RULE,
                f"{prefix}{index}.{key.field}",
                show(raw),
                f"a value {bound} {show(previous[2])} ({prefix}{previous[0]}.{key.field}), "
                f"as {asked} orders {order} by {key.field}",
                f"The API ignored {asked}",
            )
            return
        previous = (index, value, raw)


def _out_of_order(earlier: Any, later: Any, *, descending: bool) -> bool:
    # Values of another kind (text among instants) are not ordered against each other.
    if type(earlier) is not type(later):
        return False
    return bool(later > earlier) if descending else bool(later < earlier)
