"""The contract rules, as pure functions from an observed exchange to the violations it shows.

The same rules judge live responses (through schemathesis checks, `checks.py`) and recorded
ones (the cassette walk in `contracts/`), so a recording is held to exactly the live standard.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote

import jsonschema_rs

from sendcloud_contracts.rules import strict_json
from sendcloud_contracts.spec import PAGE_LINKS

if TYPE_CHECKING:
    from collections.abc import Iterator, Mapping

    from sendcloud_contracts.spec import Spec

THROTTLED = 429
ENVELOPE_SHAPE = '{"error": {"code": <HTTP status>, "request": "<path>", "message": "<text>"}}'
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
        """The parsed body, or `_NOT_JSON` when it is not JSON as RFC 8259 defines it."""
        try:
            return strict_json.loads(self.body)
        except strict_json.NotJSON:
            return _NOT_JSON


_NOT_JSON = object()


def show(value: Any, limit: int = 80) -> str:
    """A received value as it appeared on the wire, shortened for one line."""
    text = (
        value.decode("utf-8", "replace")
        if isinstance(value, bytes)
        else json.dumps(value, ensure_ascii=False)
    )
    return text if len(text) <= limit else text[: limit - 3] + "..."


def error_envelope(exchange: Exchange) -> Iterator[Violation]:
    """Every error (4xx, 5xx; 429 aside, which Sendcloud sends empty) is the v2 envelope."""
    if exchange.status < 400 or exchange.status == THROTTLED:
        return
    rule = "error_envelope"
    payload = exchange.json
    if not isinstance(payload, dict) or not isinstance(payload.get("error"), dict):
        received = show(exchange.body) if payload is _NOT_JSON else show(payload)
        yield Violation(rule, "error", received or "(empty body)", ENVELOPE_SHAPE, _fix_envelope(exchange))
        return
    error = payload["error"]
    for key in ("code", "request", "message"):
        if key not in error:
            yield Violation(rule, f"error.{key}", "(absent)", ENVELOPE_SHAPE)
    code = error.get("code")
    if "code" in error and (not isinstance(code, int) or isinstance(code, bool)):
        yield Violation(rule, "error.code", show(code), f"an integer, the HTTP status {exchange.status}")
    elif "code" in error and code != exchange.status:
        yield Violation(rule, "error.code", show(code), f"{exchange.status}, the HTTP status of the response")
    request = error.get("request")
    if "request" in error and not (isinstance(request, str) and _names_path(request, exchange.path)):
        expected = exchange.path.lstrip("/")
        yield Violation(rule, "error.request", show(request), f'"{expected}", the requested path without "/"')
    if "message" in error and not isinstance(error["message"], str):
        yield Violation(rule, "error.message", show(error["message"]), "a string")


def _names_path(request: str, path: str) -> bool:
    # The path comes without its leading "/"; percent-encoded or decoded, with or without a
    # trailing "/", it names the same request.
    return not request.startswith("/") and unquote(request).rstrip("/") == unquote(path).strip("/")


def _fix_envelope(exchange: Exchange) -> str:
    if "html" in exchange.content_type:
        return "An HTML page is a framework's default error page: the API's error handler did not run"
    return ""


def requested_integration(exchange: Exchange) -> Iterator[Violation]:
    """A 200 answers the integration that was asked for."""
    payload = exchange.json
    if exchange.status != 200 or not isinstance(payload, dict) or "id" not in payload:
        return
    asked = str(exchange.path_parameters.get("id", ""))
    answered = payload["id"]
    # A non-integer `id` is the schema rule's to report; this rule compares values only.
    if (
        isinstance(answered, int)
        and not isinstance(answered, bool)
        and asked.isdigit()
        and answered != int(asked)
    ):
        yield Violation(
            "requested_integration",
            "id",
            show(answered),
            f"{asked}, the id in the request path",
            "The API answered another integration than the one asked for",
        )


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


def response_schema(exchange: Exchange, spec: Spec) -> Iterator[Violation]:
    """The body matches the schema documented for its status: every error, not just the first."""
    schema = spec.response_schema(exchange.operation_path, exchange.method, exchange.status)
    if schema is None or exchange.method == "HEAD":
        return
    payload = exchange.json
    if payload is _NOT_JSON:
        why = strict_json.problem(exchange.body) or ""
        received = show(exchange.body) or "(empty body)"
        yield Violation("response_schema", "(body)", received, "a JSON body (RFC 8259)", f"Not JSON: {why}")
        return
    paginated = spec.is_paginated(exchange.operation_path, exchange.method)
    for error in _schema_validator(
        spec, exchange.operation_path, exchange.method, exchange.status
    ).iter_errors(payload):
        path = [str(part) for part in error.instance_path]
        if paginated and error.instance is None and len(path) == 1 and path[0] in PAGE_LINKS:
            # The document types the links as URIs, yet cursor pagination (Django REST framework's)
            # sends `null` on the first and last page; a client reads it as the documented absence.
            continue
        if isinstance(error.kind, jsonschema_rs.ValidationErrorKind.Required):
            # Name the missing field itself, not the object that lacks it.
            path.append(str(error.kind.property))
            yield Violation("response_schema", ".".join(path), "(absent)", error.message)
            continue
        yield Violation("response_schema", ".".join(path) or "(body)", show(error.instance), error.message)


_VALIDATORS: dict[tuple[int, str, str, int], jsonschema_rs.Validator] = {}


def _schema_validator(spec: Spec, path: str, method: str, status: int) -> jsonschema_rs.Validator:
    key = (id(spec), path, method, status)
    if key not in _VALIDATORS:
        schema = spec.response_schema(path, method, status)
        assert schema is not None
        # Date-times are the timestamp rule's, which also demands an offset; formats stay checked.
        _VALIDATORS[key] = spec.schema_validator(schema, date_times=False)
    return _VALIDATORS[key]


def violations(exchange: Exchange, spec: Spec) -> list[Violation]:
    """Every rule a recorded response is held to (authentication needs live probes: `checks.py`)."""
    # Imported here: these rules build on this module's Exchange and Violation.
    from sendcloud_contracts.rules import pagination, timestamps

    return [
        *response_schema(exchange, spec),
        *timestamps.timestamps(exchange, spec),
        *error_envelope(exchange),
        *requested_integration(exchange),
        *pagination.page_links(exchange, spec),
        *pagination.page_items_identity(exchange, spec),
    ]
