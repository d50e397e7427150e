"""The mutation score: what counts as killed, what an equivalent entry must still match, the last line."""

from __future__ import annotations

import tomllib
from typing import TYPE_CHECKING

import pytest

from mutation.score import (
    EQUIVALENTS,
    Equivalent,
    last_line,
    load_equivalents,
    markdown,
    rule_modules,
    score,
)

from .conftest import ROOT

if TYPE_CHECKING:
    from pathlib import Path

MODULE = "src/sendcloud_contracts/rules/contract.py"
MUTATIONS = {"m.x_a__mutmut_1": "return 1", "m.x_a__mutmut_2": "return 2", "m.x_a__mutmut_3": "return 3"}


def describe(mutant: str, module: str) -> str:
    return MUTATIONS[mutant]


def test_killed_timed_out_survived_and_untested_mutants_are_told_apart() -> None:
    results = {
        MODULE: {"m.x_a__mutmut_1": 1, "m.x_a__mutmut_2": 36, "m.x_a__mutmut_3": 0, "m.x_b__mutmut_1": 33}
    }
    (module,), problems = score(results, [], describe)
    assert (module.killed, module.counted, module.equivalent) == (2, 4, 0)
    assert module.missed == {"m.x_a__mutmut_3": "survived", "m.x_b__mutmut_1": "no tests"}
    assert module.percent == 50.0
    assert problems == []


def test_an_equivalent_mutant_leaves_the_count() -> None:
    results = {MODULE: {"m.x_a__mutmut_1": 1, "m.x_a__mutmut_3": 0}}
    (module,), problems = score(results, [Equivalent("m.x_a__mutmut_3", "return 3", "why")], describe)
    assert (module.killed, module.counted, module.equivalent, module.percent) == (1, 1, 1, 100.0)
    assert problems == []
    assert last_line([module]) == f"mutation score: 1/1 killed (100.0%), 1 equivalent listed in {EQUIVALENTS}"


def test_an_equivalent_entry_whose_number_now_names_another_mutation_does_not_count() -> None:
    results = {MODULE: {"m.x_a__mutmut_3": 0}}
    (module,), problems = score(results, [Equivalent("m.x_a__mutmut_3", "return 4", "why")], describe)
    assert module.missed == {"m.x_a__mutmut_3": "survived"}
    assert len(problems) == 1
    assert "now mutates `return 3`" in problems[0]


def test_an_equivalent_entry_that_a_test_kills_or_that_no_longer_exists_is_a_problem() -> None:
    entries = [Equivalent("m.x_a__mutmut_1", "return 1", "why"), Equivalent("m.x_gone__mutmut_1", "x", "why")]
    _, problems = score({MODULE: {"m.x_a__mutmut_1": 1}}, entries, describe)
    assert len(problems) == 2
    assert "a test kills it" in problems[0]
    assert "no such mutant exists" in problems[1]


def test_the_last_line_totals_every_module() -> None:
    results = {MODULE: {"m.x_a__mutmut_1": 1}, "other.py": {"m.x_a__mutmut_2": 0, "m.x_a__mutmut_3": 1}}
    scores, _ = score(results, [], describe)
    assert last_line(scores) == f"mutation score: 2/3 killed (66.7%), 0 equivalent listed in {EQUIVALENTS}"
    table = markdown(scores, 90.0, last_line(scores))
    assert "| `other.py` | 1/2 | 0 | 50.0% (under 90%) |" in table
    assert "- `m.x_a__mutmut_2`: survived" in table
    assert table.rstrip().endswith(last_line(scores))


def test_equivalent_entries_need_a_mutant_its_mutation_and_a_reason(tmp_path: Path) -> None:
    path = tmp_path / "equivalent.toml"
    path.write_text('[[equivalent]]\nmutant = "m.x_a__mutmut_1"\nmutation = "return 1"\nreason = " "\n')
    with pytest.raises(SystemExit, match="entry #1 lacks reason"):
        load_equivalents(path)


def test_the_listed_equivalents_are_complete_entries() -> None:
    entries = load_equivalents(ROOT / EQUIVALENTS)
    assert len({entry.mutant for entry in entries}) == len(entries)
    modules = {
        path.removeprefix("src/").removesuffix(".py").replace("/", ".")
        for path in rule_modules(ROOT / "pyproject.toml")
    }
    assert all(entry.mutant.rsplit(".", 1)[0] in modules for entry in entries)


def test_the_rule_modules_are_the_ones_mutated() -> None:
    modules = rule_modules(ROOT / "pyproject.toml")
    assert {
        "src/sendcloud_contracts/rules/contract.py",
        "src/sendcloud_contracts/rules/deviations.py",
        "src/sendcloud_contracts/rules/strict_json.py",
        "src/sendcloud_contracts/rules/pagination.py",
        "src/sendcloud_contracts/rules/page_walk.py",
        "src/sendcloud_contracts/rules/invalid_requests.py",
        "src/sendcloud_contracts/rules/timestamps.py",
        "src/sendcloud_contracts/rules/consistency.py",
    } <= set(modules)
    assert all((ROOT / module).is_file() for module in modules)


def test_each_mutant_runs_in_a_process_that_never_ran_the_unmutated_rules() -> None:
    # Forked from mutmut's own process, a mutant would find contract.py's validator cache filled
    # by the unmutated code, and seven of its mutants would survive for that alone.
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["mutmut"]
    assert config["process_isolation"] == "forkserver"
