"""v3 and v2 agree on the same integration: renamed fields under the document's own mapping,
timestamps as instants, null only equal to null; a fact stated differently fails, naming both."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest
import yaml

from sendcloud_contracts.double.data import SEEDED_INTEGRATIONS
from sendcloud_contracts.rules.agreement import (
    INFERRED_RENAMES,
    Side,
    agree,
    disagreements,
    id_sets,
    pairings,
    stated_renames,
)
from sendcloud_contracts.spec import load_spec

from ..conftest import ROOT

if TYPE_CHECKING:
    from pathlib import Path

pytestmark = pytest.mark.rules

V3 = load_spec(ROOT / "spec" / "sendcloud-v3-integrations-openapi.yml")
# As the v3 document states them (`test_the_renames_are_read_from_the_documents_own_descriptions`).
RENAMES = {"type": "system", "started_failing_at": "failing_since", "last_fetched_at": "last_fetch"}
V2_ITEM: dict[str, Any] = dict(SEEDED_INTEGRATIONS[3])
V3_ITEM: dict[str, Any] = {
    "id": V2_ITEM["id"],
    "shop_name": V2_ITEM["shop_name"],
    "shop_url": V2_ITEM["shop_url"],
    "type": V2_ITEM["system"],
    "started_failing_at": V2_ITEM["failing_since"],
    "last_fetched_at": V2_ITEM["last_fetch"],
    "created_at": "2021-01-01T00:00:00Z",
    "updated_at": V2_ITEM["last_updated_at"],
    "service_point_enabled": V2_ITEM["service_point_enabled"],
    "service_point_carriers": V2_ITEM["service_point_carriers"],
    "webhook_active": V2_ITEM["webhook_active"],
    "webhook_url": V2_ITEM["webhook_url"],
    "feedback_type": "eager",
}


def judged(newer: dict[str, Any], older: dict[str, Any] = V2_ITEM) -> list[tuple[str, str, bool]]:
    found = disagreements(
        Side("v3", "/api/v3/integrations/90210", newer),
        Side("v2", "/api/v2/integrations/90210", older),
        RENAMES,
        "integration 90210",
    )
    return [(violation.field, violation.received, inferred) for violation, inferred in found]


def test_the_renames_are_read_from_the_documents_own_descriptions() -> None:
    assert stated_renames(V3) == RENAMES
    assert INFERRED_RENAMES == {"updated_at": "last_updated_at"}
    # A document that states none (v2 describes no earlier version) has none.
    assert stated_renames(load_spec(ROOT / "spec" / "sendcloud-v2-integrations-openapi.yml")) == {}


def test_a_rename_is_read_wherever_the_schema_states_it(tmp_path: Path) -> None:
    document = yaml.safe_load((ROOT / "spec" / "sendcloud-v3-integrations-openapi.yml").read_text())
    model = document["components"]["schemas"]["integration-response-model"]
    # The fields moved out of `allOf` into the schema's own properties, one stated in other words.
    properties = model["allOf"][1]["properties"]
    properties["type"]["description"] = (
        "In the Integrations API V2, this attribute was referred to as `kind`."
    )
    # A field without a description states nothing.
    del properties["id"]["description"]
    model["properties"] = properties
    model["allOf"] = model["allOf"][:1]
    path = tmp_path / "v3.yaml"
    path.write_text(yaml.safe_dump(document))
    assert stated_renames(load_spec(path)) == {**RENAMES, "type": "kind"}


def test_a_document_without_the_integration_states_no_rename(tmp_path: Path) -> None:
    document = yaml.safe_load((ROOT / "spec" / "sendcloud-v3-integrations-openapi.yml").read_text())
    del document["paths"]["/integrations/{id}"]["get"]
    path = tmp_path / "v3.yaml"
    path.write_text(yaml.safe_dump(document))
    assert stated_renames(load_spec(path)) == {}


def test_an_integration_outside_the_wrapper_states_its_renames_all_the_same(tmp_path: Path) -> None:
    document = yaml.safe_load((ROOT / "spec" / "sendcloud-v3-integrations-openapi.yml").read_text())
    content = document["paths"]["/integrations/{id}"]["get"]["responses"]["200"]["content"]
    content["application/json"]["schema"] = {"$ref": "#/components/schemas/integration-response-model"}
    path = tmp_path / "v3.yaml"
    path.write_text(yaml.safe_dump(document))
    assert stated_renames(load_spec(path)) == RENAMES


def test_the_same_integration_in_both_versions_agrees() -> None:
    assert judged(V3_ITEM) == []


@pytest.mark.parametrize(
    "changes",
    [
        # The same instants written with other offsets, or other precision.
        {
            "started_failing_at": "2022-03-14T06:02:11.004512Z",
            "last_fetched_at": "2022-03-13T22:59:59.999999+00:00",
        },
        {"updated_at": "2022-03-14T08:02:11.12+02:00"},
        # Fields only v3 has, or leaves out.
        {"feedback_type": "none", "loyalty_tier": "gold"},
        {"shop_url": ...},
    ],
)
def test_valid_differences_in_writing_agree(changes: dict[str, Any]) -> None:
    newer = {**V3_ITEM, **changes}
    assert judged({key: value for key, value in newer.items() if value is not ...}) == []


def test_a_renamed_field_with_another_value_fails_naming_both_fields_and_values() -> None:
    (violation,) = disagreements(
        Side("v3", "/api/v3/integrations/90210", {**V3_ITEM, "type": "shopify"}),
        Side("v2", "/api/v2/integrations/90210", V2_ITEM),
        RENAMES,
        "integration 90210",
    )
    assert violation[1] is False
    assert str(violation[0]) == (
        '[versions_agree] integration 90210: v3 type / v2 system: Received: "shopify" '
        "(v3, /api/v3/integrations/90210)"
        ' / Documented: "odoo", as v2 system holds (/api/v2/integrations/90210). The versions disagree: '
        "a client moving to v3 would read another value"
    )


@pytest.mark.parametrize(
    ("changes", "field", "inferred"),
    [
        ({"shop_name": "Bloemenhuis"}, "integration 90210: v3 shop_name / v2 shop_name", False),
        (
            {"started_failing_at": "2022-03-14T07:02:12+01:00"},
            "integration 90210: v3 started_failing_at / v2 failing_since",
            False,
        ),
        ({"last_fetched_at": None}, "integration 90210: v3 last_fetched_at / v2 last_fetch", False),
        (
            {"service_point_enabled": 1},
            "integration 90210: v3 service_point_enabled / v2 service_point_enabled",
            False,
        ),
        (
            {"service_point_carriers": ["dpd", "dhl", "postnl"]},
            "integration 90210: v3 service_point_carriers / v2 service_point_carriers",
            False,
        ),
        (
            {"updated_at": "2023-01-01T00:00:00Z"},
            "integration 90210: v3 updated_at / v2 last_updated_at",
            True,
        ),
    ],
)
def test_each_fact_stated_differently_fails(changes: dict[str, Any], field: str, inferred: bool) -> None:
    assert [(found[0], found[2]) for found in judged({**V3_ITEM, **changes})] == [(field, inferred)]


def test_null_equals_only_null_and_instants_only_instants() -> None:
    assert agree(None, None)
    assert not agree(None, "")
    assert not agree("2022-01-01T00:00:00Z", None)
    assert agree("2022-01-01T00:00:00Z", "2022-01-01T01:00:00+01:00")
    assert not agree("2022-01-01T00:00:00Z", "2022-01-01T00:00:00")
    assert not agree(True, 1)
    assert agree({"a": [1]}, {"a": [1]})


def test_pairings_take_the_stated_renames_before_the_same_names() -> None:
    found = {
        (pairing.newer, pairing.older, pairing.inferred) for pairing in pairings(V3_ITEM, V2_ITEM, RENAMES)
    }
    assert ("type", "system", False) in found
    assert ("updated_at", "last_updated_at", True) in found
    assert ("id", "id", False) in found
    assert not any(
        newer == "created_at" or (older == "system" and newer != "type") for newer, older, _ in found
    )
    # A v2 field named like a v3 field that renames another is not paired by name, nor the other way.
    both = pairings({"type": "api", "system": "x"}, {"type": "y", "system": "api"}, RENAMES)
    assert [(pairing.newer, pairing.older) for pairing in both] == [("type", "system")]
    # A rename pairs only where both sides carry their field.
    assert pairings({"type": "api"}, {"kind": "api"}, RENAMES) == []
    assert pairings({"kind": "api"}, {"system": "api"}, RENAMES) == []


def test_both_lists_hold_the_same_integrations() -> None:
    newer, older = Side("v3", "/api/v3/integrations", {}), Side("v2", "/api/v2/integrations", {})
    assert list(id_sets(newer, [5, 123], older, [123, 5])) == []
    (violation,) = id_sets(newer, [5, 123], older, [5, 123, 4711, 90210])
    assert (violation.rule, violation.field, violation.received) == (
        "versions_agree",
        "v3 GET /api/v3/integrations",
        "2 integrations, without 4711, 90210",
    )
    assert violation.documented == "the integrations v2 lists (/api/v2/integrations), 4711, 90210 among them"
    assert violation.fix == "The versions list different integrations of one account"
    assert [v.field for v in id_sets(newer, [1], older, [2])] == [
        "v3 GET /api/v3/integrations",
        "v2 GET /api/v2/integrations",
    ]
