"""Generated cases draw ids from the known ids as well as from the schema; negative ones stay negative."""

from __future__ import annotations

import json

from hypothesis import find
from hypothesis import strategies as st

from sendcloud_contracts.double.data import SEEDED_INTEGRATIONS
from sendcloud_contracts.pytest_plugin.preflight import answer_violations, lost_integration
from sendcloud_contracts.pytest_plugin.schemathesis_setup import with_known_ids
from sendcloud_contracts.rules.model import Exchange
from sendcloud_contracts.spec import load_spec

from ..conftest import ROOT

SPEC = load_spec(ROOT / "spec" / "integrations.yaml")

KNOWN = (5, 4711)


def test_a_valid_generated_id_is_kept_or_replaced_by_a_known_one() -> None:
    strategy = with_known_ids({"id": 2**40}, KNOWN)
    assert find(strategy, lambda value: value["id"] == 4711) == {"id": 4711}
    assert find(strategy, lambda value: value["id"] == 5) == {"id": 5}
    assert find(strategy, lambda value: value["id"] == 2**40) == {"id": 2**40}


def test_an_invalid_generated_id_stays_as_generated() -> None:
    for invalid in ("abc", 1.5, None, True):
        assert find(with_known_ids({"id": invalid}, KNOWN), lambda _value: True) == {"id": invalid}


def test_without_known_ids_generation_is_the_schemas() -> None:
    assert find(with_known_ids({"id": 7}, ()), lambda _value: True) == {"id": 7}


def test_the_strategy_is_a_hypothesis_strategy() -> None:
    assert isinstance(with_known_ids({"id": 7}, KNOWN), st.SearchStrategy)


def test_a_404_for_an_id_the_preflight_found_is_a_lost_integration() -> None:
    [violation] = lost_integration(KNOWN, "GET", 404, {"id": "4711"})
    assert str(violation) == (
        "[known_integration] id: Received: 404 / Documented: 200: the preflight found integration 4711 "
        "at the start of this run. The API lost an existing integration mid-run"
    )
    assert list(lost_integration(KNOWN, "GET", 404, {"id": "6"})) == []
    assert list(lost_integration(KNOWN, "GET", 200, {"id": "4711"})) == []
    assert list(lost_integration(KNOWN, "HEAD", 404, {"id": "4711"})) == []
    assert list(lost_integration(KNOWN, "GET", 404, {"id": "abc"})) == []


def _answer(status: int, content_type: str, body: bytes) -> Exchange:
    path = "/api/v2/integrations/123"
    return Exchange("GET", path, status, content_type, body, "/integrations/{id}", {"id": 123})


def test_the_preflights_answer_is_held_to_the_contract() -> None:
    good = json.dumps(SEEDED_INTEGRATIONS[0]).encode()
    assert answer_violations(_answer(200, "application/json", good), SPEC) == []
    status, envelope = answer_violations(_answer(500, "text/html", b"<h1>Server Error</h1>"), SPEC)
    assert str(status) == (
        "[status_code] (status): Received: 500 / Documented: 200 or 404, the statuses documented"
    )
    assert envelope.rule == "error_envelope"
    [content_type] = answer_violations(_answer(200, "text/html", good), SPEC)
    assert (content_type.rule, content_type.received) == ("content_type", "text/html")
    [not_json] = answer_violations(_answer(200, "application/json", good[:-1] + b',"x":NaN}'), SPEC)
    assert "NaN is not a JSON value" in str(not_json)
