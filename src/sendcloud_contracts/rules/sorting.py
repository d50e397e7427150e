"""A list asked to sort by a documented key comes in that order, ascending or, with the prefix, descending.

Only values that can be ordered are compared: timestamps as instants (the same moment may be written
with any offset), numbers as numbers, text without regard to case (databases collate it so). `null`,
absent and unreadable values are left out: where they sort is not documented, and their type is
the other rules' to judge. Of a list out of order, the first item out of place is shown.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from sendcloud_contracts.rules.contract import Violation, is_rfc3339, show

if TYPE_CHECKING:
    from collections.abc import Iterator, Sequence

    from sendcloud_contracts.dialects.model import SortKey

RULE = "sorting"


def sort_value(value: Any) -> tuple[str, Any] | None:
    """A value with the kind it is ordered as, or None where it cannot be ordered."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | float):
        return ("number", value)
    if isinstance(value, str):
        if is_rfc3339(value):
            return ("instant", datetime.fromisoformat(value.upper().replace("Z", "+00:00")))
        return ("text", value.casefold())
    return None


def order_violations(
    items: Sequence[Any], key: SortKey, *, descending: bool, asked: str, prefix: str = ""
) -> Iterator[Violation]:
    """The first item that comes before one it should follow; `asked` is the query as sent (`sort=-x`)."""
    previous: tuple[int, tuple[str, Any], Any] | None = None
    for index, item in enumerate(items):
        raw = item.get(key.field) if isinstance(item, dict) else None
        value = sort_value(raw)
        if value is None:
            continue
        if previous is not None and previous[1][0] == value[0]:
            earlier = previous[1][1]
            if (value[1] > earlier) if descending else (value[1] < earlier):
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
