"""Date-times as the double compares them: RFC 3339 text read as an instant, whatever its offset."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

# RFC 3339 section 5.6 (`T` or a space, `t` and `z` in lower case allowed), the offset optional: the
# document's own example cursor (`2023-03-01T02:02:00`) has none, and is read as UTC.
_DATE_TIME = re.compile(
    r"^(?P<local>\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2})(?:\.(?P<fraction>\d+))?"
    r"(?:(?P<utc>[Zz])|(?P<sign>[+-])(?P<hours>\d{2}):(?P<minutes>\d{2}))?$"
)
_EPOCH = datetime(1970, 1, 1)
_MICROSECOND = timedelta(microseconds=1)


def instant(text: str) -> int | None:
    """Microseconds since 1970 (UTC) of an RFC 3339 date-time, or None if `text` is not one.

    An integer, not an aware datetime: an instant near year 1 or 9999 with an offset stays comparable.
    """
    match = _DATE_TIME.match(text)
    if match is None:
        return None
    fraction = (match["fraction"] or "")[:6].ljust(6, "0")
    try:
        local = datetime.fromisoformat(match["local"].replace("t", "T").replace(" ", "T"))
    except ValueError:
        return None
    offset = 0
    if match["sign"]:
        hours, minutes = int(match["hours"]), int(match["minutes"])
        if hours > 23 or minutes > 59:
            return None
        offset = (-1 if match["sign"] == "-" else 1) * (hours * 60 + minutes) * 60_000_000
    return (local - _EPOCH) // _MICROSECOND + int(fraction) - offset
