"""A run's ending is decided once (`reports/outcome.py`) and every report is written from it by
`reports/`: these tests fail when a writer works an outcome out on its own.

They read the source, not a run: every report file is named and written in `reports/` only, each
function there that writes one takes the run's `Outcome` (or the `RunSummary` that carries it), and
no code outside `reports/outcome.py` picks a verdict word by comparing exit codes.
"""

from __future__ import annotations

import ast
import re
from typing import TYPE_CHECKING

import pytest

from .conftest import ROOT

if TYPE_CHECKING:
    from pathlib import Path

PACKAGE = ROOT / "src" / "sendcloud_contracts"
REPORTS = PACKAGE / "reports"
# The files every run's folder holds, by name and by the constants `reports/` names them with.
REPORT_FILES = re.compile(r"\b(summary\.md|run\.json|report\.html|junit\.xml|drift\.md)\b")
REPORT_FILE_CONSTANTS = frozenset({"SUMMARY_FILE", "OUTCOME_FILE", "PAGE_FILE", "JUNIT_FILE", "REPORT_FILE"})
# Calls that put bytes in a file.
WRITERS = frozenset(
    {
        "write_atomically",
        "write_text",
        "write_bytes",
        "write_page",
        "write_run_page",
        "replace",
        "copy",
        "copy2",
    }
)
# What an ending is decided from, and the words that state one.
EXIT_NAMES = frozenset({"exit_status", "exitstatus", "exit_code", "returncode", "code"})
EXIT_CONSTANTS = frozenset(
    {"HOLDS", "BROKEN", "INTERRUPTED", "CRASHED", "BAD_INPUT", "INFRASTRUCTURE", "NO_TESTS"}
)
VERDICT_WORDS = re.compile(r"\b(PASS|FAIL|STOPPED|INTERRUPTED|CRASHED|RUNNING)\b")
DECIDES = PACKAGE / "reports" / "outcome.py"
# Code that words an ending of its own, and why that is not a contract run's outcome worked out again.
OWN_VERDICTS = {
    # docdiff judges two documents, not an API: the night's exit code is decided once from the
    # documents' results (`_exit_code`), and `_headline` words that code; no run's Outcome exists there.
    PACKAGE / "docdiff" / "nightly.py": "_headline",
}


def modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def _docstrings(tree: ast.AST) -> set[int]:
    """The ids of the constants that are docstrings: they say what a module does, they write nothing."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                found.add(id(first.value))
    return found


def _names(node: ast.AST) -> set[str]:
    return {
        name
        for child in ast.walk(node)
        for name in (
            [child.id]
            if isinstance(child, ast.Name)
            else [child.attr]
            if isinstance(child, ast.Attribute)
            else []
        )
    }


def _strings(node: ast.AST, skip: set[int] = frozenset()) -> list[str]:  # type: ignore[assignment]
    return [
        child.value
        for child in ast.walk(node)
        if isinstance(child, ast.Constant) and isinstance(child.value, str) and id(child) not in skip
    ]


def _called(call: ast.Call) -> str:
    func = call.func
    return func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""


def _functions(tree: ast.AST) -> list[ast.FunctionDef]:
    return [node for node in ast.walk(tree) if isinstance(node, ast.FunctionDef)]


def names_or_writes_a_report(source: str) -> list[str]:
    """Where a module outside `reports/` spells a report's file name, or writes to one."""
    tree = ast.parse(source)
    found = [f"names {text!r}" for text in _strings(tree, _docstrings(tree)) if REPORT_FILES.search(text)]
    for call in (node for node in ast.walk(tree) if isinstance(node, ast.Call)):
        target = [call.func, *call.args]
        if _called(call) in WRITERS and any(_names(part) & REPORT_FILE_CONSTANTS for part in target):
            found.append(f"line {call.lineno}: writes a report file ({_called(call)})")
    return found


@pytest.mark.parametrize(
    "path",
    [path for path in modules() if not path.is_relative_to(REPORTS)],
    ids=lambda path: str(path.relative_to(PACKAGE)),
)
def test_only_reports_names_and_writes_a_runs_reports(path: Path) -> None:
    assert names_or_writes_a_report(path.read_text(encoding="utf-8")) == []


def writers_without_an_outcome(source: str) -> list[str]:
    """Functions of `reports/` that write a report file and are not given the run's outcome."""
    tree = ast.parse(source)
    found = []
    for function in _functions(tree):
        writes = any(_called(node) in WRITERS for node in ast.walk(function) if isinstance(node, ast.Call))
        if not writes or not _names(function) & REPORT_FILE_CONSTANTS:
            continue
        arguments = [*function.args.posonlyargs, *function.args.args, *function.args.kwonlyargs]
        annotations = {
            name for argument in arguments if argument.annotation for name in _names(argument.annotation)
        }
        annotations |= {
            text for argument in arguments for text in _strings(argument.annotation or ast.Pass())
        }
        if not {"Outcome", "RunSummary"} & annotations:
            found.append(f"{function.name} (line {function.lineno})")
    return found


@pytest.mark.parametrize("path", sorted(REPORTS.glob("*.py")), ids=lambda path: path.name)
def test_every_report_writer_is_given_the_outcome(path: Path) -> None:
    assert writers_without_an_outcome(path.read_text(encoding="utf-8")) == []


def _compares_an_exit_code(test: ast.AST) -> bool:
    for compare in (node for node in ast.walk(test) if isinstance(node, ast.Compare)):
        operands = [compare.left, *compare.comparators]
        for operand in operands:
            names = _names(operand)
            if names & EXIT_NAMES or names & EXIT_CONSTANTS or "exitcodes" in names:
                return True
    return False


def verdicts_picked_by_exit_code(source: str) -> list[str]:
    """`if code == BROKEN: "FAIL..."`: a verdict word chosen by comparing exit codes, where it is."""
    tree = ast.parse(source)
    found = []
    for function in _functions(tree):
        for node in ast.walk(function):
            branches: list[ast.AST] = []
            if isinstance(node, ast.If | ast.IfExp) and _compares_an_exit_code(node.test):
                branches = [*node.body] if isinstance(node, ast.If) else [node.body, node.orelse]
            elif isinstance(node, ast.Dict) and any(
                key is not None and _compares_an_exit_code(ast.Compare(key, [ast.Eq()], [key]))
                for key in node.keys
            ):
                branches = list(node.values)
            words = [text for branch in branches for text in _strings(branch) if VERDICT_WORDS.search(text)]
            if words:
                found.append(function.name)
                break
    return found


@pytest.mark.parametrize(
    "path", [path for path in modules() if path != DECIDES], ids=lambda path: str(path.relative_to(PACKAGE))
)
def test_no_verdict_word_is_picked_by_comparing_exit_codes(path: Path) -> None:
    expected = [OWN_VERDICTS[path]] if path in OWN_VERDICTS else []
    assert verdicts_picked_by_exit_code(path.read_text(encoding="utf-8")) == expected


# What each check must catch: a writer that works the outcome out again, in the shapes it would take.
WORKS_IT_OUT = """
def verdict(summary, exit_status):
    if exit_status == exitcodes.BROKEN:
        return f"FAIL: {summary}"
    return "PASS" if summary.exit_code == 0 else "STOPPED"
"""
WORDS_BY_CODE = """
def label(code):
    return {exitcodes.INTERRUPTED: "INTERRUPTED", HOLDS: "PASS"}[code]
"""
WRITES_ITS_OWN = '''
def write(folder, verdict: str) -> None:
    """Writes summary.md."""
    write_atomically(folder / SUMMARY_FILE, verdict)
    (folder / "run.json").write_text(verdict)
'''


def test_the_checks_catch_a_writer_that_works_the_outcome_out_itself() -> None:
    assert verdicts_picked_by_exit_code(WORKS_IT_OUT) == ["verdict"]
    assert verdicts_picked_by_exit_code(WORDS_BY_CODE) == ["label"]
    assert writers_without_an_outcome(WRITES_ITS_OWN) == ["write (line 2)"]
    assert names_or_writes_a_report(WRITES_ITS_OWN) == [
        "names 'run.json'",
        "line 4: writes a report file (write_atomically)",
    ]
    given = WRITES_ITS_OWN.replace("verdict: str", "outcome: Outcome")
    assert writers_without_an_outcome(given) == []
