"""The contract rules, as pure functions from an observed exchange to the violations it shows.

The same rules judge live responses (through schemathesis checks, `checks.py`) and recorded
ones (the cassette walk in `contracts/`), so a recording is held to exactly the live standard.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from urllib.parse import unquote

import jsonschema_rs

from sendcloud_contracts.rules import strict_json
from sendcloud_contracts.rules.model import NOT_JSON, Exchange, Violation, show

if TYPE_CHECKING:
    from collections.abc import Iterator

    from sendcloud_contracts.dialects.model import ErrorBody
    from sendcloud_contracts.spec import Spec

THROTTLED = 429


def error_envelope(exchange: Exchange, spec: Spec) -> Iterator[Violation]:
    """Every error (4xx, 5xx; 429 aside, which Sendcloud sends empty) is written as the version writes
    errors (`dialect.error_body`): the v2 envelope, or JSON:API's `errors`."""
    if exchange.status < 400 or exchange.status == THROTTLED:
        return
    body = spec.dialect.error_body
    payload = exchange.json
    errors = body.errors(payload)
    if errors is None:
        received = show(exchange.body) if payload is NOT_JSON else show(payload)
        fix = _fix_envelope(exchange)
        yield Violation("error_envelope", body.container, received or "(empty body)", body.shape, fix)
        return
    for where, error in errors:
        yield from _error_object(exchange, body, where, error)


def _error_object(exchange: Exchange, body: ErrorBody, where: str, error: Any) -> Iterator[Violation]:
    rule = "error_envelope"
    if not isinstance(error, dict):
        yield Violation(rule, where, show(error), f"an error object, {body.shape}")
        return
    for key in body.members:
        if key not in error:
            yield Violation(rule, f"{where}.{key}", "(absent)", body.shape)
    status_key = body.status_member
    if status_key in error:
        yield from _status(exchange.status, body, f"{where}.{status_key}", error[status_key])
    if body.path_member is not None and body.path_member in error:
        request = error[body.path_member]
        if not (isinstance(request, str) and _names_path(request, exchange.path)):
            expected = exchange.path.lstrip("/")
            named = f"{where}.{body.path_member}"
            yield Violation(rule, named, show(request), f'"{expected}", the requested path without "/"')
    for key in body.text_members:
        if key in error and not isinstance(error[key], str):
            yield Violation(rule, f"{where}.{key}", show(error[key]), "a string")


def _status(status: int, body: ErrorBody, named: str, written: Any) -> Iterator[Violation]:
    """The member repeating the HTTP status: as an integer (v2) or as a string (JSON:API)."""
    rule = "error_envelope"
    if body.status_as_text:
        if written != str(status):
            yield Violation(rule, named, show(written), f'"{status}", the HTTP status as a string')
    elif not isinstance(written, int) or isinstance(written, bool):
        yield Violation(rule, named, show(written), f"an integer, the HTTP status {status}")
    elif written != status:
        yield Violation(rule, named, show(written), f"{status}, the HTTP status of the response")


def _names_path(request: str, path: str) -> bool:
    # The path comes without its leading "/"; percent-encoded or decoded, with or without a
    # trailing "/", it names the same request.
    return not request.startswith("/") and unquote(request).rstrip("/") == unquote(path).strip("/")


def _fix_envelope(exchange: Exchange) -> str:
    if "html" in exchange.content_type:
        return "An HTML page is a framework's default error page: the API's error handler did not run"
    return ""


def requested_integration(exchange: Exchange, spec: Spec) -> Iterator[Violation]:
    """A 200 answers the integration that was asked for."""
    dialect = spec.dialect
    resource = dialect.resource
    payload = dialect.payload(exchange.json)
    if (
        exchange.status != 200
        or exchange.operation_path != resource.item_path
        or not isinstance(payload, dict)
        or resource.identity not in payload
    ):
        return
    asked = str(exchange.path_parameters.get(resource.identity))
    answered = payload[resource.identity]
    # A non-integer `id` is the schema rule's to report; this rule compares values only.
    if (
        isinstance(answered, int)
        and not isinstance(answered, bool)
        and asked.isdigit()
        and answered != int(asked)
    ):
        yield Violation(
            "requested_integration",
            dialect.field(resource.identity),
            show(answered),
            f"{asked}, the id in the request path",
            "The API answered another integration than the one asked for",
        )


def wrapped(exchange: Exchange, spec: Spec) -> Iterator[Violation]:
    """An answer holds its payload in the version's wrapper (`{"data": ...}`) where the document puts
    it there: a client reads `data`, and finds nothing without it."""
    wrapper = spec.dialect.wrapper
    schema = spec.response_schema(exchange.operation_path, exchange.method, exchange.status)
    payload = exchange.json
    if wrapper is None or schema is None or payload is NOT_JSON:
        return
    if wrapper in spec.resolve(schema).get("properties", {}) and not (
        isinstance(payload, dict) and wrapper in payload
    ):
        yield Violation(
            "wrapper",
            wrapper,
            show(payload),
            f'an object holding the answer in "{wrapper}", as API {spec.dialect.name} wraps every answer',
            f'A client reads the answer from "{wrapper}" and finds nothing',
        )


def response_schema(exchange: Exchange, spec: Spec) -> Iterator[Violation]:
    """The body matches the schema documented for its status: every error, not just the first."""
    schema = spec.response_schema(exchange.operation_path, exchange.method, exchange.status)
    if schema is None or exchange.method == "HEAD":
        return
    payload = exchange.json
    if payload is NOT_JSON:
        why = strict_json.problem(exchange.body) or ""
        received = show(exchange.body) or "(empty body)"
        yield Violation("response_schema", "(body)", received, "a JSON body (RFC 8259)", f"Not JSON: {why}")
        return
    tolerated = spec.dialect.paging.nullable_links
    paginated = spec.is_paginated(exchange.operation_path, exchange.method)
    examples = spec.response_examples(exchange.operation_path, exchange.method, exchange.status)
    for error in _schema_validator(
        spec, exchange.operation_path, exchange.method, exchange.status
    ).iter_errors(payload):
        path = [str(part) for part in error.instance_path]
        if any(_shown_at(example, path, error.instance) for example in examples):
            # The document's own example for this answer shows this very value here: the document
            # contradicts itself (a warning about the document says so), and the API did as it shows.
            continue
        if paginated and error.instance is None and len(path) == 1 and path[0] in tolerated:
            # Links the document types as URIs that a page leaves `null` where there is no such
            # page (`dialect.paging`): a client reads it as the documented absence.
            continue
        if isinstance(error.kind, jsonschema_rs.ValidationErrorKind.Required):
            # Name the missing field itself, not the object that lacks it.
            path.append(str(error.kind.property))
            yield Violation("response_schema", ".".join(path), "(absent)", error.message)
            continue
        yield Violation("response_schema", ".".join(path) or "(body)", show(error.instance), error.message)


def _shown_at(example: Any, path: list[str], value: Any) -> bool:
    """Whether `example` holds `value` at `path` (list positions given as text)."""
    for part in path:
        if isinstance(example, dict) and part in example:
            example = example[part]
        elif isinstance(example, list) and part.isdigit() and int(part) < len(example):
            example = example[int(part)]
        else:
            return False
    return bool(path) and example == value and type(example) is type(value)


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
        *wrapped(exchange, spec),
        *timestamps.timestamps(exchange, spec),
        *error_envelope(exchange, spec),
        *requested_integration(exchange, spec),
        *pagination.page_links(exchange, spec),
        *pagination.owner_identity(exchange, spec),
    ]
