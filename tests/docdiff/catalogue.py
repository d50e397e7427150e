"""The catalogue of document changes: each pair an edit of a vendored document and a client's verdict.

An entry names the document it starts from, the edit that makes the newer version (a patch: a list
of `add`, `replace` and `remove` at a path, or a small function), where needed the edit that makes
the older one, whether a client can break, the rule ids the check must report (all of them, no
more) and why a client's engineer says so. `test_catalogue.py` runs every pair through
`python -m sendcloud_contracts.docdiff`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import yaml

from ..conftest import COMPLETE_SPEC, ROOT, SEED_SPEC

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

Doc = dict[str, Any]
Edit = tuple[str, tuple[str, ...], Any]

V3_SPEC = ROOT / "spec" / "sendcloud-v3-integrations-openapi.yml"
SEED, V2, V3 = "seed", "v2", "v3"
BASES: dict[str, Path] = {SEED: SEED_SPEC, V2: COMPLETE_SPEC, V3: V3_SPEC}

# Places the entries edit, as paths of keys.
INTEGRATION = ("components", "schemas", "Integration")
ONE = ("paths", "/integrations/{id}")
LOG_CREATE = ("components", "schemas", "integration-log-create")
MAPPING = (
    "components",
    "schemas",
    "get-custom-status-mapping",
    "properties",
    "data",
    "properties",
    "mapping",
)
SHIPMENTS = ("paths", "/integrations/{id}/shipments")
V3_LOGS = ("paths", "/integrations/logs", "get")


def add(*path: str, value: Any) -> Edit:
    return ("add", path, value)


def replace(*path: str, value: Any) -> Edit:
    return ("replace", path, value)


def remove(*path: str) -> Edit:
    return ("remove", path, None)


def patched(document: Doc, edits: list[Edit]) -> Doc:
    for operation, path, value in edits:
        *parents, last = path
        holder: Any = document
        for key in parents:
            holder = holder[int(key)] if isinstance(holder, list) else holder[key]
        if operation == "remove":
            del holder[int(last) if isinstance(holder, list) else last]
        elif operation == "add" and isinstance(holder, list):
            holder.insert(len(holder) if last == "-" else int(last), value)
        else:
            if operation == "replace" and last not in holder:
                raise KeyError(f"nothing to replace at {'/'.join(path)}")
            holder[last] = value
    return document


@dataclass(frozen=True)
class Pair:
    name: str
    base: str
    breaking: bool
    rules: frozenset[str]
    reason: str
    after: list[Edit] | Callable[[Doc], Doc] = field(default_factory=list)
    before: list[Edit] | Callable[[Doc], Doc] = field(default_factory=list)
    # How the newer document is written: the check reads YAML and JSON alike.
    written_as: str = "json"

    def make(self, document: Doc, which: str) -> Doc:
        change = self.before if which == "before" else self.after
        return change(document) if callable(change) else patched(document, change)


# Edits too big for a patch.


def as_openapi_30(document: Doc) -> Doc:
    """The same document in OpenAPI 3.0's spelling: `nullable: true` instead of a `null` type."""
    document["openapi"] = "3.0.3"
    for node in _nodes(document):
        kinds = node.get("type")
        if isinstance(kinds, list) and "null" in kinds and len(kinds) == 2:
            node["type"], node["nullable"] = next(kind for kind in kinds if kind != "null"), True
    return document


def rename_component(old: str, new: str) -> Callable[[Doc], Doc]:
    def apply(document: Doc) -> Doc:
        schemas = document["components"]["schemas"]
        schemas[new] = schemas.pop(old)
        for node in _nodes(document):
            if node.get("$ref") == f"#/components/schemas/{old}":
                node["$ref"] = f"#/components/schemas/{new}"
        return document

    return apply


def inline_integration(document: Doc) -> Doc:
    content = document["paths"]["/integrations/{id}"]["get"]["responses"]["200"]["content"]
    content["application/json"]["schema"] = yaml.safe_load(
        yaml.safe_dump(document["components"]["schemas"]["Integration"])
    )
    return document


def split_into_all_of(document: Doc) -> Doc:
    """The Integration as the `allOf` of its identity and the rest, as v3 writes its response model."""
    whole = document["components"]["schemas"]["Integration"]
    identity = {name: whole["properties"].pop(name) for name in ("id", "shop_name", "system")}
    document["components"]["schemas"]["IntegrationIdentity"] = {
        "type": "object",
        "properties": identity,
        "required": ["shop_name", "system"],
    }
    whole["required"] = ["last_updated_at"]
    document["components"]["schemas"]["Integration"] = {
        "title": whole.pop("title"),
        "allOf": [{"$ref": "#/components/schemas/IntegrationIdentity"}, whole],
    }
    return document


def complete_document(_seed: Doc) -> Doc:
    loaded = yaml.safe_load(COMPLETE_SPEC.read_text(encoding="utf-8"))
    assert isinstance(loaded, dict)
    return loaded


def _nodes(node: Any) -> list[Doc]:
    found = []
    if isinstance(node, dict):
        found.append(node)
        for value in node.values():
            found += _nodes(value)
    elif isinstance(node, list):
        for value in node:
            found += _nodes(value)
    return found


PAGE = {"in": "query", "name": "page_size", "required": False, "schema": {"type": "integer", "minimum": 1}}
LEVEL = {"type": "string", "enum": ["info", "warning", "error"], "description": "How bad it is"}

PAIRS = [
    # Paths and operations.
    Pair(
        "path-removed",
        V2,
        True,
        frozenset({"api-path-removed-without-deprecation"}),
        "A client that reads an integration's logs, or writes one, gets a 404 where it got an answer.",
        after=[remove("paths", "/integrations/{id}/logs")],
    ),
    Pair(
        "write-operation-removed",
        V2,
        True,
        frozenset({"api-removed-without-deprecation"}),
        "The suite never sends PATCH, but a team's client may: its partial updates stop working.",
        after=[remove(*ONE, "patch")],
    ),
    Pair(
        "deprecated-operation-removed",
        V2,
        True,
        frozenset({"api-removed-with-deprecation"}),
        "Deprecated is not gone: a client still deleting integrations this way fails the day it is removed.",
        before=[add(*ONE, "delete", "deprecated", value=True)],
        after=[remove(*ONE, "delete")],
    ),
    Pair(
        "operation-deprecated",
        V2,
        False,
        frozenset({"endpoint-deprecated"}),
        "The list still answers as before; the team learns to plan a move.",
        after=[add("paths", "/integrations", "get", "deprecated", value=True)],
    ),
    Pair(
        "operation-added",
        V2,
        False,
        frozenset({"endpoint-added"}),
        "No client calls what did not exist.",
        after=[
            add(
                "paths",
                "/integrations/{id}/statistics",
                value={"get": {"responses": {"200": {"description": "OK"}}}},
            )
        ],
    ),
    Pair(
        "seed-to-complete-document",
        SEED,
        False,
        frozenset({"endpoint-added"}),
        "The complete v2 document holds the seed's operation unchanged and adds ten others.",
        after=complete_document,
    ),
    Pair(
        "path-parameter-renamed",
        V2,
        False,
        frozenset(),
        "A client fills the path by position; the name of `{id}` is not on the wire.",
        after=lambda document: patched(
            document,
            [
                add("paths", "/integrations/{integration_id}", value=document["paths"]["/integrations/{id}"]),
                remove(*ONE),
                replace(
                    "paths",
                    "/integrations/{integration_id}",
                    "parameters",
                    "0",
                    "name",
                    value="integration_id",
                ),
            ],
        ),
    ),
    # Statuses and media types.
    Pair(
        "success-status-changed",
        SEED,
        True,
        frozenset({"response-success-status-removed", "response-success-status-added"}),
        "A client that checks for 200 treats the new 203 as a failure.",
        after=lambda document: patched(
            document,
            [
                add(
                    *ONE,
                    "get",
                    "responses",
                    "203",
                    value=document["paths"]["/integrations/{id}"]["get"]["responses"]["200"],
                ),
                remove(*ONE, "get", "responses", "200"),
            ],
        ),
    ),
    Pair(
        "error-status-removed",
        SEED,
        False,
        frozenset({"response-non-success-status-removed"}),
        "A client handles errors it was never promised; a 404 still reaches its error path.",
        after=[remove(*ONE, "get", "responses", "404")],
    ),
    Pair(
        "error-status-added",
        V2,
        False,
        frozenset({"response-non-success-status-added"}),
        "Documenting the 429 the API already sends breaks nobody.",
        after=[
            add(
                "paths",
                "/integrations",
                "get",
                "responses",
                "429",
                value={"description": "Too many requests"},
            )
        ],
    ),
    Pair(
        "response-media-type-changed",
        V3,
        True,
        frozenset({"response-media-type-removed", "response-media-type-added"}),
        "A client that asks for and parses application/json gets a JSON:API media type it does not accept.",
        after=lambda document: patched(
            document,
            [
                add(
                    *ONE,
                    "get",
                    "responses",
                    "200",
                    "content",
                    "application/vnd.api+json",
                    value=document["paths"]["/integrations/{id}"]["get"]["responses"]["200"]["content"][
                        "application/json"
                    ],
                ),
                remove(*ONE, "get", "responses", "200", "content", "application/json"),
            ],
        ),
    ),
    Pair(
        "charset-added-to-media-type",
        SEED,
        False,
        frozenset(),
        "`application/json; charset=utf-8` is the same JSON to every client.",
        after=lambda document: patched(
            document,
            [
                add(
                    *ONE,
                    "get",
                    "responses",
                    "200",
                    "content",
                    "application/json; charset=utf-8",
                    value=document["paths"]["/integrations/{id}"]["get"]["responses"]["200"]["content"][
                        "application/json"
                    ],
                ),
                remove(*ONE, "get", "responses", "200", "content", "application/json"),
            ],
        ),
    ),
    # What a client reads.
    Pair(
        "response-optional-property-removed",
        SEED,
        True,
        frozenset({"response-property-removed"}),
        "Sendcloud marks 3 of 11 fields required and sends them all; a client reading shop_url finds none.",
        after=[remove(*INTEGRATION, "properties", "shop_url")],
    ),
    Pair(
        "response-required-property-removed",
        V2,
        True,
        frozenset({"response-property-removed"}),
        "Every client that branches on the shop system (list and single integration alike) loses it.",
        after=[
            remove(*INTEGRATION, "properties", "system"),
            replace(*INTEGRATION, "required", value=["shop_name", "last_updated_at"]),
        ],
    ),
    Pair(
        "response-property-renamed",
        SEED,
        True,
        frozenset({"response-property-renamed"}),
        "v3's rename of system to type, made in v2: the client's field is gone, whatever the new one is.",
        after=lambda document: patched(
            document,
            [
                add(
                    *INTEGRATION,
                    "properties",
                    "type",
                    value=document["components"]["schemas"]["Integration"]["properties"]["system"],
                ),
                remove(*INTEGRATION, "properties", "system"),
                replace(*INTEGRATION, "required", value=["shop_name", "type", "last_updated_at"]),
            ],
        ),
    ),
    Pair(
        "response-property-renamed-in-words",
        SEED,
        True,
        frozenset({"response-property-renamed", "documentation-changed"}),
        "v3's own words name `type` as v2's `system`: one change, the fix is to read `type`.",
        after=lambda document: patched(
            document,
            [
                add(
                    *INTEGRATION,
                    "properties",
                    "type",
                    value={
                        "type": "string",
                        "minLength": 1,
                        "maxLength": 50,
                        "readOnly": True,
                        "description": "In Integrations API V2, this attribute was referred to as `system`.",
                    },
                ),
                remove(*INTEGRATION, "properties", "system"),
                replace(*INTEGRATION, "required", value=["shop_name", "type", "last_updated_at"]),
            ],
        ),
    ),
    Pair(
        "response-property-replaced-by-an-unrelated-one",
        SEED,
        True,
        frozenset({"response-property-removed", "response-optional-property-added"}),
        "`shop_url` gone and `webhook_endpoint` come with its schema but their own words: two changes.",
        after=lambda document: patched(
            document,
            [
                add(
                    *INTEGRATION,
                    "properties",
                    "webhook_endpoint",
                    value={
                        **document["components"]["schemas"]["Integration"]["properties"]["shop_url"],
                        "title": "Webhook endpoint",
                        "description": "Where Sendcloud posts parcel updates",
                    },
                ),
                remove(*INTEGRATION, "properties", "shop_url"),
            ],
        ),
    ),
    Pair(
        "response-property-no-longer-required",
        SEED,
        True,
        frozenset({"response-property-became-optional"}),
        "A client that sorts by last_updated_at meets integrations without one.",
        after=[replace(*INTEGRATION, "required", value=["shop_name", "system"])],
    ),
    Pair(
        "response-property-type-changed",
        SEED,
        True,
        frozenset({"response-property-type-changed"}),
        'A client that stores the id as a number cannot read "123".',
        after=[replace(*INTEGRATION, "properties", "id", "type", value="string")],
    ),
    Pair(
        "response-property-format-changed",
        SEED,
        True,
        frozenset({"response-property-type-changed"}),
        "A client parsing a date-time fails on a date.",
        after=[replace(*INTEGRATION, "properties", "last_updated_at", "format", value="date")],
    ),
    Pair(
        "response-property-format-dropped",
        SEED,
        True,
        frozenset({"response-property-type-changed"}),
        "A client that opens shop_url as a URL may now be handed any text.",
        after=[remove(*INTEGRATION, "properties", "shop_url", "format")],
    ),
    Pair(
        "response-items-changed",
        V2,
        True,
        frozenset({"response-property-type-changed"}),
        'Carrier codes become numbers: a client matching "ups" matches nothing.',
        after=[
            replace(*INTEGRATION, "properties", "service_point_carriers", "items", "type", value="integer")
        ],
    ),
    Pair(
        "response-property-became-nullable",
        SEED,
        True,
        frozenset({"response-property-became-nullable"}),
        "A client that calls system.lower() crashes on null.",
        after=[replace(*INTEGRATION, "properties", "system", "type", value=["string", "null"])],
    ),
    Pair(
        "response-property-became-nullable-in-3.0",
        SEED,
        True,
        frozenset({"response-property-became-nullable"}),
        "The same null, spelled as OpenAPI 3.0 spells it, breaks the same client.",
        before=as_openapi_30,
        after=lambda document: patched(
            as_openapi_30(document), [add(*INTEGRATION, "properties", "system", "nullable", value=True)]
        ),
    ),
    Pair(
        "nullable-spelled-as-in-3.0",
        SEED,
        False,
        frozenset(),
        "`nullable: true` and a `null` type are the same promise.",
        after=as_openapi_30,
    ),
    Pair(
        "nullable-spelled-as-one-of-null",
        SEED,
        False,
        frozenset(),
        "`oneOf` of a URI and null is what `type: [string, null]` says.",
        after=[
            replace(
                *INTEGRATION,
                "properties",
                "shop_url",
                value={
                    "title": "Shop url",
                    "description": "URL of the shop the integration connects to",
                    "oneOf": [{"type": "string", "format": "uri", "minLength": 1}, {"type": "null"}],
                },
            )
        ],
    ),
    Pair(
        "response-list-wrapped",
        V2,
        True,
        frozenset({"response-body-wrapped"}),
        'A client that iterates over the list gets an object: `{"data": [...]}` as v3 answers. One change.',
        after=lambda document: patched(
            document,
            [
                replace(
                    "paths",
                    "/integrations",
                    "get",
                    "responses",
                    "200",
                    "content",
                    "application/json",
                    "schema",
                    value={
                        "type": "object",
                        "properties": {
                            "data": document["paths"]["/integrations"]["get"]["responses"]["200"]["content"][
                                "application/json"
                            ]["schema"]
                        },
                    },
                ),
            ],
        ),
    ),
    Pair(
        "response-object-wrapped",
        SEED,
        True,
        frozenset({"response-body-wrapped"}),
        'A client reading the integration\'s fields at the top finds them in `{"data": {...}}`: one change.',
        after=[
            replace(
                *ONE,
                "get",
                "responses",
                "200",
                "content",
                "application/json",
                "schema",
                value={
                    "type": "object",
                    "properties": {"data": {"$ref": "#/components/schemas/Integration"}},
                },
            )
        ],
    ),
    Pair(
        "response-properties-replaced-by-an-unrelated-object",
        SEED,
        True,
        frozenset({"response-property-removed", "response-optional-property-added"}),
        "Most fields gone and a `meta` object come: nothing moved, each field is lost on its own.",
        after=lambda document: patched(
            document,
            [
                *(
                    remove(*INTEGRATION, "properties", name)
                    for name in ("shop_url", "failing_since", "last_fetch", "webhook_url", "webhook_active")
                ),
                remove(*INTEGRATION, "properties", "service_point_enabled"),
                remove(*INTEGRATION, "properties", "service_point_carriers"),
                add(
                    *INTEGRATION,
                    "properties",
                    "meta",
                    value={"type": "object", "properties": {"shop_url": {"type": "string"}}},
                ),
            ],
        ),
    ),
    Pair(
        "response-enum-value-added",
        V3,
        True,
        frozenset({"response-property-enum-value-added"}),
        "A client that maps every status category to an action has none for RETURNED.",
        after=[add(*MAPPING, "items", "properties", "status_category", "enum", "-", value="RETURNED")],
    ),
    Pair(
        "response-enum-value-removed",
        V3,
        False,
        frozenset({"response-property-enum-value-removed"}),
        "A client that handles CANCEL just never sees it.",
        after=[remove(*MAPPING, "items", "properties", "status_category", "enum", "3")],
    ),
    Pair(
        "response-optional-property-added",
        SEED,
        False,
        frozenset({"response-optional-property-added"}),
        "Clients ignore fields they do not know.",
        after=[
            add(*INTEGRATION, "properties", "created_at", value={"type": "string", "format": "date-time"})
        ],
    ),
    Pair(
        "response-property-became-required",
        SEED,
        False,
        frozenset({"response-property-became-required"}),
        "A client that handled a missing shop_url is never handed one.",
        after=[
            replace(*INTEGRATION, "required", value=["shop_name", "system", "last_updated_at", "shop_url"])
        ],
    ),
    Pair(
        "response-max-length-tightened",
        SEED,
        False,
        frozenset({"response-property-constraint-narrowed"}),
        "Shorter shop names fit wherever the longer ones did.",
        after=[replace(*INTEGRATION, "properties", "shop_name", "maxLength", value=100)],
    ),
    Pair(
        "response-max-length-loosened",
        SEED,
        True,
        frozenset({"response-property-constraint-widened"}),
        "A client storing shop names in a 250-character column truncates or fails on longer ones.",
        after=[replace(*INTEGRATION, "properties", "shop_name", "maxLength", value=500)],
    ),
    Pair(
        "response-property-no-longer-nullable",
        SEED,
        False,
        frozenset({"response-property-became-not-nullable"}),
        "A client ready for a null failing_since is ready for a date.",
        after=[replace(*INTEGRATION, "properties", "failing_since", "type", value="string")],
    ),
    Pair(
        "response-header-removed",
        V3,
        True,
        frozenset({"response-header-removed"}),
        "v3 pages through the Link header: a client following it reads the first page only.",
        after=[remove(*V3_LOGS, "responses", "200", "headers", "Link")],
    ),
    Pair(
        "error-envelope-changed",
        V2,
        True,
        frozenset({"response-property-removed"}),
        "A client that shows the v2 envelope's message to its user has nothing to show.",
        after=[
            remove(
                "components",
                "responses",
                "404-Integrations",
                "content",
                "application/json",
                "schema",
                "properties",
                "error",
                "properties",
                "message",
            ),
            replace(
                "components",
                "responses",
                "404-Integrations",
                "content",
                "application/json",
                "schema",
                "properties",
                "error",
                "required",
                value=["code", "request"],
            ),
        ],
    ),
    # What a client sends.
    Pair(
        "new-required-query-parameter",
        V2,
        True,
        frozenset({"new-required-request-parameter"}),
        "Every list request the client sends today lacks shop_id and is refused.",
        after=[
            add(
                "paths",
                "/integrations",
                "get",
                "parameters",
                "-",
                value={"in": "query", "name": "shop_id", "required": True, "schema": {"type": "integer"}},
            )
        ],
    ),
    Pair(
        "new-optional-query-parameter",
        V2,
        False,
        frozenset({"new-optional-request-parameter"}),
        "A client that does not send page_size gets what it got.",
        after=[add(*SHIPMENTS, "get", "parameters", "-", value=PAGE)],
    ),
    Pair(
        "query-parameter-became-required",
        V2,
        True,
        frozenset({"request-parameter-became-required"}),
        "A client listing all shipments sends no start_date.",
        after=[replace(*SHIPMENTS, "get", "parameters", "1", "required", value=True)],
    ),
    Pair(
        "query-parameter-removed",
        V2,
        True,
        frozenset({"request-parameter-removed"}),
        "A client that sorts the list by ordering gets an unsorted list, or a 400.",
        after=[remove("paths", "/integrations", "get", "parameters", "0")],
    ),
    Pair(
        "query-parameter-renamed-in-words",
        V2,
        True,
        frozenset({"request-parameter-renamed", "documentation-changed"}),
        "A client sending ordering sends a parameter the document now calls sort, as it says: one change.",
        after=[
            replace("paths", "/integrations", "get", "parameters", "0", "name", value="sort"),
            replace(
                "paths",
                "/integrations",
                "get",
                "parameters",
                "0",
                "description",
                value="The field to order by. Previously `ordering`.",
            ),
        ],
    ),
    Pair(
        "query-parameter-type-changed",
        V2,
        True,
        frozenset({"request-parameter-type-changed"}),
        "A client sending shipping_rules=true sends what is no longer an integer.",
        after=[replace(*SHIPMENTS, "get", "parameters", "5", "schema", "type", value="integer")],
    ),
    Pair(
        "query-parameter-type-widened",
        V3,
        False,
        frozenset({"request-parameter-type-generalized"}),
        "Every integer page size the client sends is a number.",
        after=[replace(*V3_LOGS, "parameters", "1", "schema", "type", value="number")],
    ),
    Pair(
        "query-parameter-maximum-narrowed",
        V3,
        True,
        frozenset({"request-parameter-constraint-narrowed"}),
        "A client asking for 100 logs a page is refused at 50.",
        after=[replace(*V3_LOGS, "parameters", "1", "schema", "maximum", value=50)],
    ),
    Pair(
        "query-parameter-enum-value-removed",
        V3,
        True,
        frozenset({"request-parameter-enum-value-removed"}),
        "An Italian shop's client asks for it-it and is refused.",
        after=[remove("components", "parameters", "language", "schema", "enum", "6")],
    ),
    Pair(
        "query-parameter-enum-value-added",
        V3,
        False,
        frozenset({"request-parameter-enum-value-added"}),
        "Clients that never ask for pl-pl are not affected.",
        after=[add("components", "parameters", "language", "schema", "enum", "-", value="pl-pl")],
    ),
    Pair(
        "query-parameter-became-enum",
        V2,
        True,
        frozenset({"request-parameter-became-enum"}),
        "A client ordering by -last_updated_at (descending) sends a value no longer listed.",
        after=[
            add(
                "paths",
                "/integrations",
                "get",
                "parameters",
                "0",
                "schema",
                "enum",
                value=["id", "shop_name", "system", "last_updated_at"],
            )
        ],
    ),
    Pair(
        "new-required-request-property",
        V3,
        True,
        frozenset({"new-required-request-property"}),
        "Every log a client creates today lacks level and is refused.",
        after=[
            add(*LOG_CREATE, "properties", "level", value=LEVEL),
            add(*LOG_CREATE, "required", "-", value="level"),
        ],
    ),
    Pair(
        "new-optional-request-property",
        V3,
        False,
        frozenset({"new-optional-request-property"}),
        "A client that never sends level creates logs as before.",
        after=[add(*LOG_CREATE, "properties", "level", value=LEVEL)],
    ),
    Pair(
        "request-property-became-required",
        V3,
        True,
        frozenset({"request-property-became-required"}),
        "A client that leaves method out (it defaults to '') is refused.",
        after=[add(*LOG_CREATE, "required", "-", value="method")],
    ),
    Pair(
        "request-property-removed",
        V3,
        True,
        frozenset({"request-property-removed"}),
        "The body forbids extra fields: a client still sending exception_type gets 400 extra_forbidden.",
        after=[remove(*LOG_CREATE, "properties", "exception_type")],
    ),
    Pair(
        "request-property-type-changed",
        V3,
        True,
        frozenset({"request-property-type-changed"}),
        "A client sends the integration id as a number, not a string.",
        after=[
            replace(
                "components",
                "schemas",
                "create-custom-status-mapping",
                "properties",
                "integration_id",
                "type",
                value="string",
            )
        ],
    ),
    Pair(
        "request-property-no-longer-nullable",
        V3,
        True,
        frozenset({"request-property-became-not-nullable"}),
        "A client that sends full_url: null for a log without one is refused.",
        after=[replace(*LOG_CREATE, "properties", "full_url", "type", value="string")],
    ),
    Pair(
        "enum-value-removed-from-a-shared-model",
        V3,
        True,
        frozenset({"request-property-enum-value-removed", "response-property-enum-value-removed"}),
        "The update model is PATCH's request and (through allOf) part of the answers: a client setting "
        "delayed is refused; a client reading it never sees it.",
        after=[
            remove("components", "schemas", "integration-model", "properties", "feedback_type", "enum", "1")
        ],
    ),
    Pair(
        "request-max-items-narrowed",
        V3,
        True,
        frozenset({"request-property-constraint-narrowed"}),
        "A shop with translations in seven languages cannot send them all.",
        after=[
            replace(
                "components",
                "schemas",
                "post-shop-order-statuses",
                "properties",
                "statuses",
                "items",
                "properties",
                "translations",
                "maxItems",
                value=3,
            )
        ],
    ),
    Pair(
        "request-min-length-dropped",
        V3,
        False,
        frozenset({"request-property-constraint-widened"}),
        "Every base_url a client sent is still allowed.",
        after=[remove(*LOG_CREATE, "properties", "base_url", "minLength")],
    ),
    Pair(
        "request-body-became-required",
        V3,
        True,
        frozenset({"request-body-became-required"}),
        "A client that touches an integration with an empty PATCH is refused.",
        after=[add(*ONE, "patch", "requestBody", "required", value=True)],
    ),
    Pair(
        "request-media-type-changed",
        V2,
        True,
        frozenset({"request-body-media-type-removed", "request-body-media-type-added"}),
        "A client posting shipments as JSON is refused when only XML is accepted.",
        after=lambda document: patched(
            document,
            [
                add(
                    *SHIPMENTS,
                    "post",
                    "requestBody",
                    "content",
                    "application/xml",
                    value=document["paths"]["/integrations/{id}/shipments"]["post"]["requestBody"]["content"][
                        "application/json"
                    ],
                ),
                remove(*SHIPMENTS, "post", "requestBody", "content", "application/json"),
            ],
        ),
    ),
    Pair(
        "request-alternative-removed",
        V2,
        True,
        frozenset({"request-body-one-of-removed"}),
        "A client deleting shipments by external order and shipment id has no way left to say so.",
        after=[
            remove(
                "paths",
                "/integrations/{id}/shipments/delete",
                "post",
                "requestBody",
                "content",
                "application/json",
                "schema",
                "oneOf",
                "1",
            )
        ],
    ),
    Pair(
        "read-only-property-required",
        V2,
        False,
        frozenset({"response-property-became-required"}),
        "shop_name is read-only: a client never sends it, so requiring it asks nothing of a request; the "
        "answers always carry it.",
        after=[add("components", "schemas", "IntegrationUpdate", "required", value=["shop_name"])],
    ),
    Pair(
        "basic-authentication-dropped",
        V2,
        True,
        frozenset({"api-security-removed"}),
        "A client authenticating with Basic (the main mechanism) gets 401.",
        after=[replace(*ONE, "get", "security", value=[{"OAuth2ClientCreds": []}])],
    ),
    Pair(
        "token-url-moved",
        V2,
        True,
        frozenset({"api-security-component-changed"}),
        "An OAuth2 client configured with the old token URL cannot get a token.",
        after=[
            replace(
                "components",
                "securitySchemes",
                "OAuth2ClientCreds",
                "flows",
                "clientCredentials",
                "tokenUrl",
                value="https://account.sendcloud.com/oauth2/v2/token/",
            )
        ],
    ),
    # Refactors that change nothing a client meets.
    Pair(
        "descriptions-and-examples",
        SEED,
        False,
        frozenset({"documentation-changed"}),
        "Words and examples are for the reader; the wire is the same.",
        after=[
            replace(
                *INTEGRATION,
                "properties",
                "shop_name",
                "description",
                value="The shop's name, as its owner wrote it",
            ),
            replace(
                *ONE,
                "get",
                "responses",
                "200",
                "content",
                "application/json",
                "examples",
                "RetrieveIntegration",
                "value",
                "system",
                value="api",
            ),
        ],
    ),
    Pair(
        "ref-inlined",
        V2,
        False,
        frozenset(),
        "The schema behind a $ref, written in place, is the same schema.",
        after=inline_integration,
    ),
    Pair(
        "schema-moved",
        V2,
        False,
        frozenset(),
        "A component's name is not on the wire.",
        after=rename_component("Integration", "IntegrationObject"),
    ),
    Pair(
        "schema-split-into-all-of",
        SEED,
        False,
        frozenset(),
        "allOf of two halves allows exactly what the whole allowed.",
        after=split_into_all_of,
    ),
    Pair(
        "exclusive-bound-spelled-as-in-3.0",
        V3,
        False,
        frozenset(),
        "OpenAPI 3.0's `maximum: 100, exclusiveMaximum: true` is 3.1's `exclusiveMaximum: 100`.",
        before=lambda document: patched(
            document,
            [
                replace("openapi", value="3.0.3"),
                replace(
                    *V3_LOGS,
                    "parameters",
                    "1",
                    "schema",
                    value={"type": "integer", "maximum": 100, "exclusiveMaximum": True},
                ),
            ],
        ),
        after=[
            replace(*V3_LOGS, "parameters", "1", "schema", value={"type": "integer", "exclusiveMaximum": 100})
        ],
    ),
    Pair(
        "yaml-reformatted",
        V2,
        False,
        frozenset(),
        "The same document dumped again (other quoting, other order) says the same.",
        written_as="yaml",
    ),
    Pair(
        "written-as-json",
        V3,
        False,
        frozenset(),
        "The same document in JSON says the same.",
        written_as="json",
    ),
]
