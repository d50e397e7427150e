"""The file tree shows the architecture: packages that say their job, modules of one job each."""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING

import pytest

from .conftest import ROOT

if TYPE_CHECKING:
    from pathlib import Path

PACKAGE = ROOT / "src" / "sendcloud_contracts"
MAX_LINES = 300


@pytest.mark.parametrize(
    "module", sorted(PACKAGE.rglob("*.py")), ids=lambda path: str(path.relative_to(PACKAGE))
)
def test_no_module_is_longer_than_the_limit(module: Path) -> None:
    lines = len(module.read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_LINES, f"{module.relative_to(ROOT)} has {lines} lines; split it by job"


@pytest.mark.parametrize(
    "package", sorted(path.parent for path in PACKAGE.rglob("__init__.py")), ids=lambda path: path.name
)
def test_every_package_says_its_job_in_one_line(package: Path) -> None:
    docstring = ast.get_docstring(ast.parse((package / "__init__.py").read_text(encoding="utf-8")))
    assert docstring, f"{package.relative_to(ROOT)}/__init__.py has no docstring"
    assert "\n" not in docstring.strip()


def test_every_package_of_the_suite_has_a_mirror_in_tests() -> None:
    packages = {path.parent.name for path in PACKAGE.glob("*/__init__.py")}
    mirrored = {path.parent.name for path in (ROOT / "tests").glob("*/__init__.py")}
    assert packages - mirrored == set()
