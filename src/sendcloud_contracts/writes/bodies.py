"""Request bodies for the write contract: drawn by Hypothesis from the document's own schemas
(schemathesis' positive generation), then made safe to send to a real account.

Safe means: every URL on `example.com` (RFC 2606: nobody's host, so a webhook set during a run calls
no one), every person and address the same example values (never personal data), and the run's own
keys on what it creates. The document's schemas stay in charge of every other value.
"""

from __future__ import annotations

import copy
from typing import TYPE_CHECKING, Any

import schemathesis
from hypothesis import strategies as st

from sendcloud_contracts.spec import HTTP_METHODS

if TYPE_CHECKING:
    from sendcloud_contracts.spec import Spec

EXAMPLE_URL = "https://example.com/sc-contracts"
# What a created order says about a person: example values, the same on every run.
EXAMPLE_PARTY = {
    "name": "Example Recipient",
    "company_name": "Example Company",
    "address": "Example Street",
    "address_2": "",
    "house_number": "1",
    "city": "Example City",
    "postal_code": "1000 AA",
    "country": "NL",
    "email": "sc-contracts@example.com",
    "telephone": "+31000000000",
}


# The field a refused write also changes: both versions write it, and any URL is coherent.
REFUSED_FIELD = "shop_url"

_SCHEMAS: dict[int, schemathesis.BaseSchema] = {}


def _schema(spec: Spec) -> schemathesis.BaseSchema:
    # One per document for the process: loading one takes a while, and a run writes many bodies.
    key = id(spec.document)
    if key not in _SCHEMAS:
        _SCHEMAS[key] = schemathesis.openapi.from_dict(_with_object_bodies(spec.document))
    return _SCHEMAS[key]


def _with_object_bodies(document: dict[str, Any]) -> dict[str, Any]:
    """A request body schema that lists properties is an object: the v2 document's `IntegrationUpdate`
    lists them without saying so, and a body of `true` is no update of anything."""
    copied = copy.deepcopy(document)
    for schema in copied.get("components", {}).get("schemas", {}).values():
        if isinstance(schema, dict) and "properties" in schema and "type" not in schema:
            schema["type"] = "object"
    return copied


def documented(spec: Spec, method: str, path: str) -> st.SearchStrategy[Any]:
    """Bodies of `method path` the document allows, as Hypothesis draws them."""
    assert method.lower() in HTTP_METHODS
    operation = _schema(spec)[path][method.upper()]
    cases = operation.as_strategy(generation_mode=schemathesis.GenerationMode.POSITIVE)
    # A case without a body (the document's body is optional) holds schemathesis' `NotSet`: no body.
    return cases.map(lambda case: copy.deepcopy(case.body) if isinstance(case.body, (dict, list)) else None)


def plain_members(spec: Spec, schema: dict[str, Any]) -> st.SearchStrategy[dict[str, Any]]:
    """Values for the plain members (strings, numbers, booleans) of an object schema, each drawn
    from its own schema, each present or not. Nested members are left to the document's example:
    drawing a whole order of the v2 document at once is rejected more often than it succeeds."""
    resolved = spec.resolve(schema)
    optional = {
        name: strategy
        for name, member in resolved.get("properties", {}).items()
        if (strategy := scalar(spec.resolve(member))) is not None
    }
    return st.fixed_dictionaries({}, optional=optional)


def scalar(schema: dict[str, Any]) -> st.SearchStrategy[Any] | None:
    """A strategy for a scalar JSON schema (enum, string, integer, number, boolean); None otherwise."""
    if schema.get("readOnly"):
        return None
    if "enum" in schema:
        return st.sampled_from(schema["enum"])
    kinds = schema.get("type")
    kind = next((each for each in kinds if each != "null"), None) if isinstance(kinds, list) else kinds
    if kind == "boolean":
        return st.booleans()
    if kind == "integer":
        return st.integers(schema.get("minimum", 0), schema.get("maximum", 10**6))
    if kind == "number":
        return st.floats(schema.get("minimum", 0), schema.get("maximum", 10**6), allow_nan=False)
    if kind == "string" and "format" not in schema:
        # Printable text: what a shop sends; control characters would only test the shop's encoder.
        alphabet = st.characters(min_codepoint=32, max_codepoint=126)
        return st.text(
            alphabet,
            min_size=max(schema.get("minLength", 1), 1),
            max_size=min(schema.get("maxLength", 40), 40),
        )
    return None


def safe(value: Any, key: str = "") -> Any:
    """`value` with every URL on example.com, recursively; strings stay as Hypothesis drew them."""
    if isinstance(value, dict):
        return {name: safe(item, name) for name, item in value.items()}
    if isinstance(value, list):
        return [safe(item, key) for item in value]
    if isinstance(value, str) and (key.endswith("url") or "://" in value):
        return f"{EXAMPLE_URL}/{len(value)}"
    return value


def document_example(spec: Spec, method: str, path: str) -> Any:
    """The document's first example body of `method path`, made safe to send; None without one."""
    operation = spec.document["paths"][path][method.lower()]
    content = spec.resolve(operation["requestBody"])["content"]["application/json"]
    examples: dict[str, Any] = content.get("examples") or {}
    first: dict[str, Any] = next(iter(examples.values()), {})
    value = first.get("value") if examples else content.get("example")
    return safe(copy.deepcopy(value))


def fitted(spec: Spec, value: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    """`value` less the optional members its own schema refuses: a vendor's example is not always
    right (the v2 document's example order writes `customs_details` costs as strings where its
    schema wants objects), and a run should send what the document promises to take."""
    resolved = spec.resolve(schema)
    required = set(resolved.get("required", []))
    properties = resolved.get("properties", {})
    return {
        name: member
        for name, member in value.items()
        if name in required
        or name not in properties
        or spec.schema_validator(spec.resolve(properties[name])).is_valid(member)
    }


def example_order(
    base: dict[str, Any], drawn: dict[str, Any], external_order_id: str, updated_at: str
) -> dict[str, Any]:
    """An order made the run's own: the document's example order, the drawn order's plain values over
    it (nested ones stay the example's, which the API takes), example people and addresses, the run's
    keys, a known time."""
    made = copy.deepcopy(base)
    made.update({name: value for name, value in safe(drawn).items() if not isinstance(value, (dict, list))})
    made.update(EXAMPLE_PARTY)
    made["external_order_id"] = external_order_id
    made["external_shipment_id"] = None
    made["order_number"] = external_order_id
    made["created_at"] = updated_at
    made["updated_at"] = updated_at
    return made


def valid_change(current: dict[str, Any], allowed: list[str]) -> dict[str, Any]:
    """A change the document allows, to send beside a value it forbids: the shop's URL to another
    example URL, where the run may change it; else none."""
    if REFUSED_FIELD not in allowed:
        return {}
    url = f"{EXAMPLE_URL}/refused"
    return {REFUSED_FIELD: url if current.get(REFUSED_FIELD) != url else f"{url}-again"}


def coherent_settings(sent: dict[str, Any], current: dict[str, Any], allowed: list[str]) -> dict[str, Any]:
    """`sent` as the document's descriptions ask besides its schema: a webhook that is on has a URL,
    service points that are on have at least one carrier. Carriers are the document's example code:
    the API knows carriers by code, and a drawn string names none."""
    made = dict(sent)
    if isinstance(made.get("service_point_carriers"), list):
        made["service_point_carriers"] = ["ups" for _carrier in made["service_point_carriers"]][:1]
    merged = {**current, **made}
    for switch, needed, value in (
        ("webhook_active", "webhook_url", f"{EXAMPLE_URL}/webhook"),
        ("service_point_enabled", "service_point_carriers", ["ups"]),
    ):
        if merged.get(switch) is True and not merged.get(needed):
            if needed in allowed:
                made[needed] = value
            else:
                # What it needs is a field the run may not change: leave the switch as it is.
                made.pop(switch, None)
    return made
