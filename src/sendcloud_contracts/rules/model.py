"""What every rule takes and gives: an observed exchange, and the violations found in it.

Its own module so that the rules of each kind (contract, pagination, timestamps, writes) share the
types without reaching into one another.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from typing import TYPE_CHECKING, Any

from sendcloud_contracts.rules import strict_json

if TYPE_CHECKING:
    from collections.abc import Mapping

# RFC 3339 section 5.6, with the offset required; `T` and `Z` may be lower case there.
_RFC3339 = re.compile(
    r"^(?P<date>\d{4}-\d{2}-\d{2})[Tt](?P<time>\d{2}:\d{2}:(?P<second>\d{2})(?:\.\d+)?)"
    r"(?P<offset>[Zz]|[+-]\d{2}:\d{2})$",
    re.ASCII,
)


@dataclass(frozen=True)
class Violation:
    """One way a response breaks the contract."""

    rule: str
    field: str
    received: str
    documented: str
    fix: str = ""

    def __str__(self) -> str:
        text = f"[{self.rule}] {self.field}: Received: {self.received} / Documented: {self.documented}"
        return f"{text}. {self.fix}" if self.fix else text


@dataclass(frozen=True)
class Exchange:
    """A request and its response, as a client sees them (body decoded from any transfer encoding)."""

    method: str
    path: str
    status: int
    content_type: str
    body: bytes
    operation_path: str
    path_parameters: Mapping[str, Any]
    # Where the request went (`host:port`), when known: page links must stay there.
    host: str = ""
    # What the client saw besides: the URL as sent and both sides' headers, for the reports only.
    url: str = field(default="", compare=False)
    request_headers: Mapping[str, str] = field(default_factory=dict, compare=False)
    headers: Mapping[str, str] = field(default_factory=dict, compare=False)

    @cached_property
    def json(self) -> Any:
        """The parsed body, or `NOT_JSON` when it is not JSON as RFC 8259 defines it."""
        try:
            return strict_json.loads(self.body)
        except strict_json.NotJSON:
            return NOT_JSON


NOT_JSON = object()


def show(value: Any, limit: int = 80) -> str:
    """A received value as it appeared on the wire, shortened for one line."""
    text = (
        value.decode("utf-8", "replace")
        if isinstance(value, bytes)
        else json.dumps(value, ensure_ascii=False)
    )
    return text if len(text) <= limit else text[: limit - 3] + "..."


def is_rfc3339(value: str) -> bool:
    """An RFC 3339 date-time with an offset, naming a real calendar date and time."""
    match = _RFC3339.match(value)
    if match is None:
        return False
    # A leap second (:60) is valid RFC 3339 but not a valid `datetime`; check the rest.
    text = (
        value
        if match.group("second") != "60"
        else value[: match.start("second")] + "59" + value[match.end("second") :]
    )
    try:
        datetime.fromisoformat(text.upper().replace("Z", "+00:00"))
    except ValueError:
        return False
    offset = match.group("offset")
    return offset.upper() == "Z" or (int(offset[1:3]) <= 23 and int(offset[4:6]) <= 59)
