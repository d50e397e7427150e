"""Which gone and come names are one renamed: the new document's words, or its schema and words kept."""

from __future__ import annotations

import pytest

from sendcloud_contracts.docdiff.normalise import canonical
from sendcloud_contracts.docdiff.rules.renames import Candidate, Rename, renames, stated, text

pytestmark = pytest.mark.rules

V3 = "Type of shop/system. In Integrations API V2, this attribute was referred to as `system`."


@pytest.mark.parametrize(
    ("description", "names"),
    [
        (V3, {"system": "In Integrations API V2, this attribute was referred to as `system`."}),
        ("Previously `system`.", {"system": "Previously `system`."}),
        ("previously: `system`", {"system": "previously: `system`"}),
        ("Formerly known as 'system'.", {"system": "Formerly known as 'system'."}),
        ('Renamed from "system" in 2024.', {"system": 'Renamed from "system" in 2024.'}),
        ("It used to be `system`.", {"system": "It used to be `system`."}),
        ("It was called `system`, then `kind`.", {"system": "It was called `system`, then `kind`."}),
        ("These were named `a`. This was `b`.", {"a": "These were named `a`.", "b": "This was `b`."}),
        ("(previously `shop.system`)", {"shop.system": "(previously `shop.system`)"}),
    ],
)
def test_a_description_names_what_the_thing_was_called(description: str, names: dict[str, str]) -> None:
    assert stated(description) == names


@pytest.mark.parametrize(
    "description",
    [
        None,
        "",
        "Type of shop/system the integration connects to",
        "The `system` field of v2",
        "It wasn't `system`.",
        "It was system before.",
        "Unwas `system`.",
        "Was ` system`.",
    ],
)
def test_words_that_name_no_earlier_name(description: str | None) -> None:
    assert stated(description) == {}


def test_a_description_is_read_as_one_line_and_its_first_sentence_naming_a_name_kept() -> None:
    wrapped = "In Integrations API V2,\n   this attribute was referred to as\n`system`.  Previously `system`!"
    assert stated(wrapped) == {
        "system": "In Integrations API V2, this attribute was referred to as `system`."
    }
    assert stated("Previously `a`? Formerly `b`! Was `c`.") == {
        "a": "Previously `a`?",
        "b": "Formerly `b`!",
        "c": "Was `c`.",
    }


def test_words_are_read_from_a_views_documentation() -> None:
    docs = {
        "description": canonical("Previously `a`."),
        "title": canonical("  "),
        "example": canonical(["x"]),
    }
    assert text(docs, "description") == "Previously `a`."
    assert text(docs, "title") is None
    assert text(docs, "example") is None
    assert text(docs, "summary") is None


def candidate(signature: str = "s", description: str | None = None, title: str | None = None) -> Candidate:
    return Candidate(signature, description, title)


SAID = "the new document says so: “Previously `system`.”"


def test_a_rename_in_words_needs_no_same_schema() -> None:
    assert renames(
        {"system": candidate("string")}, {"type": candidate("integer", "Previously `system`.")}
    ) == [Rename("system", "type", SAID)]


def test_words_naming_a_name_not_gone_or_two_names_pair_nothing() -> None:
    assert renames({"a": candidate("x")}, {"type": candidate("y", "Previously `system`.")}) == []
    two = candidate("y", "Previously `system`. Formerly `kind`.")
    assert renames({"system": candidate("x"), "kind": candidate("x")}, {"type": two}) == []


def test_two_new_names_claiming_one_old_pair_nothing() -> None:
    claims = {"type": candidate("y", "Previously `system`."), "kind": candidate("z", "Was `system`.")}
    assert renames({"system": candidate("x")}, claims) == []


def test_a_name_stated_for_one_is_no_rival_for_another_without_words() -> None:
    gone = {"system": candidate("s", "A"), "shop": candidate("s", "B")}
    came = {"type": candidate("t", "Previously `system`."), "store": candidate("s", "B")}
    assert renames(gone, came) == [
        Rename("system", "type", SAID),
        Rename("shop", "store", "no words name it, but the schema and the description are the same"),
    ]


def test_without_words_the_schema_and_the_description_or_title_must_be_the_same() -> None:
    assert renames({"a": candidate("s", "Same")}, {"b": candidate("s", "Same")}) == [
        Rename("a", "b", "no words name it, but the schema and the description are the same")
    ]
    assert renames({"a": candidate("s", "One", "T")}, {"b": candidate("s", "Two", "T")}) == [
        Rename("a", "b", "no words name it, but the schema and the title are the same")
    ]
    assert renames({"a": candidate("s", "Same")}, {"b": candidate("t", "Same")}) == []
    assert renames({"a": candidate("s", "One", "T")}, {"b": candidate("s", "Two", "U")}) == []
    # No words at all are no evidence: two bare strings are two changes.
    assert renames({"a": candidate("s")}, {"b": candidate("s")}) == []


def test_without_words_a_schema_shared_by_two_gone_or_two_come_pairs_nothing() -> None:
    same = candidate("s", "Same")
    assert renames({"a": same, "b": same}, {"c": same}) == []
    assert renames({"a": same}, {"b": same, "c": same}) == []
    assert renames({"a": same, "x": candidate("t", "Same")}, {"b": same}) == [
        Rename("a", "b", "no words name it, but the schema and the description are the same")
    ]


def test_each_candidate_is_weighed_whatever_came_before_it() -> None:
    # A new name without words, or a gone name without a match, before one that pairs.
    came = {"note": candidate("n"), "type": candidate("y", "Previously `system`.")}
    assert renames({"system": candidate("x")}, came) == [Rename("system", "type", SAID)]
    gone = {"note": candidate("n", "Note"), "shop": candidate("s", "Shop")}
    assert renames(gone, {"store": candidate("s", "Shop")}) == [
        Rename("shop", "store", "no words name it, but the schema and the description are the same")
    ]
