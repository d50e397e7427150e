"""Two versions of the API tell the same story: the integration v3 answers is the one v2 answers.

Fields are paired by name, or under the renames the newer document states itself ("In Integrations
API V2, this attribute was referred to as `system`"), read from its descriptions (`stated_renames`).
Pairings the document does not state are kept in one place (`INFERRED_RENAMES`), and a disagreement
there is a warning until the document states it. Timestamps are compared as instants (`Z`, `+00:00`
and `+02:00` may name one moment), `null` equals only `null`, and a field one version leaves out is
not compared: each version may leave optional fields out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sendcloud_contracts.rules.consistency import same_json
from sendcloud_contracts.rules.model import Violation, is_rfc3339, show

if TYPE_CHECKING:
    from collections.abc import Iterator, Mapping, Sequence

    from sendcloud_contracts.spec import Spec

RULE = "versions_agree"
# The newer document's own words for a rename, in the description of the renamed field.
_STATED = re.compile(r"In (?:the )?Integrations API V2, this attribute was referred to as `(\w+)`")
# Renames nobody has seen stated: the pairing is ours (v3's `updated_at` moves when v2's
# `last_updated_at` does).
INFERRED_RENAMES: Mapping[str, str] = {"updated_at": "last_updated_at"}


@dataclass(frozen=True)
class Pairing:
    """A field of the newer version and the field of the older one that holds the same fact."""

    newer: str
    older: str
    inferred: bool = False


def stated_renames(spec: Spec) -> dict[str, str]:
    """Each field of the integration whose description names its v2 name: {v3 name: v2 name}."""
    schema = spec.response_schema(spec.dialect.resource.item_path, "GET", 200)
    if schema is None:
        return {}
    renames = {}
    for name, described in _properties(spec, schema).items():
        text = described.get("description")
        found = _STATED.search(" ".join(text.split())) if isinstance(text, str) else None
        if found:
            renames[name] = found.group(1)
    return renames


def _properties(spec: Spec, schema: dict[str, Any]) -> dict[str, dict[str, Any]]:
    # The payload's schema (inside the wrapper), its `allOf` parts merged.
    node = spec.resolve(schema)
    wrapper = spec.dialect.wrapper
    if wrapper is not None and wrapper in node.get("properties", {}):
        node = spec.resolve(node["properties"][wrapper])
    found: dict[str, dict[str, Any]] = {}
    for part in [node, *node.get("allOf", [])]:
        for name, raw in spec.resolve(part).get("properties", {}).items():
            found[name] = spec.resolve(raw)
    return found


def pairings(newer: Mapping[str, Any], older: Mapping[str, Any], renames: Mapping[str, str]) -> list[Pairing]:
    """The fields both answers carry: renamed ones as stated or inferred, the rest by the same name."""
    renamed = {**{new: Pairing(new, old, inferred=True) for new, old in INFERRED_RENAMES.items()}}
    renamed.update({new: Pairing(new, old) for new, old in renames.items()})
    paired = [pairing for pairing in renamed.values() if pairing.newer in newer and pairing.older in older]
    taken = {pairing.older for pairing in renamed.values()} | set(renamed)
    paired += [Pairing(name, name) for name in newer if name in older and name not in taken]
    return paired


def agree(newer: Any, older: Any) -> bool:
    """Equal as the facts they state: timestamps as instants, other values as JSON."""
    if isinstance(newer, str) and isinstance(older, str) and is_rfc3339(newer) and is_rfc3339(older):
        return _instant(newer) == _instant(older)
    return same_json(newer, older)


def _instant(stamp: str) -> datetime:
    # Python reads `Z` as UTC; `upper` gives RFC 3339's lower-case `t` and `z` their usual form.
    return datetime.fromisoformat(stamp.upper())


@dataclass(frozen=True)
class Side:
    """One version's answer about one integration: its version's name, where it sits, what it says."""

    version: str
    where: str
    payload: Mapping[str, Any]


def disagreements(
    newer: Side, older: Side, renames: Mapping[str, str], label: str
) -> Iterator[tuple[Violation, bool]]:
    """Each field the two answers state differently, with whether its pairing is inferred."""
    for pairing in pairings(newer.payload, older.payload, renames):
        said_newer, said_older = newer.payload[pairing.newer], older.payload[pairing.older]
        if agree(said_newer, said_older):
            continue
        violation = Violation(
            RULE,
            f"{label}: {newer.version} {pairing.newer} / {older.version} {pairing.older}",
            f"{show(said_newer)} ({newer.version}, {newer.where})",
            f"{show(said_older)}, as {older.version} {pairing.older} holds ({older.where})",
            f"The versions disagree: a client moving to {newer.version} would read another value",
        )
        yield violation, pairing.inferred


def id_sets(
    newer: Side, newer_ids: Sequence[int], older: Side, older_ids: Sequence[int]
) -> Iterator[Violation]:
    """Both lists hold the same integrations."""
    for ids, other_ids, side, other in (
        (newer_ids, older_ids, newer, older),
        (older_ids, newer_ids, older, newer),
    ):
        missing = sorted(set(other_ids) - set(ids))
        if missing:
            yield Violation(
                RULE,
                f"{side.version} GET {side.where}",
                f"{len(set(ids))} integrations, without {', '.join(map(str, missing))}",
                f"the integrations {other.version} lists ({other.where}), "
                f"{', '.join(map(str, missing))} among them",
                "The versions list different integrations of one account",
            )
