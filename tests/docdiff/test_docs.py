"""The site's page on the document check says what it does: every rule id, their number, the catalogue's
size (its reference of rule ids is generated from the registry, `tests/reference/`)."""

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


PAGE = ROOT / "docs" / "explanation" / "document-check.md"


def section() -> str:
    """The page on the document check (read in the test: mutation runs have no docs/)."""
    return PAGE.read_text(encoding="utf-8")


def test_every_rule_id_is_on_the_page_by_name_or_by_family() -> None:
    text = section()
    missing = []
    for rule in RULES:
        family = next((family for family in FAMILIES if rule.startswith(f"{family}-")), None)
        suffix = rule.removeprefix(f"{family}-") if family else ""
        if f"`{rule}`" not in text and not (family and f"`{suffix}`" in text):
            missing.append(rule)
    assert missing == []


def test_the_page_counts_the_rules_and_the_catalogue_as_they_are() -> None:
    text = section()
    assert f"That makes {len(RULES)} rule ids" in text
    assert f"holds {len(PAIRS)} pairs made from the vendored documents" in text


def test_the_page_names_only_rule_ids_that_exist() -> None:
    table = section().split("## What it reports", 1)[1].split("What a schema allows", 1)[0]
    named = set(re.findall(r"`([a-z]+(?:-[a-z]+)+)`", table))
    assert named <= set(RULES)
