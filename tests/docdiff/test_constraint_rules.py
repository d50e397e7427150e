"""What one schema allows, old against new: each rule on a breaking change and on a harmless one."""

from __future__ import annotations

import pytest

from sendcloud_contracts.docdiff.changes import Operation, Side, Where
from sendcloud_contracts.docdiff.normalise import View
from sendcloud_contracts.docdiff.rules import constraints

from .builders import found, read_change, reading, send_change

pytestmark = pytest.mark.rules

OBJ = "object"


def view(**keywords: object) -> View:
    return View("#/x", **keywords)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("shown", "expected"),
    [
        (view(), "any type"),
        (view(types=frozenset()), "no value"),
        (view(types=frozenset({"null"})), "null"),
        (view(types=frozenset({"string", "null"}), format="date-time"), "string (date-time) | null"),
        (view(types=frozenset({"integer", "number"}), format="int32"), "integer (int32) | number (int32)"),
        (view(types=frozenset({"object", "array"}), format="odd"), "array | object"),
        (view(types=frozenset({"boolean"})), "boolean"),
    ],
)
def test_a_kind_reads_as_types_with_their_format_and_null_last(shown: View, expected: str) -> None:
    assert constraints.kind(shown) == expected


# Types and formats.


@pytest.mark.parametrize(
    ("old", "new", "read", "sent"),
    [
        ({"type": "integer"}, {"type": "string"}, "type-changed", "type-changed"),
        ({"type": "number"}, {"type": "integer"}, "type-specialized", "type-changed"),
        ({"type": "integer"}, {"type": "number"}, "type-changed", "type-generalized"),
        ({}, {"type": "string"}, "type-specialized", "type-changed"),
        ({"type": "string"}, {}, "type-changed", "type-generalized"),
        ({"type": ["string", "integer"]}, {"type": "string"}, "type-specialized", "type-changed"),
        (
            {"type": "string", "format": "date-time"},
            {"type": "string", "format": "date"},
            "type-changed",
            "type-changed",
        ),
        ({"type": "string"}, {"type": "string", "format": "uri"}, "type-specialized", "type-changed"),
        ({"type": "string", "format": "uri"}, {"type": "string"}, "type-changed", "type-generalized"),
        (
            {"type": "string", "format": "uri"},
            {"type": ["string", "integer"], "format": "uri"},
            "type-changed",
            "type-generalized",
        ),
    ],
)
def test_types_and_formats_break_a_reader_when_they_widen_and_a_sender_when_they_narrow(
    old: dict[str, object], new: dict[str, object], read: str, sent: str
) -> None:
    assert [rule for rule, _, _ in read_change(old, new)] == [f"response-body-{read}"]
    assert [rule for rule, _, _ in send_change(old, new)] == [f"request-body-{sent}"]


def test_a_type_change_shows_both_kinds_without_null() -> None:
    old = {"type": ["integer", "null"]}
    new = {"type": ["string", "null"]}
    assert read_change(old, new) == [("response-body-type-changed", "integer", "string")]


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ({"type": ["string", "null"]}, {"type": ["null", "string"]}),
        ({"type": "string", "format": "uri"}, {"type": ["string"], "format": "uri"}),
        ({"type": "integer"}, {"type": "integer", "description": "another word"}),
    ],
)
def test_the_same_types_in_another_spelling_are_no_change(
    old: dict[str, object], new: dict[str, object]
) -> None:
    assert read_change(old, new) == []
    assert send_change(old, new) == []


# Null.


def test_null_allowed_breaks_a_reader_and_not_a_sender() -> None:
    old, new = {"type": "string"}, {"type": ["string", "null"]}
    assert read_change(old, new) == [("response-body-became-nullable", "string", "string | null")]
    assert send_change(old, new) == [("request-body-became-nullable", "string", "string | null")]
    assert read_change(new, old) == [("response-body-became-not-nullable", "string | null", "string")]
    assert send_change(new, old) == [("request-body-became-not-nullable", "string | null", "string")]


def test_null_spelled_as_in_openapi_3_0_is_the_same_null() -> None:
    assert read_change({"type": "string"}, {"type": "string", "nullable": True}) == [
        ("response-body-became-nullable", "string", "string | null")
    ]
    assert read_change({"type": ["string", "null"]}, {"type": "string", "nullable": True}) == []


def test_null_is_not_compared_where_one_side_allows_any_type() -> None:
    assert read_change({}, {"type": ["string", "null"]}) == [
        ("response-body-type-specialized", "any type", "string")
    ]


# Listed values.


def test_each_value_added_to_a_list_breaks_a_reader_and_is_reported_on_its_own() -> None:
    old, new = {"type": "string", "enum": ["a", "b"]}, {"type": "string", "enum": ["b", "c", "d", "a"]}
    assert read_change(old, new) == [
        ("response-body-enum-value-added", "(absent)", '"c"'),
        ("response-body-enum-value-added", "(absent)", '"d"'),
    ]
    assert send_change(old, new) == [
        ("request-body-enum-value-added", "(absent)", '"c"'),
        ("request-body-enum-value-added", "(absent)", '"d"'),
    ]


def test_each_value_removed_breaks_a_sender() -> None:
    old, new = {"type": "string", "enum": ["a", "b", "c"]}, {"type": "string", "enum": ["a"]}
    assert send_change(old, new) == [
        ("request-body-enum-value-removed", '"b"', "(absent)"),
        ("request-body-enum-value-removed", '"c"', "(absent)"),
    ]
    assert [rule for rule, _, _ in read_change(old, new)] == ["response-body-enum-value-removed"] * 2


def test_a_list_of_values_set_or_dropped() -> None:
    listed = {"type": "string", "enum": ["b", "a"]}
    assert send_change({"type": "string"}, listed) == [("request-body-became-enum", "any value", '"a", "b"')]
    assert read_change({"type": "string"}, listed) == [("response-body-became-enum", "any value", '"a", "b"')]
    assert read_change(listed, {"type": "string"}) == [
        ("response-body-became-not-enum", '"a", "b"', "any value")
    ]
    assert send_change(listed, {"type": "string"}) == [
        ("request-body-became-not-enum", '"a", "b"', "any value")
    ]


def test_the_same_values_in_another_order_or_as_const_are_no_change() -> None:
    assert read_change({"enum": [1, 2]}, {"enum": [2, 1]}) == []
    assert read_change({"enum": ["x"]}, {"const": "x"}) == []
    # null in a list of values is the nullability's business.
    assert (
        read_change(
            {"type": ["string", "null"], "enum": ["a"]}, {"type": ["string", "null"], "enum": ["a", None]}
        )
        == []
    )


# Bounds.

UPPER = ["maxLength", "maximum", "exclusiveMaximum", "maxItems", "maxProperties"]
LOWER = ["minLength", "minimum", "exclusiveMinimum", "minItems", "minProperties"]


@pytest.mark.parametrize("keyword", UPPER)
def test_a_lower_upper_bound_narrows(keyword: str) -> None:
    assert send_change({keyword: 10}, {keyword: 9}) == [
        ("request-body-constraint-narrowed", f"{keyword} 10", f"{keyword} 9")
    ]
    assert read_change({keyword: 10}, {keyword: 11}) == [
        ("response-body-constraint-widened", f"{keyword} 10", f"{keyword} 11")
    ]
    assert read_change({keyword: 10}, {keyword: 9}) == [
        ("response-body-constraint-narrowed", f"{keyword} 10", f"{keyword} 9")
    ]
    assert send_change({keyword: 10}, {keyword: 11}) == [
        ("request-body-constraint-widened", f"{keyword} 10", f"{keyword} 11")
    ]


@pytest.mark.parametrize("keyword", LOWER)
def test_a_higher_lower_bound_narrows(keyword: str) -> None:
    assert send_change({keyword: 1}, {keyword: 2}) == [
        ("request-body-constraint-narrowed", f"{keyword} 1", f"{keyword} 2")
    ]
    assert read_change({keyword: 1}, {keyword: 0}) == [
        ("response-body-constraint-widened", f"{keyword} 1", f"{keyword} 0")
    ]


@pytest.mark.parametrize("keyword", [*UPPER, *LOWER])
def test_a_bound_set_narrows_and_a_bound_dropped_widens(keyword: str) -> None:
    assert send_change({}, {keyword: 5}) == [
        ("request-body-constraint-narrowed", f"no {keyword}", f"{keyword} 5")
    ]
    assert read_change({keyword: 5}, {}) == [
        ("response-body-constraint-widened", f"{keyword} 5", f"no {keyword}")
    ]


def test_a_bound_of_the_same_value_is_no_change_and_a_boolean_is_no_bound() -> None:
    assert send_change({"maxLength": 3}, {"maxLength": 3.0}) == []
    assert send_change({"maxLength": True}, {}) == []


def test_patterns_added_removed_and_changed() -> None:
    assert send_change({}, {"pattern": "^a"}) == [
        ("request-body-constraint-narrowed", "no pattern", "pattern ^a")
    ]
    assert read_change({"pattern": "^a"}, {}) == [
        ("response-body-constraint-widened", "pattern ^a", "no pattern")
    ]
    assert read_change({"pattern": "^a"}, {"pattern": "^b"}) == [
        ("response-body-constraint-changed", "pattern ^a", "pattern ^b")
    ]
    assert send_change({"pattern": "^a"}, {"pattern": "^b"}) == [
        ("request-body-constraint-changed", "pattern ^a", "pattern ^b")
    ]


def test_unique_items_narrows_a_list() -> None:
    assert send_change({"type": "array"}, {"type": "array", "uniqueItems": True}) == [
        ("request-body-constraint-narrowed", "no uniqueItems", "uniqueItems: true")
    ]
    assert send_change({"type": "array", "uniqueItems": False}, {"type": "array"}) == []


def test_closing_an_object_narrows_what_a_client_sends_and_nothing_it_reads() -> None:
    closed = {"type": OBJ, "additionalProperties": False}
    assert send_change({"type": OBJ}, closed) == [
        ("request-body-constraint-narrowed", "no additionalProperties", "additionalProperties: false")
    ]
    assert send_change(closed, {"type": OBJ}) == [
        ("request-body-constraint-widened", "additionalProperties: false", "no additionalProperties")
    ]
    assert read_change(closed, {"type": OBJ}) == []
    assert read_change({"type": OBJ}, closed) == []


# Documentation.


def test_documentation_changes_are_said_and_break_nobody() -> None:
    old = reading({"type": "string", "description": "a", "title": "T"})
    new = reading({"type": "string", "description": "b", "example": "x", "title": "T"})
    assert found(old, new) == [
        (
            "documentation-changed",
            "response 200 application/json",
            'description: "a"; example: (absent)',
            'description: "b"; example: "x"',
        )
    ]


def test_the_same_documentation_is_no_change() -> None:
    where = Where(Operation("get", "/things"), "response 200", Side.RESPONSE, "response-body")
    assert (
        list(
            constraints.documentation_changes(where, {"description": "a"}, {"description": "a"}, "#/a", "#/b")
        )
        == []
    )


def test_every_bound_is_compared_after_those_that_did_not_move() -> None:
    old = {"type": "object", "maxLength": 3, "additionalProperties": False, "pattern": "^a"}
    new = {"type": "object", "maxLength": 3, "minItems": 1, "additionalProperties": False, "pattern": "^b"}
    assert read_change(old, new) == [
        ("response-body-constraint-changed", "pattern ^a", "pattern ^b"),
        ("response-body-constraint-narrowed", "no minItems", "minItems 1"),
    ]


def test_unique_items_counts_in_what_a_client_reads_too() -> None:
    assert read_change({"type": "array", "uniqueItems": True}, {"type": "array"}) == [
        ("response-body-constraint-widened", "uniqueItems: true", "no uniqueItems")
    ]


def test_words_added_or_removed_show_absent_on_the_other_side() -> None:
    old = reading({"type": "string", "example": "x"})
    new = reading({"type": "string", "title": "T"})
    assert found(old, new) == [
        (
            "documentation-changed",
            "response 200 application/json",
            'example: "x"; title: (absent)',
            'example: (absent); title: "T"',
        )
    ]
