"""A catalogue of ways the real API could break the contract, played by the reference double.

`DoubleApp(variant=NAME)` or `python -m sendcloud_contracts.double --fault NAME` serves one of
them. Every fault names the fragments a failure message must contain to count as caught; the
valid variations (`variations.py`) keep the contract in unusual ways and must not be flagged.
The project's self-test and the benchmark iterate over `CATALOGUE`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sendcloud_contracts.double.app import Reply
from sendcloud_contracts.double.variants import (
    Kind,
    Variant,
    accepting_any_credentials,
    asked_id,
    fault,
    integration_replies,
    never_answering,
    not_found_replies,
    on_integration,
    on_not_found,
    on_reply,
    with_content_type,
)
from sendcloud_contracts.double.variations import VALID_VARIATIONS
from sendcloud_contracts.double.wire import WIRE_FAULTS, WIRE_VARIATIONS
from sendcloud_contracts.exitcodes import INFRASTRUCTURE

if TYPE_CHECKING:
    from sendcloud_contracts.double.app import DoubleApp, Request
    from sendcloud_contracts.double.data import Integration
    from sendcloud_contracts.double.variants import VariantBehaviour

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


def _without(field: str) -> VariantBehaviour:
    def drop(integration: Integration) -> None:
        del integration[field]

    return on_integration(drop)


def _setting(field: str, value: object) -> VariantBehaviour:
    return on_integration(lambda integration: integration.__setitem__(field, value))


def _envelope_setting(field: str, value: object) -> VariantBehaviour:
    return on_not_found(lambda envelope, request: envelope["error"].__setitem__(field, value))


def _html_page(status: int, page: bytes) -> Reply:
    return Reply(status, {"Content-Type": "text/html; charset=utf-8"}, page)


def _the_next_integration(request: Request, app: DoubleApp) -> Reply:
    """Serve a different integration than the one asked for, as a broken cache key would."""
    reply = app.faithful(request)
    if not integration_replies(request, reply):
        return reply
    ids = sorted(app.integrations)
    other = ids[(ids.index(int(asked_id(request))) + 1) % len(ids)]
    return Reply.json(200, app.integrations[other], reply.headers)


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


# Fragments come in two vocabularies, so the benchmark judges the plain schemathesis CLI by its
# own words: the suite's `[rule] field: Received: ...`, and schemathesis' messages.


def _schema(field: str) -> tuple[str, str]:
    """How the suite's schema rule, and schemathesis' schema check, point at a broken field."""
    return (f"[response_schema] {field}: Received: ", f"Schema at /properties/{field}")


def _required(field: str) -> tuple[str, str, str]:
    # The first also matches a nested field such as `error.message`; schemathesis quotes with ",
    # jsonschema's own messages with '.
    return (
        f"{field}: Received: (absent)",
        f'"{field}" is a required property',
        f"'{field}' is a required property",
    )


FAULTS: tuple[Variant, ...] = (
    # Required fields missing.
    fault(
        "missing-shop-name",
        "integrations come without the required shop_name",
        _without("shop_name"),
        *_required("shop_name"),
    ),
    fault(
        "missing-system",
        "integrations come without the required system",
        _without("system"),
        *_required("system"),
    ),
    fault(
        "missing-last-updated-at",
        "integrations come without the required last_updated_at",
        _without("last_updated_at"),
        *_required("last_updated_at"),
    ),
    # null where the spec does not allow it.
    fault("null-shop-name", "shop_name is null", _setting("shop_name", None), *_schema("shop_name")),
    fault("null-system", "system is null", _setting("system", None), *_schema("system")),
    fault(
        "null-last-updated-at",
        "last_updated_at is null",
        _setting("last_updated_at", None),
        *_schema("last_updated_at"),
    ),
    fault(
        "null-service-point-enabled",
        "service_point_enabled is null",
        _setting("service_point_enabled", None),
        *_schema("service_point_enabled"),
    ),
    fault(
        "null-service-point-carriers",
        "service_point_carriers is null instead of an empty list",
        _setting("service_point_carriers", None),
        *_schema("service_point_carriers"),
    ),
    # Timestamps that are not RFC 3339 date-times.
    fault(
        "timestamp-without-offset",
        "last_updated_at has no UTC offset: 2020-06-03T13:27:58",
        _setting("last_updated_at", "2020-06-03T13:27:58"),
        "[timestamp] last_updated_at: Received: ",
        *_schema("last_updated_at")[1:],
        '"2020-06-03T13:27:58" is not a "date-time"',
    ),
    fault(
        "timestamp-impossible",
        "last_fetch is a date and time that do not exist: 2020-02-30T25:61:00Z",
        _setting("last_fetch", "2020-02-30T25:61:00Z"),
        "[timestamp] last_fetch: Received: ",
        *_schema("last_fetch")[1:],
        '"2020-02-30T25:61:00Z" is not a "date-time"',
    ),
    fault(
        "timestamp-malformed",
        "failing_since is a human date: 03/06/2020 13:27",
        _setting("failing_since", "03/06/2020 13:27"),
        "[timestamp] failing_since: Received: ",
        *_schema("failing_since")[1:],
        '"03/06/2020 13:27" is not a "date-time"',
    ),
    # Wrong JSON types.
    fault(
        "id-as-string",
        'id is a string: "123"',
        on_integration(lambda integration: integration.__setitem__("id", str(integration["id"]))),
        *_schema("id"),
    ),
    fault(
        "carriers-as-string",
        'service_point_carriers is a comma-separated string: "postnl,dhl"',
        on_integration(
            lambda integration: integration.__setitem__(
                "service_point_carriers", ",".join(integration["service_point_carriers"])
            )
        ),
        *_schema("service_point_carriers"),
    ),
    fault(
        "boolean-as-string",
        'webhook_active is the string "true" / "false"',
        on_integration(
            lambda integration: integration.__setitem__(
                "webhook_active", str(integration["webhook_active"]).lower()
            )
        ),
        *_schema("webhook_active"),
    ),
    # Strings outside their length limits, ids outside their range.
    fault(
        "empty-shop-name",
        'shop_name is "" under minLength 1',
        _setting("shop_name", ""),
        *_schema("shop_name"),
    ),
    fault(
        "shop-name-too-long",
        "shop_name is 251 characters, over maxLength 250",
        _setting("shop_name", "S" * 251),
        *_schema("shop_name"),
    ),
    fault(
        "system-too-long",
        "system is 51 characters, over maxLength 50",
        _setting("system", "s" * 51),
        *_schema("system"),
    ),
    fault(
        "id-zero",
        "integrations claim id 0, under minimum 1",
        _setting("id", 0),
        *_schema("id"),
    ),
    fault(
        "wrong-integration",
        "a known id answers with another integration (id 123 serves id 4711)",
        _the_next_integration,
        # No schema can see this; it takes a check comparing the body's id with the path's.
        "[requested_integration] id: Received: ",
        "asked for",
        "requested id",
    ),
    # The v2 error envelope broken.
    fault(
        "not-found-detail-body",
        'unknown ids answer 404 {"detail": "Not found."} instead of the v2 envelope',
        on_not_found(_detail_only),
        # The spec's 404 schema does not require `error`; only the envelope rule sees this.
        "[error_envelope] error: Received: ",
        *_required("error")[1:],
    ),
    fault(
        "envelope-without-message",
        "the 404 envelope has no message",
        on_not_found(_no_message),
        *_required("message"),
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
)

CATALOGUE: tuple[Variant, ...] = FAULTS + VALID_VARIATIONS + WIRE_VARIATIONS
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


def of_kind(kind: Kind) -> tuple[Variant, ...]:
    return tuple(entry for entry in CATALOGUE if entry.kind is kind)


__all__ = ["CATALOGUE", "FAULTS", "VALID_VARIATIONS", "Kind", "Variant", "behaviour_for", "variant"]
