"""The suite's command line: its options in one group of pytest's `--help`, the `SENDCLOUD_*`
variables it reads after pytest's own, and a warning for a `SENDCLOUD_*` name it does not read."""

from __future__ import annotations

import argparse
import os
import re
from typing import TYPE_CHECKING

import pytest

from sendcloud_contracts.defaults import (
    DEFAULT_CASSETTE_DIR,
    DEFAULT_DEVIATIONS,
    DEFAULT_REPORT_ROOT,
    DEFAULT_SPEC,
    WRITES_OPTION,
)
from sendcloud_contracts.pytest_plugin import refusals
from sendcloud_contracts.pytest_plugin.suite import runs_the_contract_suite
from sendcloud_contracts.pytest_plugin.user_terms import SETTING_NAMES_OPTION, setting_names
from sendcloud_contracts.rules import hygiene
from sendcloud_contracts.rules.failures import KeyVariables
from sendcloud_contracts.variables import help_lines
from sendcloud_contracts.variables import unknown as unknown_variables

if TYPE_CHECKING:
    from collections.abc import Generator

KEY_VARIABLES_OPTION = "--key-variables"
_VARIABLE_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def pytest_addoption(parser: pytest.Parser, pluginmanager: pytest.PytestPluginManager) -> None:
    # A run pytest refuses for its command line never reaches the plugin's hooks; it still must
    # not leave the last run's verdict standing.
    config = pluginmanager.get_plugin("pytestconfig")
    if isinstance(config, pytest.Config):
        refusals.guard_refusals(config)
    group = parser.getgroup("sendcloud-contracts", "Sendcloud contract suite (paths relative to the rootdir)")
    group.addoption(
        "--contract-spec", default=DEFAULT_SPEC, help=f"the OpenAPI document (default: {DEFAULT_SPEC})"
    )
    group.addoption(
        "--cassette-dir", default=DEFAULT_CASSETTE_DIR, help=f"recordings (default: {DEFAULT_CASSETTE_DIR})"
    )
    group.addoption(
        "--deviations",
        default=DEFAULT_DEVIATIONS,
        help=f"accepted deviations from the spec (default: {DEFAULT_DEVIATIONS})",
    )
    group.addoption(
        "--report-dir",
        default=None,
        help=f"where this run's reports go (default: {DEFAULT_REPORT_ROOT}/<mode>: replay, record or live)",
    )
    group.addoption(
        WRITES_OPTION,
        action="store_true",
        help="run the write contract alone: every documented write, on SENDCLOUD_WRITE_INTEGRATION_ID "
        "only, the account restored afterwards (reports in reports/writes)",
    )
    group.addoption(
        hygiene.STRICT_OPTION,
        action="store_true",
        help="fail on hygiene findings too (Allow header, undocumented methods, 4xx to invalid requests)",
    )
    group.addoption(
        KEY_VARIABLES_OPTION,
        type=key_variables,
        default=KeyVariables(),
        metavar="PUBLIC,SECRET",
        help="the variables holding the keys where a printed reproduction is run "
        "(default: SENDCLOUD_PUBLIC_KEY,SENDCLOUD_SECRET_KEY; pre-release names each profile's)",
    )
    group.addoption(
        SETTING_NAMES_OPTION,
        type=setting_names,
        default={},
        metavar="VARIABLE=WHERE,...",
        help="where the user set each SENDCLOUD_* variable this run reads, named so in its messages "
        "(pre-release: `base_url` of [profiles.NAME], ...)",
    )


def key_variables(value: str) -> KeyVariables:
    names = [name.strip() for name in value.split(",")]
    if len(names) != 2 or not all(_VARIABLE_NAME.fullmatch(name) for name in names):
        raise argparse.ArgumentTypeError(
            f"{value!r} is not two variable names; expected PUBLIC,SECRET, e.g. "
            "SENDCLOUD_EU_PUBLIC_KEY,SENDCLOUD_EU_SECRET_KEY"
        )
    return KeyVariables(*names)


@pytest.hookimpl(wrapper=True)
def pytest_cmdline_main(config: pytest.Config) -> Generator[None, object, object]:
    """After pytest's `--help`, the variables the suite reads: pytest's own list ends at its own."""
    result = yield
    if config.option.help:
        print("\n".join(["", *help_lines()]))
    return result


def pytest_sessionstart(session: pytest.Session) -> None:
    """Before any request, whatever the verbosity: a misspelt variable reads as unset, and its default
    would stand in for it without a word."""
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    if reporter is None or not runs_the_contract_suite(session.config):
        return
    for warning in unknown_variables(os.environ):
        reporter.write_line(f"sendcloud-contracts: {warning}", yellow=True)
