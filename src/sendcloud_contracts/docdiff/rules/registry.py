"""Every rule id of the document check: whether the change can break a client, what it means, oasdiff's id.

Ids follow oasdiff's (`checker/localizations_src/en/messages.yaml`) where they mean the same thing.
The schema rules come in families: one per place a client meets a schema (a parameter, a body, a
property in a body, a response header) and per change, breaking on one side only where a client
sends what it reads, or reads what it sends (a new enum value breaks a reader, not a sender).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Rule:
    id: str
    breaking: bool
    meaning: str
    # oasdiff's id(s) for the same change, or "" where it has none.
    oasdiff: str = ""
    # A group's advice: what happened, what a client expected, how to fix it; `{old}`, `{new}` and
    # `{wrapper}` are filled from the group. Changes that are no group need none: their rule says it.
    fix: str = ""


# id | breaking | what changed, as a client meets it | oasdiff's id for the same change ("=": the same id)
_TABLE = """
api-path-removed-without-deprecation | yes | a path and all its operations removed | =
api-path-removed-with-deprecation | yes | a path removed whose operations were all deprecated | =
api-removed-without-deprecation | yes | an operation removed from a path that stays | =
api-removed-with-deprecation | yes | a deprecated operation removed | =
endpoint-added | no | a new operation | =
endpoint-deprecated | no | an operation marked deprecated | =
endpoint-reactivated | no | an operation no longer deprecated | =
api-security-removed | yes | a way to authenticate the operation no longer accepted | =
api-security-added | no | a new way to authenticate the operation | =
api-security-component-changed | yes | a security scheme's kind, key placement or token URL changed | \
  api-security-component-type-changed, api-security-component-oauth-token-url-changed
servers-changed | no | the servers the document names changed |
documentation-changed | no | a description, summary, title or example changed |
request-parameter-removed | yes | a parameter the client sends is no longer documented | =
new-required-request-parameter | yes | a new parameter the client must send | =
new-optional-request-parameter | no | a new parameter the client may send | =
request-parameter-became-required | yes | an optional parameter became required | =
request-parameter-became-optional | no | a required parameter became optional | =
request-body-added-required | yes | a request body the client must now send | =
request-body-added-optional | no | a request body the client may send | =
request-body-removed | yes | the request body the client sends is no longer documented | =
request-body-became-required | yes | an optional request body became required | =
request-body-became-optional | no | a required request body became optional | =
request-body-media-type-removed | yes | a media type the client sends is no longer accepted | =
request-body-media-type-added | no | a new media type the client may send | =
response-success-status-removed | yes | a success status the client handles is no longer answered | =
response-success-status-added | no | a new success status | =
response-non-success-status-removed | no | an error status no longer documented | =
response-non-success-status-added | no | a new error status documented | =
response-media-type-removed | yes | a media type the client reads is no longer answered | =
response-media-type-added | no | a new media type answered | =
response-header-removed | yes | a response header the client reads is no longer sent | \
  required-response-header-removed, optional-response-header-removed
response-header-added | no | a new response header | =
response-header-became-optional | yes | a required response header became optional | =
response-header-became-required | no | an optional response header became required |
request-property-removed | yes | a property the client sends is no longer documented | =
new-required-request-property | yes | a new property the client must send | =
new-optional-request-property | no | a new property the client may send | =
request-property-became-required | yes | an optional property the client sends became required | =
request-property-became-optional | no | a required property the client sends became optional | =
response-property-removed | yes | a property the client reads is no longer sent, required or not | \
  response-required-property-removed, response-optional-property-removed
response-required-property-added | no | a new property always answered | =
response-optional-property-added | no | a new property sometimes answered | =
response-property-became-optional | yes | a property the client reads may now be left out | =
response-property-became-required | no | a property the client reads is now always sent | =
"""


def _table_rules() -> list[Rule]:
    rules = []
    for line in _TABLE.strip().splitlines():
        rule_id, breaking, meaning, oasdiff = (cell.strip() for cell in line.split("|"))
        rules.append(Rule(rule_id, breaking == "yes", meaning, rule_id if oasdiff == "=" else oasdiff))
    return rules


# change -> ((breaking in what the client sends, in what it reads), meaning); None: not on that side.
_SCHEMA_CHANGES: dict[str, tuple[tuple[bool | None, bool | None], str]] = {
    "type-changed": ((True, True), "the type or format changed to one that does not fit the old values"),
    "type-generalized": ((False, None), "the type or format widened: every old value still fits"),
    "type-specialized": ((None, False), "the type or format narrowed: every new value fits the old"),
    "became-nullable": ((False, True), "null became allowed"),
    "became-not-nullable": ((True, False), "null is no longer allowed"),
    "enum-value-added": ((False, True), "a new allowed value"),
    "enum-value-removed": ((True, False), "an allowed value removed"),
    "became-enum": ((True, False), "restricted to a list of values"),
    "became-not-enum": ((False, True), "no longer restricted to a list of values"),
    "constraint-narrowed": ((True, False), "a bound, pattern or uniqueness allows fewer values"),
    "constraint-widened": ((False, True), "a bound, pattern or uniqueness allows more values"),
    "constraint-changed": ((True, True), "a pattern changed: neither allows all the other's values"),
    "one-of-added": ((False, True), "a new alternative (oneOf/anyOf)"),
    "one-of-removed": ((True, False), "an alternative removed (oneOf/anyOf)"),
}
_ROOTS = {
    "request-parameter": (0, "a parameter"),
    "request-body": (0, "the request body"),
    "request-property": (0, "a property the client sends"),
    "response-body": (1, "the response body"),
    "response-property": (1, "a property the client reads"),
    "response-header": (1, "a response header"),
}
# oasdiff's ids where they name the same change for the same place.
_OASDIFF_FAMILIES = {
    "type-changed": "{root}-type-changed",
    "type-generalized": "{root}-type-generalized",
    "became-nullable": "{root}-became-nullable",
    "became-not-nullable": "{root}-became-not-nullable",
    "enum-value-added": "{root}-enum-value-added",
    "enum-value-removed": "{root}-enum-value-removed",
    "became-enum": "{root}-became-enum",
    "constraint-narrowed": "{root}-max-length-decreased, {root}-min-increased, ...",
    "constraint-widened": "{root}-max-length-increased, {root}-min-decreased, ...",
    "constraint-changed": "{root}-pattern-changed",
    "one-of-added": "{root}-one-of-added",
    "one-of-removed": "{root}-one-of-removed",
}


def _schema_rules() -> list[Rule]:
    rules = []
    for root, (side, subject) in _ROOTS.items():
        for suffix, (verdicts, meaning) in _SCHEMA_CHANGES.items():
            breaking = verdicts[side]
            if breaking is None:
                continue
            oasdiff = _OASDIFF_FAMILIES.get(suffix, "").format(root=root)
            rules.append(Rule(f"{root}-{suffix}", breaking, f"{subject}: {meaning}", oasdiff))
    return rules


# Groups: one change a client's engineer names, its consequences (what the rules above found) under
# it. id | what changed | the advice.
_GROUPS = """
request-parameter-renamed | a parameter the client sends has a new name (the new document says so, \
  or keeps its schema and description) \
  | `{old}` is no longer documented, so the API may ignore or refuse it; `{new}` is the same \
  parameter under a new name. Send `{new}` instead of `{old}`; any other change to it is listed on its own
request-property-renamed | a property the client sends has a new name (the new document says so, \
  or keeps its schema and description) \
  | `{old}` is no longer documented, so the API may ignore or refuse it; `{new}` is the same \
  property under a new name. Send `{new}` instead of `{old}`; any other change to it is listed on its own
response-property-renamed | a property the client reads has a new name (the new document says so, \
  or keeps its schema and description) \
  | `{old}` is no longer sent, so a client reading it finds nothing; `{new}` is the same property \
  under a new name. Read `{new}` instead of `{old}`; any other change to it is listed on its own
request-body-wrapped | the request body moved into one property of a new object \
  | a body sent as before lacks every field the API now expects inside `{wrapper}`. Send the same \
  payload as `{{"{wrapper}": ...}}`; what else changed inside it is listed on its own
response-body-wrapped | the response body moved into one property of a new object \
  | a client reading the payload at the top of the body finds none of its fields there; they are \
  in `{wrapper}`. Read the payload from `{wrapper}`; what else changed inside it is listed on its own
"""


def _group_rules() -> list[Rule]:
    rules = []
    for entry in _GROUPS.strip().split("\n"):
        rule_id, meaning, fix = (" ".join(cell.split()) for cell in entry.split("|"))
        rules.append(Rule(rule_id, True, meaning, "", fix[:1].upper() + fix[1:] + "."))
    return rules


RULES: dict[str, Rule] = {rule.id: rule for rule in (*_table_rules(), *_group_rules(), *_schema_rules())}
