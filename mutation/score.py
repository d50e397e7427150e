"""The mutation score of the rule modules, from the results `mutmut run` left in mutants/.

A mutant counts as killed when a test failed on it (or it hung past its time limit). Mutants
listed in mutation/equivalent.toml change no behaviour any input can show; they are left out of
the score, and each entry must still name the same mutation it was listed for: mutmut numbers
mutants by position, so an edit to a rule module can move a number onto a different mutation.

Prints one line per rule module, the mutants not killed (with the changed line, ready to be
tested or, if truly equivalent, listed), and ends with exactly one line:

    mutation score: K/N killed (P%), E equivalent listed in mutation/equivalent.toml

Exits 1 when a module scores under the floor or the list of equivalents is out of date.

    python mutation/score.py [--floor 90] [--markdown reports/mutation.md]
"""

from __future__ import annotations

import argparse
import sys
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Mapping

EQUIVALENTS = Path("mutation") / "equivalent.toml"
# mutmut's exit codes: 1 and 3 are failing test runs; the rest of the timeout codes are SIGXCPU.
KILLED_EXIT_CODES = frozenset({1, 3, 36, 24, -24, 152, 255})
STATUS = {0: "survived", 5: "no tests", 33: "no tests", 34: "skipped", None: "not checked"}


@dataclass(frozen=True)
class Equivalent:
    mutant: str
    mutation: str
    reason: str


@dataclass
class ModuleScore:
    path: str
    killed: int = 0
    equivalent: int = 0
    missed: dict[str, str] = field(default_factory=dict)

    @property
    def counted(self) -> int:
        return self.killed + len(self.missed)

    @property
    def percent(self) -> float:
        return 100.0 * self.killed / self.counted if self.counted else 0.0


def rule_modules(pyproject: Path) -> list[str]:
    """The modules `[tool.mutmut] only_mutate` names: the one list a new rule module joins."""
    config = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    return list(config["tool"]["mutmut"]["only_mutate"])


def load_equivalents(path: Path) -> list[Equivalent]:
    document = tomllib.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    entries = []
    for number, raw in enumerate(document.get("equivalent", []), start=1):
        missing = [key for key in ("mutant", "mutation", "reason") if not str(raw.get(key, "")).strip()]
        if missing:
            raise SystemExit(f"{path}: entry #{number} lacks {', '.join(missing)}")
        entries.append(Equivalent(str(raw["mutant"]), str(raw["mutation"]).strip(), str(raw["reason"])))
    return entries


def mutation_of(mutant: str, module: str) -> str:
    """The lines a mutant adds to its function, as `mutmut show` prints them, joined by ` / `."""
    from mutmut.mutation.diff_apply import get_diff_for_mutant

    diff = get_diff_for_mutant(mutant, path=module).splitlines()
    added = [line[1:].strip() for line in diff if line.startswith("+") and not line.startswith("+++")]
    return " / ".join(added)


def score(
    results: Mapping[str, Mapping[str, int | None]],
    equivalents: Iterable[Equivalent],
    describe: Callable[[str, str], str],
) -> tuple[list[ModuleScore], list[str]]:
    """Per module scores, and the problems with the list of equivalents."""
    listed = {entry.mutant: entry for entry in equivalents}
    problems = []
    scores = []
    for module, exit_codes in results.items():
        module_score = ModuleScore(module)
        for mutant, exit_code in exit_codes.items():
            entry = listed.pop(mutant, None)
            if entry is not None and describe(mutant, module) != entry.mutation:
                problems.append(
                    f"{mutant} is listed as equivalent for `{entry.mutation}` but now mutates "
                    f"`{describe(mutant, module)}`: check it again and update {EQUIVALENTS}"
                )
                entry = None
            if exit_code in KILLED_EXIT_CODES:
                module_score.killed += 1
                if entry is not None:
                    problems.append(f"{mutant} is listed as equivalent but a test kills it: remove it")
            elif entry is not None:
                module_score.equivalent += 1
            else:
                module_score.missed[mutant] = STATUS.get(exit_code, f"exit code {exit_code}")
        scores.append(module_score)
    problems += [f"{mutant} is listed as equivalent but no such mutant exists" for mutant in listed]
    return scores, problems


def last_line(scores: list[ModuleScore]) -> str:
    equivalents = sum(module.equivalent for module in scores)
    killed = sum(module.killed for module in scores)
    counted = sum(module.counted for module in scores)
    percent = 100.0 * killed / counted if counted else 0.0
    return (
        f"mutation score: {killed}/{counted} killed ({percent:.1f}%), "
        f"{equivalents} equivalent listed in {EQUIVALENTS}"
    )


def markdown(scores: list[ModuleScore], floor: float, summary: str) -> str:
    lines = ["# Mutation score of the rule modules", "", "| module | killed | equivalent | score |"]
    lines.append("|---|---|---|---|")
    for module in scores:
        verdict = "" if module.percent >= floor else f" (under {floor:g}%)"
        lines.append(
            f"| `{module.path}` | {module.killed}/{module.counted} | {module.equivalent} "
            f"| {module.percent:.1f}%{verdict} |"
        )
    missed = [(mutant, status) for module in scores for mutant, status in module.missed.items()]
    if missed:
        lines += ["", "Not killed (`mutmut show NAME` prints the mutation):", ""]
        lines += [f"- `{mutant}`: {status}" for mutant, status in missed]
    return "\n".join([*lines, "", summary, ""])


def read_results(modules: list[str]) -> dict[str, dict[str, int | None]]:
    import json

    results = {}
    for module in modules:
        meta = Path("mutants") / f"{module}.meta"
        if not meta.exists():
            raise SystemExit(f"{meta} is missing: run `mutmut run` (or `tox -e mutation`) first")
        results[module] = dict(json.loads(meta.read_text(encoding="utf-8"))["exit_code_by_key"])
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--floor", type=float, default=90.0, help="lowest score a module may have (%%)")
    parser.add_argument("--markdown", type=Path, help="also write the scores as Markdown here")
    options = parser.parse_args(argv)

    modules = rule_modules(Path("pyproject.toml"))
    equivalents = load_equivalents(EQUIVALENTS)
    scores, problems = score(read_results(modules), equivalents, mutation_of)
    for module in scores:
        print(
            f"{module.path}: {module.killed}/{module.counted} killed ({module.percent:.1f}%), "
            f"{module.equivalent} equivalent"
        )
    for module in scores:
        for mutant, status in module.missed.items():
            print(f"  {status}: {mutant}: {mutation_of(mutant, module.path)}")
    under = [module.path for module in scores if module.percent < options.floor]
    for path in under:
        print(f"{path} scores under {options.floor:g}%: add unit tests that kill its survivors")
    for problem in problems:
        print(problem)
    summary = last_line(scores)
    if options.markdown:
        options.markdown.parent.mkdir(parents=True, exist_ok=True)
        options.markdown.write_text(markdown(scores, options.floor, summary), encoding="utf-8")
    print(summary)
    return 1 if under or problems else 0


if __name__ == "__main__":
    sys.exit(main())
