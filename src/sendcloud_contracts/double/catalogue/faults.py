"""A catalogue of ways the real API could break the contract, played by the reference double.

`playing(NAME)` (a `DoubleApp` given `behaviour_for(NAME)`) or `python -m sendcloud_contracts.double
--fault NAME` serves one of them. Every fault names the fragments a failure message must contain to
count as caught; the valid variations (`variations.py`) keep the contract in unusual ways and must
not be flagged. The project's self-test and the benchmark iterate over `CATALOGUE`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sendcloud_contracts.double.app import DoubleApp
from sendcloud_contracts.double.base import Reply
from sendcloud_contracts.double.catalogue.auth_faults import AUTH_FAULTS
from sendcloud_contracts.double.catalogue.field_faults import FIELD_FAULTS, required_fragments
from sendcloud_contracts.double.catalogue.list_faults import LIST_FAULTS, LIST_VARIATIONS
from sendcloud_contracts.double.catalogue.listing_faults import LISTING_ENTRIES
from sendcloud_contracts.double.catalogue.reach import with_reach
from sendcloud_contracts.double.catalogue.v3_agreement import V3_AGREEMENT
from sendcloud_contracts.double.catalogue.v3_faults import V3_FAULTS
from sendcloud_contracts.double.catalogue.v3_variations import V3_VARIATIONS
from sendcloud_contracts.double.catalogue.v3_write_faults import V3_WRITE_FAULTS
from sendcloud_contracts.double.catalogue.variant import (
    Kind,
    Variant,
    accepting_any_credentials,
    asked_id,
    fault,
    integration_replies,
    never_answering,
    not_found_replies,
    on_not_found,
    on_reply,
    with_content_type,
)
from sendcloud_contracts.double.catalogue.variations import VALID_VARIATIONS
from sendcloud_contracts.double.catalogue.wire import WIRE_FAULTS, WIRE_VARIATIONS
from sendcloud_contracts.double.catalogue.write_faults import WRITE_FAULTS
from sendcloud_contracts.double.catalogue.write_variations import WRITE_VARIATIONS
from sendcloud_contracts.exitcodes import INFRASTRUCTURE

if TYPE_CHECKING:
    from sendcloud_contracts.double.base import Request
    from sendcloud_contracts.double.catalogue.variant import VariantBehaviour
    from sendcloud_contracts.double.data import Integration

# Postgres' `integer`: Django lets a larger id reach the database, which raises, and answers 500.
LARGEST_DATABASE_ID = 2**31 - 1

DJANGO_NOT_FOUND_PAGE = (
    b'<!doctype html>\n<html lang="en">\n<head>\n  <title>Not Found</title>\n</head>\n<body>\n'
    b"  <h1>Not Found</h1><p>The requested resource was not found on this server.</p>\n</body>\n</html>\n"
)
DJANGO_SERVER_ERROR_PAGE = (
    b'<!doctype html>\n<html lang="en">\n<head>\n  <title>Server Error (500)</title>\n</head>\n'
    b"<body>\n  <h1>Server Error (500)</h1><p></p>\n</body>\n</html>\n"
)


def _envelope_setting(field: str, value: object) -> VariantBehaviour:
    return on_not_found(lambda envelope, request: envelope["error"].__setitem__(field, value))


def _html_page(status: int, page: bytes) -> Reply:
    return Reply(status, {"Content-Type": "text/html; charset=utf-8"}, page)


def _ok_for_unknown_ids(request: Request, app: DoubleApp) -> Reply:
    """Answer every id, even unknown or malformed ones, with an integration instead of 404."""
    reply = app.faithful(request)
    if not not_found_replies(request, reply) or not asked_id(request):
        return reply
    integration: Integration = dict(app.integrations[min(app.integrations)])
    raw_id = asked_id(request)
    integration["id"] = int(raw_id) if raw_id.isascii() and raw_id.isdigit() else raw_id
    return Reply.json(200, integration, reply.headers)


def _server_error_for_large_ids(request: Request, app: DoubleApp) -> Reply:
    raw_id = asked_id(request).lstrip("-")
    if raw_id.isascii() and raw_id.isdigit() and int(raw_id) > LARGEST_DATABASE_ID:
        return _html_page(500, DJANGO_SERVER_ERROR_PAGE)
    return app.faithful(request)


def _forbidden_for_unknown_ids(request: Request, app: DoubleApp) -> Reply:
    reply = app.faithful(request)
    if not not_found_replies(request, reply):
        return reply
    envelope = {"error": {"code": 403, "request": request.path.lstrip("/"), "message": "Forbidden."}}
    return Reply.json(403, envelope, reply.headers)


def _code(status: int) -> VariantBehaviour:
    return _envelope_setting("code", status)


def _detail_only(envelope: dict[str, Any], request: Request) -> dict[str, Any]:
    return {"detail": "Not found."}


def _no_message(envelope: dict[str, Any], request: Request) -> None:
    del envelope["error"]["message"]


def _wrong_request_path(envelope: dict[str, Any], request: Request) -> None:
    envelope["error"]["request"] = request.path.lstrip("/").replace("integrations", "parcels", 1)


def _leading_slash(envelope: dict[str, Any], request: Request) -> None:
    envelope["error"]["request"] = request.path


FAULTS: tuple[Variant, ...] = (
    *FIELD_FAULTS,
    # The v2 error envelope broken.
    fault(
        "not-found-detail-body",
        'unknown ids answer 404 {"detail": "Not found."} instead of the v2 envelope',
        on_not_found(_detail_only),
        # The spec's 404 schema does not require `error`; only the envelope rule sees this.
        "[error_envelope] error: Received: ",
        *required_fragments("error")[1:],
    ),
    fault(
        "envelope-without-message",
        "the 404 envelope has no message",
        on_not_found(_no_message),
        *required_fragments("message"),
    ),
    fault(
        "envelope-code-as-string",
        'the 404 envelope has code "404", a string',
        _envelope_setting("code", "404"),
        '"404" is not of type "integer"',
        "'404' is not of type 'integer'",
    ),
    fault(
        "envelope-code-disagrees",
        "the 404 envelope says code 400",
        _code(400),
        "[error_envelope] error.code: Received: 400 / Documented: 404",
        # Phrasings with a space: the compact body echoed in any failure reads `"code":400`.
        "code 400",
        "code: 400",
        "code is 400",
    ),
    fault(
        "envelope-request-leading-slash",
        "the envelope's request is /api/v2/integrations/{id}, with a leading slash",
        on_not_found(_leading_slash),
        '[error_envelope] error.request: Received: "/api/v2/integrations/',
        "leading slash",
        "Received: /api/v2/integrations/",
    ),
    fault(
        "envelope-request-wrong-path",
        "the envelope's request names api/v2/parcels/{id} instead of the integration path",
        on_not_found(_wrong_request_path),
        '[error_envelope] error.request: Received: "api/v2/parcels/',
        # Preceded by a space or backtick: the echoed body has it after a quote.
        " api/v2/parcels/",
        "`api/v2/parcels/",
    ),
    # Framework pages and wrong status codes.
    fault(
        "html-not-found-page",
        "unknown ids answer Django's HTML 404 page",
        on_reply(not_found_replies, lambda reply: _html_page(404, DJANGO_NOT_FOUND_PAGE)),
        "Received: text/html",
    ),
    fault(
        "server-error-for-large-ids",
        f"ids over {LARGEST_DATABASE_ID} answer Django's HTML 500 page",
        _server_error_for_large_ids,
        "Server error",
        "Received: 500",
    ),
    fault(
        "ok-for-unknown-ids",
        "unknown and malformed ids answer 200 with an integration instead of 404",
        _ok_for_unknown_ids,
        "Schema-violating request accepted",
    ),
    fault(
        "forbidden-for-unknown-ids",
        "unknown ids answer 403 instead of the documented 404",
        _forbidden_for_unknown_ids,
        "Received: 403",
    ),
    # Wrong content types on JSON bodies.
    fault(
        "integration-as-text-html",
        "integrations are JSON labelled Content-Type: text/html",
        on_reply(integration_replies, with_content_type("text/html; charset=utf-8")),
        "Received: text/html",
    ),
    fault(
        "envelope-as-text-plain",
        "the 404 envelope is JSON labelled Content-Type: text/plain",
        on_reply(not_found_replies, with_content_type("text/plain")),
        "Received: text/plain",
    ),
    # Authentication not enforced.
    fault(
        "auth-ignored",
        "every request is served, with no credentials or wrong ones",
        accepting_any_credentials(also_none=True),
        "with no credentials: Received: 200",
        "API accepts requests without authentication",
    ),
    fault(
        "wrong-credentials-accepted",
        "requests with wrong credentials are served; missing ones still answer 401",
        accepting_any_credentials(also_none=False),
        "with wrong Basic credentials: Received: 200",
        "API accepts invalid authentication",
    ),
    *AUTH_FAULTS,
    # A server that accepts the connection and never answers.
    fault(
        "never-answers",
        "API requests are read and never answered, until the double stops",
        never_answering,
        # Not a contract failure: the run stops as an infrastructure error naming the silence.
        "accepted the connection but sent no answer within",
        # requests says "Read timed out."; a bare "timeout" would match any traceback's arguments.
        "timed out",
        exit_code=INFRASTRUCTURE,
    ),
    *WIRE_FAULTS,
    *LIST_FAULTS,
)

# The lists' entries next: they need the complete document (`Variant.spec`); API v3's after, with its
# own; the write contract's last, each run with `--writes` on the integration it names (`Variant.writes`).
CATALOGUE: tuple[Variant, ...] = with_reach(
    FAULTS
    + VALID_VARIATIONS
    + WIRE_VARIATIONS
    + LIST_VARIATIONS
    + LISTING_ENTRIES
    + V3_FAULTS
    + V3_VARIATIONS
    + V3_AGREEMENT
    + WRITE_FAULTS
    + V3_WRITE_FAULTS
    + WRITE_VARIATIONS
)
_BY_NAME = {variant.name: variant for variant in CATALOGUE}
if len(_BY_NAME) != len(CATALOGUE):  # pragma: no cover - guards the literal tables above
    raise RuntimeError("two catalogue entries share a name")


def variant(name: str) -> Variant:
    try:
        return _BY_NAME[name]
    except KeyError:
        raise ValueError(
            f"unknown fault or variation {name!r}; expected one of: {', '.join(_BY_NAME)}"
        ) from None


def behaviour_for(name: str) -> VariantBehaviour:
    """A fresh behaviour for one double: stateful variants (throttling) count per double."""
    return variant(name).build()


def playing(name: str) -> DoubleApp:
    """A faithful double in every other respect, given the behaviour of the entry `name`."""
    return DoubleApp(behaviour=behaviour_for(name))


def of_kind(kind: Kind) -> tuple[Variant, ...]:
    return tuple(entry for entry in CATALOGUE if entry.kind is kind)


__all__ = [
    "CATALOGUE",
    "FAULTS",
    "VALID_VARIATIONS",
    "Kind",
    "Variant",
    "behaviour_for",
    "playing",
    "variant",
]
