"""Changes a client's engineer names as one: a payload moved into a wrapper, a property or a parameter
renamed. Each is one breaking change with its consequences under it; a look-alike is not grouped."""

from __future__ import annotations

from typing import Any

import pytest

from .builders import api, changes, reading, sending

pytestmark = pytest.mark.rules

STRING = {"type": "string"}
INTEGER = {"type": "integer"}
READ = "response 200 application/json"
SENT = "request body application/json"
# The v3 document's words for a rename, as it writes them.
V3_WORDS = "Type of shop/system. In Integrations API V2, this attribute was referred to as `system`."


def obj(required: tuple[str, ...] = (), **properties: Any) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": "object", "properties": properties}
    if required:
        schema["required"] = list(required)
    return schema


def said(description: str, schema: dict[str, Any] | None = None) -> dict[str, Any]:
    return {**(schema or STRING), "description": description}


INTEGRATION = obj(
    ("id", "shop_name"),
    id=INTEGER,
    shop_name=STRING,
    shop_url={"type": "string", "format": "uri"},
    system=said("Type of shop/system"),
)


def top(old: Any, new: Any, build: Any = reading) -> list[tuple[str, str, str, str]]:
    """The top-level changes, documentation aside: (rule, location, old, new)."""
    return [
        (item.rule, item.location, item.old, item.new)
        for item in changes(build(old), build(new))
        if item.rule != "documentation-changed"
    ]


def members(old: Any, new: Any, rule: str, build: Any = reading) -> list[tuple[str, str]]:
    (grouped,) = (item for item in changes(build(old), build(new)) if item.rule == rule)
    assert grouped.breaking
    return [(member.rule, member.location) for member in grouped.members]


# A payload moved into a wrapper.


def test_an_object_moved_into_a_wrapper_is_one_change_with_each_property_under_it() -> None:
    wrapped = obj(data=INTEGRATION)
    assert top(INTEGRATION, wrapped) == [
        ("response-body-wrapped", READ, "object at the top of the body", "object in `data`")
    ]
    assert members(INTEGRATION, wrapped, "response-body-wrapped") == [
        ("response-property-removed", f"{READ}: id"),
        ("response-property-removed", f"{READ}: shop_name"),
        ("response-property-removed", f"{READ}: shop_url"),
        ("response-property-removed", f"{READ}: system"),
        ("response-optional-property-added", f"{READ}: data"),
    ]


def test_a_list_moved_into_a_wrapper_is_one_change() -> None:
    listed = {"type": "array", "items": INTEGRATION}
    wrapped = obj(data=listed)
    assert top(listed, wrapped) == [
        ("response-body-wrapped", READ, "list at the top of the body", "list in `data`")
    ]
    assert members(listed, wrapped, "response-body-wrapped") == [
        ("response-body-type-changed", READ),
        ("response-optional-property-added", f"{READ}: data"),
    ]
    # A list of values, not objects, moved as well.
    assert [rule for rule, *_ in top({"type": "array", "items": STRING}, obj(data={"items": STRING}))] == [
        "response-body-wrapped"
    ]


def test_a_request_body_moved_into_a_wrapper_is_one_change() -> None:
    assert top(INTEGRATION, obj(("data",), data=INTEGRATION), sending) == [
        ("request-body-wrapped", SENT, "object at the top of the body", "object in `data`")
    ]


def test_what_else_changed_inside_the_wrapper_is_reported_on_its_own() -> None:
    renamed = obj(
        ("id",),
        id=INTEGER,
        shop_name=STRING,
        shop_url={"type": "string", "format": "uri"},
        type=said(V3_WORDS),
        created_at={"type": "string", "format": "date-time"},
    )
    old = obj(("id", "shop_name"), **{**INTEGRATION["properties"], "last_fetch": STRING})
    assert top(old, obj(data=renamed)) == [
        ("response-body-wrapped", READ, "object at the top of the body", "object in `data`"),
        ("response-property-removed", f"{READ}: data.last_fetch", "string, optional", "(absent)"),
        ("response-property-became-optional", f"{READ}: data.shop_name", "required", "optional"),
        ("response-property-renamed", f"{READ}: data.system", "system", "type"),
        (
            "response-optional-property-added",
            f"{READ}: data.created_at",
            "(absent)",
            "string (date-time), optional",
        ),
    ]


def test_the_wrapper_says_why_it_is_one_change_and_how_to_fix_it() -> None:
    old = obj(**{**INTEGRATION["properties"], "note": STRING})
    new = obj(data=obj(id=INTEGER, shop_name=STRING, shop_url=STRING, type=said(V3_WORDS)))
    (wrapped,) = (
        item for item in changes(reading(old), reading(new)) if item.rule == "response-body-wrapped"
    )
    assert (
        wrapped.why
        == "`data` holds 4 of the body's 5 properties (1 under the new name its description gives)"
    )
    assert wrapped.fix.startswith("A client reading the payload at the top of the body finds none")
    assert "Read the payload from `data`" in wrapped.fix
    assert (wrapped.pointer_old, wrapped.pointer_new) == (
        "#/paths/~1things/get/responses/200/content/application~1json/schema",
        "#/paths/~1things/get/responses/200/content/application~1json/schema/properties/data",
    )


def test_properties_removed_and_an_unrelated_object_added_are_not_a_wrapper() -> None:
    assert top(obj(id=INTEGER, name=STRING), obj(meta=obj(count=INTEGER, next=STRING))) == [
        ("response-property-removed", f"{READ}: id", "integer, optional", "(absent)"),
        ("response-property-removed", f"{READ}: name", "string, optional", "(absent)"),
        ("response-optional-property-added", f"{READ}: meta", "(absent)", "object, optional"),
    ]


def test_no_wrapper_unless_it_holds_more_than_half_of_the_old_body() -> None:
    half = obj(data=obj(id=INTEGER, name=STRING))
    assert [rule for rule, *_ in top(obj(id=INTEGER, name=STRING, a=STRING, b=STRING), half)] == [
        *["response-property-removed"] * 4,
        "response-optional-property-added",
    ]
    # What stays at the top did not move: it counts against the wrapper, not for it.
    assert top(
        obj(id=INTEGER, name=STRING, note=STRING), obj(id=INTEGER, data=obj(name=STRING, id=INTEGER))
    ) == [
        ("response-property-removed", f"{READ}: name", "string, optional", "(absent)"),
        ("response-property-removed", f"{READ}: note", "string, optional", "(absent)"),
        ("response-optional-property-added", f"{READ}: data", "(absent)", "object, optional"),
    ]
    stays = obj(id=INTEGER, name=STRING, data=obj(id=INTEGER, name=STRING))
    assert [rule for rule, *_ in top(obj(id=INTEGER, name=STRING), stays)] == [
        "response-optional-property-added"
    ]


def test_no_wrapper_where_two_new_properties_could_hold_the_payload() -> None:
    both = obj(data=INTEGRATION, item=INTEGRATION)
    assert "response-body-wrapped" not in {rule for rule, *_ in top(INTEGRATION, both)}


def test_a_list_of_other_things_is_no_wrapped_list() -> None:
    tags = {"type": "array", "items": obj(label=STRING, colour=STRING)}
    orders = obj(data={"type": "array", "items": obj(id=INTEGER, total=INTEGER)})
    assert [rule for rule, *_ in top(tags, orders)] == [
        "response-body-type-changed",
        "response-optional-property-added",
    ]
    numbers = obj(data={"type": "array", "items": INTEGER})
    assert [rule for rule, *_ in top({"type": "array", "items": STRING}, numbers)] == [
        "response-body-type-changed",
        "response-optional-property-added",
    ]
    # An object of the payload's properties where a list was: no list moved.
    assert [rule for rule, *_ in top({"type": "array", "items": INTEGRATION}, obj(data=INTEGRATION))] == [
        "response-body-type-changed",
        "response-optional-property-added",
    ]


def test_properties_a_client_never_meets_do_not_count_for_a_wrapper() -> None:
    hidden = {"type": "string", "writeOnly": True}
    # Two of the two properties a client reads moved: the body moved.
    old = obj(a=STRING, b=STRING, c=hidden, d=hidden)
    assert top(old, obj(data=obj(a=STRING, b=STRING)))[0][0] == "response-body-wrapped"
    # What a client never reads in the wrapper holds nothing for it.
    unread = obj(data=obj(a=hidden, b=hidden, c=STRING))
    assert "response-body-wrapped" not in {
        rule for rule, *_ in top(obj(a=STRING, b=STRING, c=STRING), unread)
    }
    items = {"type": "array", "items": obj(a=STRING, b=STRING, c=STRING)}
    unread_items = obj(data={"type": "array", "items": unread["properties"]["data"]})
    assert "response-body-wrapped" not in {rule for rule, *_ in top(items, unread_items)}


def test_what_stays_at_the_top_beside_a_wrapper_is_compared_there() -> None:
    old = obj(meta=STRING, a=STRING, b=STRING, c=STRING, shop=said("The shop"))
    new = obj(meta=INTEGER, data=obj(a=STRING, b=STRING, c=STRING), store=said("Previously `shop`."))
    assert top(old, new) == [
        ("response-body-wrapped", READ, "object at the top of the body", "object in `data`"),
        ("response-property-type-changed", f"{READ}: meta", "string", "integer"),
        ("response-property-renamed", f"{READ}: shop", "shop", "store"),
    ]
    assert members(old, new, "response-body-wrapped") == [
        ("response-property-removed", f"{READ}: a"),
        ("response-property-removed", f"{READ}: b"),
        ("response-property-removed", f"{READ}: c"),
        ("response-optional-property-added", f"{READ}: data"),
    ]


def test_a_rename_below_is_no_rename_of_what_moved() -> None:
    # `meta.x` renamed to `meta.y` says nothing of the `x` at the top, which moved and changed type.
    old = obj(meta=obj(x=STRING), x=STRING, a=STRING, b=STRING)
    new = obj(meta=obj(y=said("Previously `x`.")), data=obj(x=INTEGER, a=STRING, b=STRING))
    assert [(rule, location) for rule, location, *_ in top(old, new)] == [
        ("response-body-wrapped", READ),
        ("response-property-type-changed", f"{READ}: data.x"),
        ("response-property-renamed", f"{READ}: meta.x"),
    ]


def test_what_a_client_never_reads_at_the_top_is_no_wrapper_and_no_rival() -> None:
    hidden = {"type": "string", "writeOnly": True}
    # A `data` the client never read, now holding the payload.
    assert top(obj(data=hidden, a=STRING, b=STRING), obj(data=obj(a=STRING, b=STRING)))[0][0] == (
        "response-body-wrapped"
    )
    # A copy of the payload the client never reads competes with nothing.
    copy = {**obj(a=STRING, b=STRING), "writeOnly": True}
    assert top(obj(a=STRING, b=STRING), obj(data=obj(a=STRING, b=STRING), copy=copy))[0][0] == (
        "response-body-wrapped"
    )


def test_a_choice_on_either_side_is_no_wrapper() -> None:
    either = [{"required": ["a"]}, {"required": ["b"]}]
    chosen = {**obj(a=STRING, b=STRING, c=STRING), "oneOf": either}
    plain = obj(a=STRING, b=STRING, c=STRING)
    for old, new in ((chosen, obj(data=plain)), (plain, {**obj(data=plain), "oneOf": either})):
        assert "response-body-wrapped" not in {item.rule for item in changes(reading(old), reading(new))}


def test_a_wrapped_list_says_how_its_items_are_alike() -> None:
    old = {"type": "array", "items": obj(id=INTEGER, system=STRING, note=STRING)}
    new = obj(data={"type": "array", "items": obj(id=INTEGER, type=said("Previously `system`."))})
    (wrapped,) = (
        item for item in changes(reading(old), reading(new)) if item.rule == "response-body-wrapped"
    )
    assert wrapped.why == (
        "the body was a list and `data` is one, its items holding 2 of the old items' 3 properties "
        "(1 under the new name its description gives)"
    )
    plain = obj(data={"type": "array", "items": obj(id=INTEGER, system=STRING)})
    (wrapped,) = (
        item for item in changes(reading(old), reading(plain)) if item.rule == "response-body-wrapped"
    )
    assert (
        wrapped.why
        == "the body was a list and `data` is one, its items holding 2 of the old items' 3 properties"
    )
    (wrapped,) = changes(reading(obj(a=STRING, b=STRING)), reading(obj(data=obj(a=STRING, b=STRING))))
    assert wrapped.why == "`data` holds 2 of the body's 2 properties"


def test_a_list_is_wrapped_only_with_items_described_alike() -> None:
    anything = {"type": "array"}
    assert [item.why for item in changes(reading(anything), reading(obj(data=anything)))] == [
        "the body was a list and `data` is one, of items of the same types"
    ]
    described = {"type": "array", "items": obj(a=STRING)}
    bare = {"type": "array", "items": {"type": "object"}}
    # Objects said nothing of, then objects with properties: the same items, described now.
    assert "response-body-wrapped" in {
        item.rule for item in changes(reading(bare), reading(obj(data=described)))
    }
    # Objects with properties, then objects said nothing of: not enough to call them the same.
    assert "response-body-wrapped" not in {
        item.rule for item in changes(reading(described), reading(obj(data=bare)))
    }


# A property renamed.


def test_a_property_the_new_document_says_was_renamed_is_one_change_its_schema_compared() -> None:
    old = obj(("system",), id=INTEGER, system={"type": "string", "maxLength": 50})
    new = obj(id=INTEGER, type=said(V3_WORDS))
    assert top(old, new) == [
        ("response-property-renamed", f"{READ}: system", "system", "type"),
        ("response-property-became-optional", f"{READ}: type", "required", "optional"),
        ("response-property-constraint-widened", f"{READ}: type", "maxLength 50", "no maxLength"),
    ]
    assert members(old, new, "response-property-renamed") == [
        ("response-property-removed", f"{READ}: system"),
        ("response-optional-property-added", f"{READ}: type"),
    ]
    assert top(obj(system=STRING), obj(kind=said("Previously `system`.")), sending) == [
        ("request-property-renamed", f"{SENT}: system", "system", "kind")
    ]


def test_a_rename_in_words_says_so_and_how_to_fix_it() -> None:
    (renamed,) = changes(reading(obj(system=STRING)), reading(obj(type=said(V3_WORDS))))[:1]
    assert renamed.rule == "response-property-renamed"
    assert renamed.why == (
        "the new document says so: “In Integrations API V2, this attribute was referred to as `system`.”"
    )
    assert renamed.fix.startswith("`system` is no longer sent, so a client reading it finds nothing")
    assert "Read `type` instead of `system`" in renamed.fix


def test_without_words_a_rename_needs_the_same_schema_and_the_same_description() -> None:
    old = obj(system=said("Type of shop/system"), id=INTEGER)
    new = obj(type=said("Type of shop/system"), id=INTEGER)
    assert top(old, new) == [("response-property-renamed", f"{READ}: system", "system", "type")]
    (renamed,) = changes(reading(old), reading(new))
    assert renamed.why == "no words name it, but the schema and the description are the same"


def test_a_property_removed_and_an_unrelated_one_added_are_two_changes() -> None:
    # The same schema, each described in its own words: nothing says they are one.
    old = obj(shop_url=said("URL of the shop", {"type": "string", "format": "uri"}))
    new = obj(webhook_url=said("Where updates are sent", {"type": "string", "format": "uri"}))
    assert top(old, new) == [
        ("response-property-removed", f"{READ}: shop_url", "string (uri), optional", "(absent)"),
        ("response-optional-property-added", f"{READ}: webhook_url", "(absent)", "string (uri), optional"),
    ]
    assert [rule for rule, *_ in top(obj(system=STRING), obj(kind=STRING), sending)] == [
        "request-property-removed",
        "new-optional-request-property",
    ]


def test_words_that_name_no_gone_property_or_name_it_twice_group_nothing() -> None:
    # `system` is still there: the words describe history, not this change.
    kept = top(obj(system=STRING, a=STRING), obj(system=STRING, type=said("Previously `system`.")))
    assert [rule for rule, *_ in kept] == ["response-property-removed", "response-optional-property-added"]
    # Two new properties claim one old one: a split, not a rename.
    split = obj(kind=said("Previously `system`."), family=said("Was `system`."))
    assert sorted(rule for rule, *_ in top(obj(system=STRING), split)) == [
        "response-optional-property-added",
        "response-optional-property-added",
        "response-property-removed",
    ]
    # One new property claims two old ones: a merge, not a rename.
    merged = obj(kind=said("Previously `system`. It was `family` too."))
    assert sorted(rule for rule, *_ in top(obj(system=STRING, family=STRING), merged)) == [
        "response-optional-property-added",
        "response-property-removed",
        "response-property-removed",
    ]


# A parameter renamed.


def query(name: str, description: str | None = None, **extra: Any) -> dict[str, Any]:
    parameter: dict[str, Any] = {"in": "query", "name": name, "schema": STRING, **extra}
    if description is not None:
        parameter["description"] = description
    return parameter


def listing(*parameters: dict[str, Any]) -> Any:
    return api(
        {"/things": {"get": {"parameters": list(parameters), "responses": {"200": {"description": "OK"}}}}}
    )


def test_a_query_parameter_the_new_document_says_was_renamed_is_one_change() -> None:
    old = listing(query("ordering", "The field to order by"), query("page"))
    new = listing(
        query("sort", "The field to order by. Previously `ordering`.", required=True), query("page")
    )
    found = changes(old, new)
    assert [
        (item.rule, item.location, item.old, item.new)
        for item in found
        if item.rule != "documentation-changed"
    ] == [
        ("request-parameter-renamed", "query parameter ordering", "ordering", "sort"),
        ("request-parameter-became-required", "query parameter sort", "optional", "required"),
    ]
    (renamed,) = (item for item in found if item.rule == "request-parameter-renamed")
    assert [(member.rule, member.location) for member in renamed.members] == [
        ("request-parameter-removed", "query parameter ordering"),
        ("new-required-request-parameter", "query parameter sort"),
    ]
    assert "Send `sort` instead of `ordering`" in renamed.fix
    assert renamed.why == "the new document says so: “Previously `ordering`.”"


def test_without_words_a_parameter_rename_needs_the_same_schema_and_description() -> None:
    old = listing(query("ordering", "The field to order by"))
    (renamed,) = changes(old, listing(query("sort", "The field to order by")))
    assert (renamed.rule, renamed.why) == (
        "request-parameter-renamed",
        "no words name it, but the schema and the description are the same",
    )
    other = listing(query("sort", "The field to order by", schema={"type": "array", "items": STRING}))
    assert [item.rule for item in changes(old, other)] == [
        "request-parameter-removed",
        "new-optional-request-parameter",
    ]
    listed = {"type": "array", "items": STRING}
    assert [
        item.rule
        for item in changes(
            listing(query("ordering", "Fields", schema=listed)),
            listing(query("sort", "Fields", schema=listed)),
        )
    ] == ["request-parameter-renamed"]


def test_a_parameters_schema_may_carry_its_words() -> None:
    def described(name: str, **words: str) -> dict[str, Any]:
        return query(name, schema={"type": "string", **words})

    stated = changes(
        listing(described("ordering")), listing(described("sort", description="Was `ordering`."))
    )
    assert [item.rule for item in stated if item.rule != "documentation-changed"] == [
        "request-parameter-renamed"
    ]
    titled = changes(listing(described("ordering", title="Order")), listing(described("sort", title="Order")))
    assert [item.rule for item in titled] == ["request-parameter-renamed"]
    retitled = changes(
        listing(described("ordering", title="Order")), listing(described("sort", title="Sort"))
    )
    assert [item.rule for item in retitled if item.rule != "documentation-changed"] == [
        "request-parameter-removed",
        "new-optional-request-parameter",
    ]


def test_a_path_parameter_is_never_renamed() -> None:
    def declared(name: str, description: str) -> dict[str, Any]:
        return {"in": "path", "name": name, "required": True, "schema": STRING, "description": description}

    old = listing(declared("key", "The key"))
    new = listing(declared("id", "Previously `key`."))
    assert [item.rule for item in changes(old, new)] == [
        "new-required-request-parameter",
        "request-parameter-removed",
    ]


def test_a_parameter_removed_and_an_unrelated_one_added_are_two_changes() -> None:
    old = listing(query("ordering", "The field to order by"))
    new = listing(query("search", "Words the shop name contains"))
    assert [item.rule for item in changes(old, new) if item.rule != "documentation-changed"] == [
        "request-parameter-removed",
        "new-optional-request-parameter",
    ]
    # A header and a query parameter are never one renamed.
    header = listing(
        {"in": "header", "name": "X-Order", "schema": STRING, "description": "Previously `ordering`."}
    )
    assert [item.rule for item in changes(old, header)] == [
        "request-parameter-removed",
        "new-optional-request-parameter",
    ]
