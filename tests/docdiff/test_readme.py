"""The README says what the document check does: every rule id, their number, the catalogue's size."""

from __future__ import annotations

import re

from sendcloud_contracts.docdiff.rules.registry import RULES

from ..conftest import ROOT
from .catalogue import PAIRS

FAMILIES = (
    "request-parameter",
    "request-body",
    "request-property",
    "response-body",
    "response-property",
    "response-header",
)


def section() -> str:
    """The README's section on the document check (read in the test: mutation runs have no README)."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    return readme.split("## When Sendcloud changes its document", 1)[1].split("\n## ", 1)[0]


def test_every_rule_id_is_in_the_readme_by_name_or_by_family() -> None:
    text = section()
    missing = []
    for rule in RULES:
        family = next((family for family in FAMILIES if rule.startswith(f"{family}-")), None)
        suffix = rule.removeprefix(f"{family}-") if family else ""
        if f"`{rule}`" not in text and not (family and f"`{suffix}`" in text):
            missing.append(rule)
    assert missing == []


def test_the_readme_counts_the_rules_and_the_catalogue_as_they_are() -> None:
    text = section()
    assert f"That makes {len(RULES)} rule ids" in text
    assert f"holds {len(PAIRS)} pairs made from the vendored documents" in text


def test_the_readme_names_only_rule_ids_that_exist() -> None:
    table = section().split("### What it reports", 1)[1].split("What a schema allows", 1)[0]
    named = set(re.findall(r"`([a-z]+(?:-[a-z]+)+)`", table))
    assert named <= set(RULES)
