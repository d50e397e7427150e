"""The site's reference pages say what the code defines: every variable, option, exit code, file,
profile field and rule id, each read from where the sources define or use it, not from the pages."""

from __future__ import annotations

import ast
import functools
import importlib
import re
from typing import TYPE_CHECKING, Any

import yaml

from sendcloud_contracts.docdiff.rules.registry import RULES as DOCDIFF_RULES
from sendcloud_contracts.prerelease.profiles import PROFILES_SCHEMA
from sendcloud_contracts.reference import commands, files, rules, settings
from sendcloud_contracts.reference.pages import pages
from sendcloud_contracts.rules.ids import RULE_IDS
from sendcloud_contracts.variables import VARIABLES

from ..conftest import ROOT

if TYPE_CHECKING:
    import pytest

    from ..conftest import SuiteRunner

PACKAGE = ROOT / "src" / "sendcloud_contracts"
# A file a run writes or reads, as a constant names it.
FILE_NAME = re.compile(r"^\.?[\w-]+(\.[\w-]+)*\.(md|json|jsonl|xml|html|log|properties|partial|yaml|toml)$")


@functools.cache
def modules() -> tuple[tuple[Any, ast.Module], ...]:
    """Every module of the package, imported, with its syntax tree."""
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        name = ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        if not name.endswith("__main__"):
            found.append((importlib.import_module(name), ast.parse(path.read_text(encoding="utf-8"))))
    return tuple(found)


def strings(expression: ast.expr, module: Any, tree: ast.Module) -> set[str]:
    """The strings an argument can be: a literal, a name bound to one, an attribute, either branch."""
    if isinstance(expression, ast.Constant) and isinstance(expression.value, str):
        return {expression.value}
    if isinstance(expression, ast.IfExp):
        return strings(expression.body, module, tree) | strings(expression.orelse, module, tree)
    if isinstance(expression, ast.Name):
        value = getattr(module, expression.id, None)
        if isinstance(value, str):
            return {value}
        # A local name: every string the module binds to it.
        return {
            node.value.value
            for node in ast.walk(tree)
            if isinstance(node, ast.Assign)
            and isinstance(node.value, ast.Constant)
            and isinstance(node.value.value, str)
            and any(isinstance(target, ast.Name) and target.id == expression.id for target in node.targets)
        }
    if isinstance(expression, ast.Attribute):
        value = eval(ast.unparse(expression), vars(module))  # a constant of an imported module
        return {value} if isinstance(value, str) else set()
    raise AssertionError(f"{module.__name__}: cannot tell what {ast.unparse(expression)} is")


def called_with(function: str) -> set[str]:
    """Every string the sources pass as the first argument of `function(...)`."""
    found: set[str] = set()
    for module, tree in modules():
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and node.args:
                func = node.func
                name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
                if name == function:
                    found |= strings(node.args[0], module, tree)
    return found


def test_every_rule_a_violation_can_carry_is_listed_and_nothing_else() -> None:
    raised = called_with("Violation")
    listed = [rule.id for rule in RULE_IDS]
    assert len(listed) == len(set(listed))
    assert set(listed) == raised


def test_the_rules_page_names_every_rule_id_and_hygiene_check() -> None:
    page = rules.rules_page()
    for rule in RULE_IDS:
        assert f"| `{rule.id}` | {rule.versions} |" in page, rule.id
    for check in rules.HYGIENE:
        assert f"| `{check}` |" in page, check


def test_every_document_check_rule_is_on_its_page() -> None:
    page = rules.docdiff_rules_page()
    for rule in DOCDIFF_RULES.values():
        assert f"| `{rule.id}` | {'yes' if rule.breaking else 'no'} |" in page, rule.id
    assert f"these {len(DOCDIFF_RULES)} rule ids" in page


def test_every_variable_is_on_its_page_with_what_it_does() -> None:
    page = settings.variables_page()
    for variable in VARIABLES:
        assert variable.detail, f"{variable.name} has no words for the reference"
        assert f"| `{variable.name}` | {variable.detail.replace('|', chr(92) + '|')} |" in page


def test_every_option_of_the_suite_is_on_its_page(run_suite: SuiteRunner) -> None:
    # What pytest itself lists in the suite's group of --help, not what the page's reader saw.
    help_text = run_suite("--help").stdout.str()
    heading = "Sendcloud contract suite (paths relative to the rootdir):"
    group = help_text.split(heading, 1)[1].split("\n\n")[0]
    in_help = set(re.findall(r"^  (--[\w-]+)", group, flags=re.MULTILINE))
    page = settings.options_page()
    on_page = set(re.findall(r"^\| `(--[\w-]+)", page, flags=re.MULTILINE))
    assert in_help
    assert on_page >= in_help
    assert {names[0] for names, _attributes in settings.suite_options()} == in_help


def test_every_exit_code_is_explained() -> None:
    page = settings.exit_codes_page()
    defined = settings.defined_exit_codes()
    assert set(settings.EXIT_CODES) == set(defined.values())
    for name, value in defined.items():
        assert f"| `{value}` | `{name}` |" in page


def test_every_file_a_run_writes_or_reads_is_on_its_page() -> None:
    named = set()
    for _module, tree in modules():
        for node in tree.body:
            if not isinstance(node, ast.Assign | ast.AnnAssign) or not isinstance(node.value, ast.Constant):
                continue
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            value = node.value.value
            names = [target.id for target in targets if isinstance(target, ast.Name)]
            if isinstance(value, str) and (
                FILE_NAME.match(value) or any(name.endswith(("_FILE", "_FOLDER")) for name in names)
            ):
                named.add(value)
    assert "summary.md" in named
    assert named <= files.documented_files()
    page = files.files_page()
    for name in files.documented_files():
        assert f"| `{name}` |" in page


def test_every_field_of_a_profile_is_described() -> None:
    fields = PROFILES_SCHEMA["properties"]["profiles"]["additionalProperties"]["properties"]
    page = settings.profiles_page()
    for name, field in fields.items():
        assert field.get("description"), name
        assert f"| `{name}` |" in page


def test_every_tox_environment_and_entry_point_is_on_the_commands_page(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(commands, "help_text", lambda module, root: f"usage: python -m {module}\n")
    page = commands.commands_page(ROOT)
    for name in commands.environments(ROOT):
        assert f"| `python3 -m tox -e {name}` |" in page
    for module, _what in commands.ENTRY_POINTS:
        assert importlib.util.find_spec(module) is not None
        assert f"usage: python -m {module}\n```" in page


def test_an_entry_points_help_is_the_one_it_prints() -> None:
    text = commands.help_text("sendcloud_contracts", ROOT)
    assert text.startswith("sendcloud-contracts: contract tests")


def test_every_generated_page_is_in_the_sites_navigation(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(commands, "help_text", lambda module, root: "")
    generated = set(pages(ROOT))
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    reference = next(entry["Reference"] for entry in config["nav"] if "Reference" in entry)
    assert {path for entry in reference for path in entry.values()} == generated
    # Generated, never kept: a page on disk would be overwritten at every build.
    assert not any((ROOT / "docs" / path).exists() for path in generated)
