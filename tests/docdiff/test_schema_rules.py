"""Schemas compared all the way down: properties, items, alternatives, and where a client meets them."""

from __future__ import annotations

from typing import Any

import pytest

from sendcloud_contracts.docdiff.normalise import Part, Reader
from sendcloud_contracts.docdiff.rules.schemas import choice, signature

from .builders import api, changes, found, reading, sending

pytestmark = pytest.mark.rules

STRING = {"type": "string"}
INTEGER = {"type": "integer"}


def obj(required: tuple[str, ...] = (), **properties: Any) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": "object", "properties": properties}
    if required:
        schema["required"] = list(required)
    return schema


def read(old: Any, new: Any) -> list[tuple[str, str, str, str]]:
    return [item for item in found(reading(old), reading(new)) if item[0] != "documentation-changed"]


def sent(old: Any, new: Any) -> list[tuple[str, str, str, str]]:
    return [item for item in found(sending(old), sending(new)) if item[0] != "documentation-changed"]


READ = "response 200 application/json"
SENT = "request body application/json"


# Properties a client reads.


def test_a_removed_property_breaks_a_reader_whether_it_was_required_or_not() -> None:
    assert read(obj(("a",), a=STRING, b=INTEGER), obj()) == [
        ("response-property-removed", f"{READ}: a", "string, required", "(absent)"),
        ("response-property-removed", f"{READ}: b", "integer, optional", "(absent)"),
    ]


def test_an_added_property_breaks_no_reader() -> None:
    assert read(obj(), obj(("a",), a=STRING, b=INTEGER)) == [
        ("response-required-property-added", f"{READ}: a", "(absent)", "string, required"),
        ("response-optional-property-added", f"{READ}: b", "(absent)", "integer, optional"),
    ]


def test_a_property_no_longer_required_breaks_a_reader_and_one_now_required_does_not() -> None:
    assert read(obj(("a",), a=STRING), obj(a=STRING)) == [
        ("response-property-became-optional", f"{READ}: a", "required", "optional")
    ]
    assert read(obj(a=STRING), obj(("a",), a=STRING)) == [
        ("response-property-became-required", f"{READ}: a", "optional", "required")
    ]


def test_a_write_only_property_is_never_read() -> None:
    hidden = {"type": "string", "writeOnly": True}
    assert read(obj(a=hidden), obj()) == []
    assert read(obj(), obj(("a",), a=hidden)) == []
    # Becoming write-only takes it out of what a client reads.
    assert read(obj(a=STRING), obj(a=hidden)) == [
        ("response-property-removed", f"{READ}: a", "string, optional", "(absent)")
    ]


# Properties a client sends.


def test_a_removed_property_breaks_a_sender() -> None:
    assert sent(obj(a=STRING), obj()) == [
        ("request-property-removed", f"{SENT}: a", "string, optional", "(absent)")
    ]


def test_a_new_required_property_breaks_a_sender_and_an_optional_one_does_not() -> None:
    assert sent(obj(), obj(("a",), a=STRING, b=INTEGER)) == [
        ("new-required-request-property", f"{SENT}: a", "(absent)", "string, required"),
        ("new-optional-request-property", f"{SENT}: b", "(absent)", "integer, optional"),
    ]


def test_a_property_now_required_breaks_a_sender() -> None:
    assert sent(obj(a=STRING), obj(("a",), a=STRING)) == [
        ("request-property-became-required", f"{SENT}: a", "optional", "required")
    ]
    assert sent(obj(("a",), a=STRING), obj(a=STRING)) == [
        ("request-property-became-optional", f"{SENT}: a", "required", "optional")
    ]


def test_a_read_only_property_is_never_sent() -> None:
    hidden = {"type": "string", "readOnly": True}
    assert sent(obj(a=hidden), obj()) == []
    assert sent(obj(), obj(("a",), a=hidden)) == []
    assert sent(obj(a=hidden), obj(("a",), a=hidden)) == []


# Renames.


def test_a_property_gone_while_one_with_its_schema_and_words_came_is_renamed() -> None:
    system = {"type": "string", "description": "Type of shop/system"}
    assert read(obj(("system",), system=system, id=INTEGER), obj(("type",), type=system, id=INTEGER)) == [
        ("response-property-renamed", f"{READ}: system", "system", "type")
    ]
    assert sent(obj(system=system), obj(kind=system)) == [
        ("request-property-renamed", f"{SENT}: system", "system", "kind")
    ]


def test_a_rename_keeps_its_description_or_its_title_and_may_reword_the_other() -> None:
    described = [
        {"type": "string", "title": title, "description": "The shop's system"} for title in ("System", "Type")
    ]
    assert [rule for rule, *_ in read(obj(a=described[0]), obj(b=described[1]))] == [
        "response-property-renamed"
    ]
    titled = [{"type": "string", "title": "System", "description": words} for words in ("One", "Two")]
    assert [rule for rule, *_ in read(obj(a=titled[0]), obj(b=titled[1]))] == ["response-property-renamed"]


def test_no_rename_where_the_schemas_differ_or_match_more_than_one() -> None:
    words = {"description": "same"}
    string, integer = {**STRING, **words}, {**INTEGER, **words}
    assert [rule for rule, *_ in read(obj(a=string), obj(b=integer))] == [
        "response-property-removed",
        "response-optional-property-added",
    ]
    two_gone = read(obj(a=string, b=string), obj(c=string))
    assert [rule for rule, *_ in two_gone] == ["response-property-removed"] * 2 + [
        "response-optional-property-added"
    ]
    two_came = read(obj(a=string), obj(b=string, c=string))
    assert [rule for rule, *_ in two_came] == ["response-property-removed"] + [
        "response-optional-property-added"
    ] * 2


# Depth: nested properties, items, alternatives.


def test_a_change_deep_down_names_its_path() -> None:
    old = obj(results={"type": "array", "items": obj(shop=obj(url=STRING))})
    new = obj(results={"type": "array", "items": obj(shop=obj(url=INTEGER))})
    assert read(old, new) == [
        ("response-property-type-changed", f"{READ}: results[].shop.url", "string", "integer")
    ]


def test_items_are_compared_with_any_item_where_one_side_has_none() -> None:
    assert read({"type": "array"}, {"type": "array", "items": STRING}) == [
        ("response-property-type-specialized", f"{READ}: []", "any type", "string")
    ]
    assert sent({"type": "array", "items": STRING}, {"type": "array"}) == [
        ("request-property-type-generalized", f"{SENT}: []", "string", "any type")
    ]
    assert read({"items": STRING}, {"items": STRING}) == []


def test_items_are_not_compared_once_the_list_is_no_list() -> None:
    assert [rule for rule, *_ in read({"type": "array", "items": STRING}, {"type": "object"})] == [
        "response-body-type-changed"
    ]


def test_alternatives_of_the_same_number_are_compared_in_order() -> None:
    old = {"oneOf": [STRING, obj(a=STRING)]}
    new = {"oneOf": [STRING, obj(a=INTEGER)]}
    assert read(old, new) == [
        ("response-property-type-changed", f"{READ}: (alternative 2).a", "string", "integer")
    ]


def test_an_alternative_added_breaks_a_reader_and_one_removed_breaks_a_sender() -> None:
    two = {"anyOf": [STRING, INTEGER]}
    three = {"anyOf": [STRING, INTEGER, {"type": "boolean"}]}
    assert read(two, three) == [("response-body-one-of-added", READ, "(absent)", "alternative 3: boolean")]
    assert sent(three, two) == [("request-body-one-of-removed", SENT, "alternative 3: boolean", "(absent)")]
    assert read(three, two) == [("response-body-one-of-removed", READ, "alternative 3: boolean", "(absent)")]
    assert sent(two, three) == [("request-body-one-of-added", SENT, "(absent)", "alternative 3: boolean")]


def test_a_plain_schema_against_a_choice_compares_the_choices() -> None:
    choice = {"oneOf": [obj(("a",), a=STRING), obj(("b",), b=STRING)]}
    assert sent(choice, obj(("a",), a=STRING)) == [
        ("request-body-one-of-removed", SENT, "alternative 2: object", "(absent)")
    ]
    assert read(obj(("a",), a=STRING), choice) == [
        ("response-body-one-of-added", READ, "(absent)", "alternative 2: object")
    ]
    assert read({"type": "string", "nullable": True}, {"oneOf": [STRING, INTEGER, {"type": "null"}]}) == [
        ("response-body-one-of-added", READ, "(absent)", "alternative 2: integer")
    ]


def test_a_recursive_schema_is_compared_once_down_each_path() -> None:
    node: dict[str, Any] = {
        "type": "object",
        "properties": {
            "name": STRING,
            "children": {"type": "array", "items": {"$ref": "#/components/schemas/Node"}},
        },
    }
    changed = {**node, "properties": {**node["properties"], "name": INTEGER}}
    old = reading({"$ref": "#/components/schemas/Node"}, schemas={"Node": node})
    new = reading({"$ref": "#/components/schemas/Node"}, schemas={"Node": changed})
    assert [(item.rule, item.location) for item in changes(old, new)] == [
        ("response-property-type-changed", f"{READ}: name")
    ]


def test_pointers_name_where_each_document_writes_the_schema() -> None:
    old = reading({"$ref": "#/components/schemas/A"}, schemas={"A": obj(a=STRING)})
    new = reading(obj(a=INTEGER))
    (change,) = changes(old, new)
    assert change.pointer_old == "#/components/schemas/A/properties/a"
    assert (
        change.pointer_new
        == "#/paths/~1things/get/responses/200/content/application~1json/schema/properties/a"
    )


def test_a_signature_ignores_documentation_and_sees_depth() -> None:
    reader = Reader(api())
    first = reader.view(Part(obj(a={"type": "string", "description": "x"}), "#/1"))
    second = reader.view(Part(obj(a={"type": "string", "description": "y"}), "#/2"))
    third = reader.view(Part(obj(a=obj(b=STRING)), "#/3"))
    fourth = reader.view(Part(obj(a=obj(b=INTEGER)), "#/4"))
    assert signature(reader, first) == signature(reader, second)
    assert signature(reader, third) != signature(reader, fourth)
    assert signature(reader, third, depth=1) == signature(reader, fourth, depth=1)


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ({"type": "string"}, {"type": "integer"}),
        ({}, {"type": "string"}),
        ({"type": "string"}, {"type": "string", "format": "uri"}),
        ({"enum": ["a"]}, {"enum": ["b"]}),
        ({}, {"enum": ["a"]}),
        ({"maxLength": 1}, {"maxLength": 2}),
        (obj(("a",), a=STRING), obj(a=STRING)),
        ({"type": "string", "readOnly": True}, {"type": "string"}),
        ({"type": "string", "writeOnly": True}, {"type": "string"}),
        (obj(a=STRING), obj(b=STRING)),
        ({"type": "array", "items": STRING}, {"type": "array"}),
        ({"anyOf": [STRING, INTEGER]}, {"anyOf": [STRING, {"type": "boolean"}]}),
        ({"type": ["string", "null"]}, {"type": "string"}),
    ],
)
def test_schemas_that_allow_different_things_have_different_signatures(first: Any, second: Any) -> None:
    reader = Reader(api())
    assert signature(reader, reader.view(Part(first, "#/1"))) != signature(
        reader, reader.view(Part(second, "#/2"))
    )


def test_a_choices_signature_leaves_only_its_own_null_out() -> None:
    reader = Reader(api())
    nullable = Part({"type": ["string", "null"], "properties": {"a": {"type": ["string", "null"]}}}, "#/1")
    plain = Part({"type": "string", "properties": {"a": {"type": "string"}}}, "#/2")
    inner = Part({"type": "string", "properties": {"a": {"type": ["string", "null"]}}}, "#/3")
    assert choice(reader, nullable) != choice(reader, plain)
    assert choice(reader, nullable) == choice(reader, inner)
    assert choice(reader, Part({}, "#/4")) != choice(reader, plain)


def test_a_signature_looks_as_deep_as_it_is_told() -> None:
    reader = Reader(api())
    string, integer = (
        reader.view(Part(obj(a=schema), f"#/{index}")) for index, schema in enumerate((STRING, INTEGER))
    )
    assert signature(reader, string, depth=1) != signature(reader, integer, depth=1)
    assert signature(reader, string, depth=0) == signature(reader, integer, depth=0)
    listed = [
        reader.view(Part({"type": "array", "items": schema}, f"#/l{index}"))
        for index, schema in enumerate((STRING, INTEGER))
    ]
    assert signature(reader, listed[0], depth=1) != signature(reader, listed[1], depth=1)
    chosen = [
        reader.view(Part({"oneOf": [STRING, schema]}, f"#/c{index}"))
        for index, schema in enumerate((STRING, INTEGER))
    ]
    assert signature(reader, chosen[0], depth=1) != signature(reader, chosen[1], depth=1)
    deep = [
        reader.view(Part(obj(a=obj(b=schema)), f"#/d{index}"))
        for index, schema in enumerate((STRING, INTEGER))
    ]
    assert signature(reader, deep[0], depth=1) == signature(reader, deep[1], depth=1)
    assert signature(reader, deep[0], depth=2) != signature(reader, deep[1], depth=2)
    # Lists and choices of objects: below a depth, what their items and choices hold is not looked at.
    shapes: list[Any] = [
        lambda inner: {"type": "array", "items": inner},
        lambda inner: {"oneOf": [STRING, inner]},
    ]
    for number, shape in enumerate(shapes):
        views = [
            reader.view(Part(shape(obj(a=kind)), f"#/s{number}{kind['type']}")) for kind in (STRING, INTEGER)
        ]
        assert signature(reader, views[0], depth=1) == signature(reader, views[1], depth=1)
        assert signature(reader, views[0], depth=2) != signature(reader, views[1], depth=2)


def test_each_change_names_where_each_document_writes_it() -> None:
    moved = {"type": "string", "description": "Previously `gone`."}
    schemas = {"A": obj(("gone",), gone=STRING, kept={"type": "string", "enum": ["x", "y"]}, nullable=STRING)}
    changed = {
        "A": obj(
            ("came",),
            came=moved,
            kept={"type": "string", "enum": ["y", "z"]},
            nullable={"type": ["string", "null"]},
        )
    }
    old = reading({"$ref": "#/components/schemas/A"}, schemas=schemas)
    new = reading({"$ref": "#/components/schemas/A"}, schemas=changed)
    pointers = {
        (item.rule, item.old, item.new): (item.pointer_old, item.pointer_new)
        for item in changes(old, new)
        if item.rule != "documentation-changed"
    }
    here = "#/components/schemas/A/properties"
    assert pointers == {
        ("response-property-renamed", "gone", "came"): (f"{here}/gone", f"{here}/came"),
        ("response-property-enum-value-removed", '"x"', "(absent)"): (f"{here}/kept", f"{here}/kept"),
        ("response-property-enum-value-added", "(absent)", '"z"'): (f"{here}/kept", f"{here}/kept"),
        ("response-property-became-nullable", "string", "string | null"): (
            f"{here}/nullable",
            f"{here}/nullable",
        ),
    }
    listed = reading({"$ref": "#/components/schemas/A"}, schemas={"A": {"type": "string", "enum": ["x"]}})
    unlisted = reading({"$ref": "#/components/schemas/B"}, schemas={"B": {"type": "string"}})
    (change,) = changes(listed, unlisted)
    assert (change.rule, change.pointer_old, change.pointer_new) == (
        "response-body-became-not-enum",
        "#/components/schemas/A",
        "#/components/schemas/B",
    )


def test_an_object_renamed_with_its_properties_is_renamed() -> None:
    shop = obj(
        ("url",), url={"type": "string", "format": "uri"}, tags={"type": "array", "items": obj(name=STRING)}
    )
    shop["title"] = "Shop"
    assert read(obj(shop=shop), obj(store=shop)) == [
        ("response-property-renamed", f"{READ}: shop", "shop", "store")
    ]


def test_items_are_compared_wherever_both_sides_describe_them() -> None:
    assert read({"type": "string", "items": STRING}, {"type": "string", "items": INTEGER}) == [
        ("response-property-type-changed", f"{READ}: []", "string", "integer")
    ]
    assert [rule for rule, *_ in read({"type": "object"}, {"type": "array", "items": STRING})] == [
        "response-body-type-changed"
    ]


def test_null_is_compared_where_a_schema_became_a_choice() -> None:
    either = {"type": ["string", "integer", "null"], "oneOf": [STRING, INTEGER, {"type": "null"}]}
    assert [rule for rule, *_ in read(STRING, either)] == [
        "response-body-became-nullable",
        "response-body-one-of-added",
    ]


def test_a_choice_that_allows_null_itself_matches_a_nullable_schema() -> None:
    nullable = {"type": ["string", "null"]}
    assert read(nullable, {"anyOf": [nullable, INTEGER]}) == [
        ("response-body-one-of-added", READ, "(absent)", "alternative 2: integer")
    ]


def test_a_recursive_choice_ends() -> None:
    node: dict[str, Any] = {"oneOf": [STRING, obj(child={"$ref": "#/components/schemas/Node"}, name=STRING)]}
    changed: dict[str, Any] = {
        "oneOf": [STRING, obj(child={"$ref": "#/components/schemas/Node"}, name=INTEGER)]
    }
    old = reading({"$ref": "#/components/schemas/Node"}, schemas={"Node": node})
    new = reading({"$ref": "#/components/schemas/Node"}, schemas={"Node": changed})
    assert [(item.rule, item.location) for item in changes(old, new)] == [
        ("response-property-type-changed", f"{READ}: (alternative 2).name")
    ]


def test_properties_after_one_a_client_never_meets_are_compared() -> None:
    hidden = {"type": "string", "readOnly": True}
    assert sent(obj(a=hidden, b=STRING), obj(a=hidden)) == [
        ("request-property-removed", f"{SENT}: b", "string, optional", "(absent)")
    ]
