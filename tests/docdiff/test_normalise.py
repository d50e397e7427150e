"""What a schema means whatever its spelling: references, allOf, null in three spellings, 3.0's bounds."""

from __future__ import annotations

from typing import Any

import pytest

from sendcloud_contracts.docdiff.documents import DocumentError
from sendcloud_contracts.docdiff.normalise import Part, Reader, View, covers, intersect, merge

from .builders import api

pytestmark = pytest.mark.rules

S = frozenset


def view(schema: Any, **schemas: Any) -> View:
    return Reader(api(schemas=schemas)).view(Part(schema, "#/here"))


def test_a_reference_is_the_schema_it_names_written_where_it_is() -> None:
    seen = view({"$ref": "#/components/schemas/A"}, A={"type": "string", "maxLength": 3, "description": "a"})
    assert (seen.pointer, seen.types, seen.bounds, seen.docs) == (
        "#/components/schemas/A",
        S({"string"}),
        {"maxLength": 3},
        {"description": '"a"'},
    )


def test_words_beside_a_reference_are_the_readers_and_other_keywords_add_to_it() -> None:
    described = view(
        {"$ref": "#/components/schemas/A", "description": "here"}, A={"type": "string", "description": "a"}
    )
    assert (described.pointer, described.docs) == ("#/components/schemas/A", {"description": '"here"'})
    bounded = view({"$ref": "#/components/schemas/A", "maxLength": 2}, A={"type": "string", "maxLength": 5})
    assert (bounded.pointer, bounded.types, bounded.bounds) == ("#/here", S({"string"}), {"maxLength": 2})


def test_all_of_allows_what_every_part_allows() -> None:
    merged = view(
        {
            "allOf": [
                {
                    "type": ["number", "null"],
                    "maximum": 10,
                    "minimum": 0,
                    "required": ["a"],
                    "properties": {"a": {}},
                },
                {"type": "integer", "maximum": 5, "minimum": 1, "required": ["b"], "properties": {"b": {}}},
                {"format": "int32", "enum": [1, 2, 3], "readOnly": True},
                {"enum": [2, 3, 4], "pattern": "x", "writeOnly": True},
                {"oneOf": [{"minimum": 2}, {"maximum": 3}]},
                {"oneOf": [{"minimum": 4}, {"maximum": 5}]},
            ]
        }
    )
    assert merged.types == S({"integer"})
    assert merged.bounds == {"maximum": 5, "minimum": 1, "pattern": "x"}
    assert merged.required == S({"a", "b"})
    assert set(merged.properties) == {"a", "b"}
    assert (merged.format, merged.enum, merged.read_only, merged.write_only) == (
        "int32",
        S({"2", "3"}),
        True,
        True,
    )
    assert [part.pointer for part in merged.alternatives] == [
        "#/here/allOf/4/oneOf/0",
        "#/here/allOf/4/oneOf/1",
    ]
    lists = [{"type": "array"}, {"items": {"type": "string"}}, {"items": {"type": "integer"}}]
    listed = view({"allOf": lists})
    assert (listed.types, listed.items) == (S({"array"}), Part({"type": "string"}, "#/here/allOf/1/items"))


def test_a_property_in_two_parts_of_all_of_is_both() -> None:
    reader = Reader(api())
    merged = reader.view(
        Part(
            {"allOf": [{"properties": {"a": {"type": "string"}}}, {"properties": {"a": {"maxLength": 4}}}]},
            "#/h",
        )
    )
    both = reader.view(merged.properties["a"])
    assert (both.types, both.bounds, both.pointer) == (
        S({"string"}),
        {"maxLength": 4},
        "#/h/allOf/0/properties/a",
    )


def test_types_intersect_with_an_integer_being_a_number() -> None:
    assert intersect(None, S({"string"})) == S({"string"})
    assert intersect(S({"string"}), None) == S({"string"})
    assert intersect(S({"integer"}), S({"number"})) == S({"integer"})
    assert intersect(S({"number", "null"}), S({"integer", "string"})) == S({"integer"})
    assert intersect(S({"string"}), S({"integer"})) == S()
    assert intersect(S({"string"}), S({"number"})) == S()
    assert intersect(S({"integer"}), S({"string"})) == S()


def test_wide_types_cover_narrow_ones_with_an_integer_being_a_number() -> None:
    assert covers(None, S({"string"}))
    assert covers(None, None)
    assert not covers(S({"string"}), None)
    assert covers(S({"number"}), S({"integer"}))
    assert not covers(S({"integer"}), S({"number"}))
    assert covers(S({"string", "null"}), S({"string"}))
    assert not covers(S({"string"}), S({"string", "boolean"}))


@pytest.mark.parametrize(
    "schema",
    [
        {"type": ["string", "null"]},
        {"type": "string", "nullable": True},
        {"oneOf": [{"type": "string"}, {"type": "null"}]},
        {"anyOf": [{"type": "null"}, {"type": "string"}]},
        {"nullable": True, "allOf": [{"type": "string"}]},
    ],
)
def test_null_in_every_spelling_is_the_same_null(schema: dict[str, Any]) -> None:
    seen = view(schema)
    assert (seen.types, seen.nullable, seen.kinds, seen.alternatives) == (
        S({"string", "null"}),
        True,
        S({"string"}),
        (),
    )


def test_nullable_without_a_type_still_allows_anything() -> None:
    assert view({"nullable": True}).types is None
    assert view({}).nullable
    assert not view({"type": "string"}).nullable
    assert view({}).kinds is None


def test_a_choice_of_several_stays_a_choice_and_its_words_stay_its_own() -> None:
    seen = view(
        {"description": "one of", "oneOf": [{"type": "string"}, {"type": "integer"}, {"type": "null"}]}
    )
    assert [part.pointer for part in seen.alternatives] == ["#/here/oneOf/0", "#/here/oneOf/1"]
    assert seen.types is None
    single = view(
        {"description": "just", "anyOf": [{"type": "string", "description": "inner", "title": "T"}]}
    )
    assert (single.types, single.docs, single.alternatives) == (S({"string"}), {"description": '"just"'}, ())
    assert single.pointer == "#/here"
    typed = view({"type": "object", "oneOf": [{"required": ["a"]}, {"type": "null"}]})
    assert typed.types == S({"object", "null"})


def test_openapi_3_0_exclusive_bounds_are_3_1_bounds() -> None:
    assert view({"maximum": 10, "exclusiveMaximum": True}).bounds == {"exclusiveMaximum": 10}
    assert view({"minimum": 1, "exclusiveMinimum": True}).bounds == {"exclusiveMinimum": 1}
    assert view({"maximum": 10, "exclusiveMaximum": False}).bounds == {"maximum": 10}
    assert view({"exclusiveMaximum": 10}).bounds == {"exclusiveMaximum": 10}
    assert view({"exclusiveMinimum": True}).bounds == {}


def test_flags_that_narrow_are_bounds_when_set() -> None:
    assert view({"uniqueItems": True, "additionalProperties": False}).bounds == {
        "uniqueItems": True,
        "additionalProperties": False,
    }
    assert view({"uniqueItems": False, "additionalProperties": True, "pattern": 3}).bounds == {}


def test_a_schema_without_type_is_read_from_what_it_describes() -> None:
    assert view({"properties": {}}).types == S({"object"})
    assert view({"required": ["a"]}).types == S({"object"})
    assert view({"additionalProperties": False}).types == S({"object"})
    assert view({"items": {}}).types == S({"array"})
    assert view({"prefixItems": []}).types == S({"array"})
    assert view({"description": "x"}).types is None


def test_boolean_schemas_and_odd_keywords() -> None:
    assert view(True).types is None
    assert view(False).types == S()
    odd = view({"type": "string", "format": 3, "enum": "x", "required": "a", "properties": [], "items": 1})
    assert (odd.format, odd.enum, odd.required, odd.properties, odd.items) == (None, None, S(), {}, None)
    assert view({"items": False}).items == Part(False, "#/here/items")


def test_values_are_compared_as_json() -> None:
    assert view({"enum": ["a", 1, True, None, {"k": [1]}]}).enum == S({'"a"', "1", "true", '{"k": [1]}'})
    assert view({"const": "x", "enum": ["y"]}).enum == S({'"x"'})


def test_property_names_are_escaped_in_pointers() -> None:
    seen = view({"properties": {"a/b~c": {}}})
    assert seen.properties["a/b~c"].pointer == "#/here/properties/a~1b~0c"


def test_a_schema_that_is_its_own_all_of_through_references_ends() -> None:
    seen = view(
        {"$ref": "#/components/schemas/A"},
        A={"type": "object", "allOf": [{"$ref": "#/components/schemas/A"}]},
    )
    assert seen.types == S({"object"})


def test_what_is_no_schema_stops_the_comparison_in_one_line() -> None:
    with pytest.raises(DocumentError, match=r"^doc: #/here is not a schema"):
        view("text")
    with pytest.raises(DocumentError, match="leads nowhere"):
        view({"$ref": "#/components/schemas/Missing"})


def test_a_view_is_made_once_per_place() -> None:
    reader = Reader(api())
    part = Part({"type": "string"}, "#/a")
    assert reader.view(part) is reader.view(part)
    assert reader.view(Part({"type": "integer"}, "#/a")).types == S({"integer"})


def test_merging_nothing_allows_anything_and_docs_can_be_kept() -> None:
    assert merge([], "#/p") == View("#/p")
    kept = merge(
        [View("#/a", docs={"title": '"A"'}), View("#/b", docs={"title": '"B"', "description": '"b"'})], "#/p"
    )
    assert kept.docs == {"title": '"A"', "description": '"b"'}
    assert merge([View("#/a", docs={"title": '"A"'})], "#/p", keep_docs={}).docs == {}


def test_a_choice_that_is_no_list_is_no_choice() -> None:
    assert view({"type": "string", "oneOf": {"a": 1}, "anyOf": []}) == view({"type": "string"})


def test_a_choice_that_refers_to_itself_ends() -> None:
    node = {"oneOf": [{"$ref": "#/components/schemas/N"}, {"type": "null"}], "description": "n"}
    seen = view({"$ref": "#/components/schemas/N"}, N=node)
    assert (seen.pointer, seen.alternatives) == ("#/components/schemas/N", ())
    assert seen.types is None


def test_values_compare_whatever_their_key_order_and_read_as_written() -> None:
    assert view({"enum": [{"b": 1, "a": 2}]}).enum == view({"enum": [{"a": 2, "b": 1}]}).enum
    assert view({"enum": ["Kaffeerösterei"]}).enum == S({'"Kaffeerösterei"'})
    assert view({"description": "Müller"}).docs == {"description": '"Müller"'}


def test_a_schema_of_anything_or_nothing_is_still_somewhere() -> None:
    assert view(True).pointer == view({}).pointer == view(False).pointer == "#/here"
