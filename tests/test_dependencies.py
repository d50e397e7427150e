"""Every package the sources import directly is declared in pyproject.toml, pinned exactly."""

from __future__ import annotations

import ast
import importlib.metadata
import re
import sys
import tomllib

from .conftest import ROOT

SOURCES = ROOT / "src" / "sendcloud_contracts"


def imported_top_level_modules() -> set[str]:
    names: set[str] = set()
    for path in SOURCES.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names.update(alias.name.partition(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names.add(node.module.partition(".")[0])
    return names


# Extras the sources import from (lazily, when the extra is installed), pinned like the rest.
IMPORTED_EXTRAS = ("allure",)


def pinned_distributions() -> dict[str, str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    pins: dict[str, str] = {}
    extras = [project["optional-dependencies"][extra] for extra in IMPORTED_EXTRAS]
    for requirement in [*project["dependencies"], *(pin for extra in extras for pin in extra)]:
        name, _, version = requirement.partition("==")
        pins[re.sub(r"[-_.]+", "-", name).lower()] = version
    return pins


def test_every_direct_import_is_declared_and_pinned() -> None:
    owners = importlib.metadata.packages_distributions()
    pins = pinned_distributions()
    third_party = {
        name
        for name in imported_top_level_modules()
        if name not in sys.stdlib_module_names and name not in {"sendcloud_contracts", "_pytest"}
    }
    undeclared = []
    for module in sorted(third_party):
        distributions = {re.sub(r"[-_.]+", "-", d).lower() for d in owners.get(module, [module])}
        if not distributions & pins.keys():
            undeclared.append(f"{module} (from {', '.join(sorted(distributions))})")
    assert not undeclared, f"imported but not pinned in pyproject.toml: {', '.join(undeclared)}"


def test_pins_match_the_installed_versions() -> None:
    mismatched = [
        f"{name}: pinned {pinned}, installed {importlib.metadata.version(name)}"
        for name, pinned in pinned_distributions().items()
        if importlib.metadata.version(name) != pinned
    ]
    assert not mismatched, "; ".join(mismatched)
