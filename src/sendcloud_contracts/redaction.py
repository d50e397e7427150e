"""Keep credentials out of everything a run prints or writes.

The recording hooks (`recordings/vcr_setup.py`) scrub what vcrpy knows is secret by name (headers, form
fields, JSON keys). This is the second line: every value that is known to be secret at runtime
(the keys, their Basic encoding, issued tokens, cookies the API set) is replaced wherever it
shows up, in test reports (terminal, JUnit XML) and in cassettes before they are written.
"""

from __future__ import annotations

import base64
import dataclasses
import re
import threading
from typing import Any
from urllib.parse import quote

FILTERED = "[Filtered]"
# Shorter values would be redacted out of ordinary text by accident; real keys and tokens are long.
MIN_SECRET_LENGTH = 6
# schemathesis prints `curl -H 'Authorization: Basic ...'` to reproduce a failure, with the
# credentials that `requests` applied; the value may be quoted or end at a quote or a comma.
_AUTHORIZATION = re.compile(r"(?i)(\b(?:proxy-)?authorization['\"]?\s*[:=]\s*['\"]?)([^'\"\r\n,}]+)")


class Secrets:
    """The secret values of one run; thread-safe, since requests may come from any thread."""

    def __init__(self) -> None:
        self._values: set[str] = set()
        self._lock = threading.Lock()

    def add(self, value: str | None) -> None:
        if value and len(value) >= MIN_SECRET_LENGTH:
            with self._lock:
                self._values.add(value)

    def add_key_pair(self, public_key: str, secret_key: str) -> None:
        """The keys and every form HTTP Basic gives them: plain (requests) and quoted (Authlib)."""
        self.add(public_key)
        self.add(secret_key)
        for user, password in ((public_key, secret_key), (quote(public_key), quote(secret_key))):
            self.add(base64.b64encode(f"{user}:{password}".encode()).decode())

    @property
    def values(self) -> tuple[str, ...]:
        with self._lock:
            # Longest first, so that a key inside its own Basic encoding cannot break the match.
            return tuple(sorted(self._values, key=len, reverse=True))

    def redact(self, text: str) -> str:
        text = _AUTHORIZATION.sub(lambda match: match.group(1) + FILTERED, text)
        for value in self.values:
            text = text.replace(value, FILTERED)
        return text

    def redact_bytes(self, data: bytes) -> bytes:
        for value in self.values:
            data = data.replace(value.encode(), FILTERED.encode())
        return data

    def redact_object(self, item: Any, _seen: set[int] | None = None) -> Any:
        """Redact every string inside a tree of dicts, lists, tuples and dataclasses, in place where possible.

        Pytest's failure representations are dataclasses holding lines of text; redacting them in
        place keeps their layout on the terminal and in JUnit XML.
        """
        seen = _seen if _seen is not None else set()
        if isinstance(item, str):
            return self.redact(item)
        if isinstance(item, bytes):
            return self.redact_bytes(item)
        if id(item) in seen:
            return item
        seen.add(id(item))
        if isinstance(item, dict):
            for key, value in list(item.items()):
                item[key] = self.redact_object(value, seen)
        elif isinstance(item, list):
            item[:] = [self.redact_object(value, seen) for value in item]
        elif isinstance(item, tuple):
            values = [self.redact_object(value, seen) for value in item]
            return type(item)(*values) if hasattr(item, "_fields") else tuple(values)
        elif dataclasses.is_dataclass(item) and not isinstance(item, type):
            for field in dataclasses.fields(item):
                value = getattr(item, field.name)
                redacted = self.redact_object(value, seen)
                if redacted is not value:
                    object.__setattr__(item, field.name, redacted)
        return item
