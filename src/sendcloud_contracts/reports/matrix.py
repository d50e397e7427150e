"""Operations against rules: what each check found, and a conformance score per operation and run.

The counts come from the run's tally (`rules/tally.py`): every check of the suite's rules, passed,
failed or accepted as a deviation. Hygiene findings (what no client relies on) add warnings to the
check that found them. The score is the checks that did not fail, of the checks run; warnings do not
lower it, as they do not fail the run.

The rules come in two groups: those the tally counted (a check of theirs can fail the run), then the
hygiene checks that only ever warned. The run's row adds each rule's column up.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from sendcloud_contracts.rules.tally import FAILED, PASSED, WARNING

if TYPE_CHECKING:
    from sendcloud_contracts.rules.hygiene_findings import HygieneFinding
    from sendcloud_contracts.rules.tally import CheckTally
    from sendcloud_contracts.spec import Spec

NOT_EXERCISED = "not exercised"
COUNTED, HYGIENE = "contract rules", "hygiene"


@dataclass(frozen=True)
class Cell:
    passed: int = 0
    failed: int = 0
    warnings: int = 0

    @property
    def state(self) -> str:
        if self.failed:
            return FAILED
        if self.warnings:
            return WARNING
        return PASSED if self.passed else NOT_EXERCISED

    @property
    def text(self) -> str:
        """The cell in a few characters; `title` says it in words."""
        checks = self.passed + self.failed
        if self.failed:
            return f"✗ {self.failed} of {checks + self.warnings}"
        if self.warnings:
            return f"! {self.warnings}"
        return f"✓ {self.passed}" if self.passed else "-"

    @property
    def title(self) -> str:
        if self.state == NOT_EXERCISED:
            return "no answer of this operation gave this rule anything to judge"
        parts = [f"{count} {word}" for count, word in self._counts() if count]
        return ", ".join(parts)

    def _counts(self) -> tuple[tuple[int, str], ...]:
        return ((self.passed, "passed"), (self.failed, "failed"), (self.warnings, "warnings"))


@dataclass(frozen=True)
class Row:
    operation: str
    cells: tuple[Cell, ...]
    passed: int
    run: int

    @property
    def score(self) -> str:
        return percent(self.passed, self.run)


@dataclass(frozen=True)
class Matrix:
    rules: tuple[str, ...]
    rows: tuple[Row, ...]
    passed: int
    run: int
    # How many of `rules`, from the first, the tally counted; the rest are hygiene checks that warned.
    counted: int

    @property
    def score(self) -> str:
        return percent(self.passed, self.run)

    @property
    def totals(self) -> tuple[Cell, ...]:
        """Each rule's column added up over the operations: the run's own row."""
        return tuple(
            Cell(
                sum(row.cells[index].passed for row in self.rows),
                sum(row.cells[index].failed for row in self.rows),
                sum(row.cells[index].warnings for row in self.rows),
            )
            for index in range(len(self.rules))
        )

    @property
    def groups(self) -> tuple[tuple[str, int], ...]:
        """(group, how many rules) in the order of `rules`; a group without a rule is left out."""
        counted, hygiene = self.counted, len(self.rules) - self.counted
        return tuple((group, size) for group, size in ((COUNTED, counted), (HYGIENE, hygiene)) if size)


def percent(passed: int, run: int) -> str:
    if not run:
        return "—"
    share = 100 * passed / run
    # Never round a run with a failure up to 100%.
    shown = f"{share:.0f}" if passed == run or share < 99.5 else "99"
    return f"{shown}% ({passed} of {run})"


def build_matrix(
    tally: CheckTally, hygiene: list[HygieneFinding], spec: Spec, base_url: str | None
) -> Matrix:
    warnings: dict[tuple[str, str], int] = {}
    for finding in hygiene:
        operation = _operation(finding.request, spec, base_url)
        if operation is not None:
            warnings[operation, finding.check] = warnings.get((operation, finding.check), 0) + 1
    tallied = tally.rules()
    rules = tuple(dict.fromkeys([*tallied, *sorted({check for _operation, check in warnings})]))
    documented = documented_reads(spec)
    # The documented reads first, in the document's order; then probes of methods nobody documented.
    probes = {*tally.operations(), *(operation for operation, _check in warnings)} - set(documented)
    operations = [*documented, *sorted(probes)]
    rows = []
    for operation in operations:
        cells = []
        for rule in rules:
            counted = tally.cell(operation, rule)
            cells.append(
                Cell(counted[PASSED], counted[FAILED], counted[WARNING] + warnings.get((operation, rule), 0))
            )
        passed, run = tally.score(operation)
        rows.append(Row(operation, tuple(cells), passed, run))
    passed, run = tally.score()
    return Matrix(rules, tuple(rows), passed, run, len(tallied))


def documented_reads(spec: Spec) -> list[str]:
    """The operations a run sends: every documented GET (writes are never sent)."""
    paths = spec.document.get("paths") or {}
    return [f"GET {path}" for path, item in paths.items() if isinstance(item, dict) and "get" in item]


def _operation(request: str, spec: Spec, base_url: str | None) -> str | None:
    method, _, target = request.partition(" ")
    # A request may carry its query (a sort order asked for): the operation is its path's.
    path = target.partition("?")[0]
    matched = spec.operation_for(path, base_url) if path.startswith("/") else None
    return f"{method} {matched[0]}" if matched else None
