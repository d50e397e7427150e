"""A change between two documents, where a client meets it, and its fingerprint.

Failures are data: the rules return `Change`s, the reports read their fields. Whether a change is
breaking is the rule's (`rules/registry.py`), never the caller's, so the two cannot disagree. A
group is a change too: one a client's engineer names (a payload moved into a wrapper, a rename),
with the changes the rules found for it as its members, counted once.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, replace
from enum import Enum

from sendcloud_contracts.docdiff.rules.registry import RULES

ABSENT = "(absent)"
_TEMPLATE_PARAMETER = re.compile(r"\{[^}/]*\}")


class Side(Enum):
    """What a client sends (parameters, request bodies) or reads (responses)."""

    REQUEST = "request"
    RESPONSE = "response"


@dataclass(frozen=True)
class Operation:
    """An operation as a report names it (the newer document's spelling) and as a fingerprint keys it."""

    method: str
    path: str

    @property
    def label(self) -> str:
        return f"{self.method.upper()} {self.path}" if self.method else self.path

    @property
    def key(self) -> str:
        """The label with path parameters unnamed: renaming `{id}` to `{integration_id}` moves nothing."""
        return f"{self.method.upper()} {path_key(self.path)}" if self.method else path_key(self.path)


def path_key(template: str) -> str:
    """A path with its parameters unnamed: `/integrations/{}`."""
    return _TEMPLATE_PARAMETER.sub("{}", template)


DOCUMENT = Operation("", "(document)")


@dataclass(frozen=True)
class Where:
    """A place in an operation, as a client meets it: a parameter, a body, a header; a field in it."""

    operation: Operation
    place: str
    # Where a schema is compared: which side, and the family of rule ids at the root of the place
    # (`request-parameter`, `request-body`, `response-body`, `response-header`; below the root it is
    # `request-property` or `response-property`). Other places need neither.
    side: Side = Side.REQUEST
    root: str = ""
    path: tuple[str, ...] = ()

    def child(self, segment: str) -> Where:
        return Where(self.operation, self.place, self.side, self.root, (*self.path, segment))

    @property
    def family(self) -> str:
        return self.root if not self.path else f"{self.side.value}-property"

    @property
    def location(self) -> str:
        field = ""
        for segment in self.path:
            # `results[].shop_url`, `(alternative 2).id`, `data (alternative 1)`
            joint = "" if segment.startswith("[") or not field else " " if segment.startswith("(") else "."
            field += joint + segment
        return f"{self.place}: {field}" if field else self.place


@dataclass(frozen=True)
class Change:
    rule: str
    operation: Operation
    location: str
    old: str
    new: str
    # Where the document writes it, old and new (after following `$ref`), as JSON pointers.
    pointer_old: str | None = None
    pointer_new: str | None = None
    # A group's consequences, why they were grouped, and the advice; none of them is in the
    # fingerprint, so an acceptance of the group outlives a change to what it explains.
    members: tuple[Change, ...] = ()
    why: str = ""
    fix: str = ""

    @property
    def breaking(self) -> bool:
        return RULES[self.rule].breaking

    @property
    def fingerprint(self) -> str:
        """The same change gets the same fingerprint whatever else the documents change.

        Made of what a client meets (rule, operation, location, the old and new value), never of
        where the document writes it: moving a schema into `components`, inlining a `$ref` or
        renaming a path parameter leaves it as it was.
        """
        text = "\n".join((self.rule, self.operation.key, self.location, self.old, self.new))
        return hashlib.sha256(text.encode()).hexdigest()[:16]


def change(
    rule: str,
    where: Where,
    old: str,
    new: str,
    pointer_old: str | None = None,
    pointer_new: str | None = None,
) -> Change:
    if rule not in RULES:
        raise KeyError(f"{rule} is not a rule of the document check")
    return Change(rule, where.operation, where.location, old, new, pointer_old, pointer_new)


def group(
    rule: str,
    where: Where,
    old: str,
    new: str,
    pointers: tuple[str | None, str | None],
    *,
    members: list[Change],
    why: str,
    wrapper: str = "",
) -> Change:
    """One change for what `members` are together, with why, and the rule's advice filled in."""
    found = change(rule, where, old, new, *pointers)
    fix = RULES[rule].fix.format(old=old, new=new, wrapper=wrapper)
    return replace(found, members=tuple(ordered(members)), why=why, fix=fix)


def ordered(changes: list[Change]) -> list[Change]:
    """Breaking first, then by operation, location and rule: the same documents, the same order."""
    return sorted(changes, key=lambda item: (not item.breaking, item.operation.key, item.location, item.rule))
