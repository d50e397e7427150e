"""Each fault of the complete documents names the contract tests that reach it; no name is stale."""

from __future__ import annotations

from sendcloud_contracts.double.catalogue.faults import CATALOGUE, Kind
from sendcloud_contracts.double.catalogue.reach import REACHED_BY
from sendcloud_contracts.double.catalogue.variant import SEED_SPEC
from sendcloud_contracts.double.catalogue.write_variant import WRITES_TEST

from ..conftest import CONTRACTS


def test_every_fault_of_a_complete_document_names_what_reaches_it() -> None:
    faults = {
        entry.name
        for entry in CATALOGUE
        if entry.kind is Kind.FAULT and entry.spec != SEED_SPEC and entry.writes is None
    }
    assert set(REACHED_BY) == faults


def test_the_write_contracts_faults_are_reached_by_the_write_test() -> None:
    writing = [entry for entry in CATALOGUE if entry.kind is Kind.FAULT and entry.writes is not None]
    assert {entry.reached_by for entry in writing} == {WRITES_TEST}
    assert f"def {WRITES_TEST}(" in (CONTRACTS / "test_writes.py").read_text()


def test_valid_variations_are_judged_by_the_whole_suite() -> None:
    assert all(not entry.reached_by for entry in CATALOGUE if entry.kind is Kind.VALID)


def test_each_reach_names_a_contract_test() -> None:
    tests = " ".join(path.read_text() for path in CONTRACTS.glob("test_*.py"))
    for name, reach in REACHED_BY.items():
        assert f"def {reach}(" in tests, name
