"""The tox environments a user runs: each that runs the suite sees the `SENDCLOUD_*` the user exported."""

from __future__ import annotations

import configparser

import pytest

from .conftest import ROOT

# Commands that run the suite (directly, around the double, for drift or for pre-release).
SUITE_COMMANDS = (
    "pytest contracts",
    "sendcloud_contracts.versions",
    "sendcloud_contracts.double",
    "sendcloud_contracts.drift",
    "prerelease",
)
# Environments that run the suite on settings of their own, never the caller's: the project's
# tests clean the environment, the benchmark aims at the double with defaults.
OWN_SETTINGS = frozenset({"tests", "bench"})


def environments() -> dict[str, configparser.SectionProxy]:
    parser = configparser.ConfigParser(interpolation=None)
    parser.read(ROOT / "tox.ini", encoding="utf-8")
    return {
        section.removeprefix("testenv:"): parser[section]
        for section in parser.sections()
        if section.startswith("testenv:")
    }


def runs_the_suite(section: configparser.SectionProxy) -> bool:
    return any(command in section.get("commands", "") for command in SUITE_COMMANDS)


@pytest.mark.parametrize(
    "name", sorted(name for name, section in environments().items() if runs_the_suite(section))
)
def test_every_environment_that_runs_the_suite_passes_its_variables(name: str) -> None:
    section = environments()[name]
    if name in OWN_SETTINGS:
        assert "SENDCLOUD_" not in section.get("pass_env", "")
        return
    # A variable tox drops is silently ignored: a bad SENDCLOUD_RATE_LIMIT would pass as the default.
    assert "SENDCLOUD_*" in section.get("pass_env", "").split(), f"tox -e {name} drops SENDCLOUD_*"


def test_the_double_is_among_them() -> None:
    assert {"double", "record-double", "contracts", "live", "record"} <= {
        name for name, section in environments().items() if runs_the_suite(section)
    }
