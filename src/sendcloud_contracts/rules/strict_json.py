"""JSON as RFC 8259 defines it, not as Python's `json` module accepts it.

Python reads `NaN`, `Infinity` and `-Infinity`, and silently keeps the last of two equal keys;
JavaScript's `JSON.parse` and Go's `encoding/json` reject the constants, and a client of the API
cannot tell which of two equal keys its library keeps. A body the suite judges must be one that
every client reads the same way, so each of these makes it "not JSON".
"""

from __future__ import annotations

import json
from typing import Any

BYTE_ORDER_MARK = b"\xef\xbb\xbf"
_NON_NUMBERS = ("NaN", "Infinity", "-Infinity")


class NotJSON(ValueError):
    """The body is not JSON as RFC 8259 defines it; the message says why, in a client's terms."""


def loads(body: bytes) -> Any:
    """Parse `body` as an RFC 8259 JSON text sent over a network: UTF-8, no byte order mark."""
    if body.startswith(BYTE_ORDER_MARK):
        # RFC 8259 section 8.1: senders must not add one; Go and JSON.parse reject it.
        raise NotJSON("it starts with a UTF-8 byte order mark, which RFC 8259 forbids senders to add")
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as error:
        raise NotJSON(f"byte {error.start} is not valid UTF-8 (RFC 8259 section 8.1 demands UTF-8)") from None
    try:
        parsed = json.loads(text, parse_constant=_reject_constant, object_pairs_hook=_unique_keys)
        # Objects were checked as they were built; strings and arrays outside any object were not.
        return _checked(parsed)
    except NotJSON:
        raise
    except ValueError as error:
        raise NotJSON(f"it does not parse ({error})") from None
    except RecursionError:
        # Nesting deeper than the parser's recursion limit is a body no client can read either.
        raise NotJSON("it nests deeper than a JSON parser can follow") from None


def problem(body: bytes) -> str | None:
    """Why `body` is not JSON, or None when it is."""
    try:
        loads(body)
    except NotJSON as error:
        return str(error)
    return None


def _reject_constant(name: str) -> Any:
    if name in _NON_NUMBERS:
        raise NotJSON(f"{name} is not a JSON value (RFC 8259 section 6); JavaScript and Go clients reject it")
    raise NotJSON(f"{name} is not a JSON value")  # pragma: no cover - json passes only the three


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        _reject_lone_surrogates(key)
        if key in result:
            # RFC 8259 section 4: with duplicate names, what a receiver sees is unpredictable.
            raise NotJSON(f'the key "{key}" appears twice in one object (RFC 8259 section 4)')
        result[key] = _checked(value)
    return result


def _checked(value: Any) -> Any:
    if isinstance(value, str):
        _reject_lone_surrogates(value)
    elif isinstance(value, list):
        for item in value:
            _checked(item)
    return value


def _reject_lone_surrogates(text: str) -> None:
    # An escaped lone surrogate (`"\ud800"`) is no character: Go replaces it with U+FFFD, JavaScript
    # keeps a broken string, so two clients read different text (RFC 8259 section 8.2).
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as error:
        raise NotJSON(
            f"a string holds the lone surrogate \\u{ord(text[error.start]):04x}, which is no character "
            "(RFC 8259 section 8.2)"
        ) from None
