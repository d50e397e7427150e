"""Which of the names gone from a place and the names come to it are one thing renamed.

A false rename hides a break: a client told to read `type` where it read `system` reads another
field's values, and nothing fails to show it. So a pair is a rename only on the new document's word:

- in words: the new one's description names the gone one as what it was ("Previously `system`",
  "was `system`", "was referred to as `system`", "formerly", "renamed from"), and no other new one
  names it. The schemas may differ: each difference is reported on its own, under the new name;
- without words: both have the same schema, no other gone or come one has it, and the new document
  describes the new one as the old one was described (the same description, or the same title).
  A `string` gone and another `string` come, each described in its own words, are two changes.

Properties (`rules/schemas.py`) and parameters (`rules/messages.py`) are paired alike; they say
what each candidate is, this module only decides.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Mapping

# The words that name what a property or parameter was called; the name follows in quotes.
_CUE = r"\b(?:previously|formerly|renamed\s+from|used\s+to\s+be|was|were)"
_STATED = re.compile(
    rf"{_CUE}(?:\s+(?:referred\s+to|known|called|named))?(?:\s+as)?\s*:?\s*[`'\"]([^`'\"\s]+)[`'\"]",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


@dataclass(frozen=True)
class Candidate:
    """A name gone or come, as far as a rename needs it: what it allows, and its words."""

    signature: str
    description: str | None = None
    title: str | None = None


@dataclass(frozen=True)
class Rename:
    old: str
    new: str
    # The evidence, as the report says it.
    why: str


def text(docs: Mapping[str, str], keyword: str) -> str | None:
    """A description or title from a view's documentation (kept there as canonical JSON)."""
    value = json.loads(docs[keyword]) if keyword in docs else None
    return value if isinstance(value, str) and value.strip() else None


def stated(description: str | None) -> dict[str, str]:
    """Each name a description says the thing was called, with the sentence that says it."""
    found: dict[str, str] = {}
    if description is None:
        return found
    # Descriptions are wrapped at any width; a sentence is read as one line.
    for sentence in _SENTENCE_END.split(" ".join(description.split())):
        for match in _STATED.finditer(sentence):
            found.setdefault(match.group(1), sentence)
    return found


def renames(gone: Mapping[str, Candidate], came: Mapping[str, Candidate]) -> list[Rename]:
    """The renames among `gone` and `came`: those stated in words first, then those without."""
    found = _in_words(gone, came)
    paired = {rename.old for rename in found} | {rename.new for rename in found}
    rest_gone = {name: candidate for name, candidate in gone.items() if name not in paired}
    rest_came = {name: candidate for name, candidate in came.items() if name not in paired}
    return found + _without_words(rest_gone, rest_came)


def _in_words(gone: Mapping[str, Candidate], came: Mapping[str, Candidate]) -> list[Rename]:
    claims = {
        new: {old: said for old, said in stated(candidate.description).items() if old in gone}
        for new, candidate in came.items()
    }
    found = []
    for new, named in claims.items():
        # One new name claiming two old ones is a merge, two claiming one a split: neither is a rename.
        if len(named) != 1:
            continue
        ((old, said),) = named.items()
        if sum(old in other for other in claims.values()) == 1:
            found.append(Rename(old, new, f"the new document says so: “{said}”"))
    return found


def _without_words(gone: Mapping[str, Candidate], came: Mapping[str, Candidate]) -> list[Rename]:
    found = []
    for old, before in gone.items():
        matches = [new for new, after in came.items() if after.signature == before.signature]
        rivals = [other for other in gone.values() if other.signature == before.signature]
        if len(matches) != 1 or len(rivals) != 1:
            continue
        words = _same_words(before, came[matches[0]])
        if words:
            found.append(
                Rename(old, matches[0], f"no words name it, but the schema and the {words} are the same")
            )
    return found


def _same_words(before: Candidate, after: Candidate) -> str:
    if before.description is not None and before.description == after.description:
        return "description"
    if before.title is not None and before.title == after.title:
        return "title"
    return ""
