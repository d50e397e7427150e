"""The `SENDCLOUD_*` variables: listed in `--help` (and in the site's reference, `tests/reference/`),
and a name the suite does not read is named, with the closest one it does, before any request."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

import pytest

from sendcloud_contracts.prerelease.command import main as prerelease
from sendcloud_contracts.variables import KNOWN, VARIABLES, unknown

from .conftest import ROOT

if TYPE_CHECKING:
    from pathlib import Path

    from .conftest import SuiteRunner

SEED_RECORDINGS = ROOT / "cassettes-seed"


@pytest.fixture(autouse=True)
def _no_other_sendcloud_variables(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in os.environ:
        if name.startswith("SENDCLOUD_"):
            monkeypatch.delenv(name)


def test_help_lists_every_variable_the_suite_reads(run_suite: SuiteRunner) -> None:
    result = run_suite("--help")
    assert result.ret == pytest.ExitCode.OK
    output = result.stdout.str()
    assert "Environment variables of sendcloud-contracts" in output
    for variable in VARIABLES:
        assert f"  {variable.name} " in output, variable.name


def test_a_misspelt_variable_is_named_with_the_closest_one_before_any_request(
    run_suite: SuiteRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SENDCLOUD_BASEURL", "https://panel.sendcloud.sc/api/v2")
    # A pre-release profile's key, as the documentation names them: not the suite's, not a typo.
    monkeypatch.setenv("SENDCLOUD_EU_SHOP_PUBLIC_KEY", "public")
    result = run_suite(cassette_dir=SEED_RECORDINGS)
    assert result.ret == pytest.ExitCode.OK
    warnings = [line for line in result.outlines if "WARNING" in line]
    assert warnings == [
        "sendcloud-contracts: WARNING: SENDCLOUD_BASEURL is not a variable sendcloud-contracts reads, "
        "so it changes nothing; did you mean SENDCLOUD_BASE_URL?"
    ]
    # In the run header: before the first test, and so before any request.
    assert result.outlines.index(warnings[0]) < min(
        index for index, line in enumerate(result.outlines) if "passed" in line
    ), result.outlines


@pytest.mark.parametrize(
    ("name", "closest"),
    [
        ("SENDCLOUD_RATELIMIT", "SENDCLOUD_RATE_LIMIT"),
        ("SENDCLOUD_INTEGRATION_ID", "SENDCLOUD_INTEGRATION_IDS"),
        ("SENDCLOUD_SECRETKEY", "SENDCLOUD_SECRET_KEY"),
        ("SENDCLOUD_MAX_EXAMPLE", "SENDCLOUD_MAX_EXAMPLES"),
        ("SENDCLOUD_TIMEOUT", "SENDCLOUD_READ_TIMEOUT"),
    ],
)
def test_the_closest_known_name_is_offered(name: str, closest: str) -> None:
    assert unknown({name: "x", "SENDCLOUD_BASE_URL": "x", "PATH": "/bin"}) == [
        f"WARNING: {name} is not a variable sendcloud-contracts reads, so it changes nothing; "
        f"did you mean {closest}?"
    ]


def test_known_variables_and_profile_keys_raise_no_warning() -> None:
    environ = dict.fromkeys(KNOWN, "x") | {
        "SENDCLOUD_EU_SHOP_PUBLIC_KEY": "x",
        "SENDCLOUD_EU_SHOP_SECRET_KEY": "x",
        "SENDCLOUD_SHOP": "x",
    }
    assert unknown(environ, also_known=["SENDCLOUD_SHOP"]) == []


def test_prerelease_names_a_misspelt_setting_before_any_profile_runs(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SENDCLOUD_READ_TIMOUT", "30")
    profiles = tmp_path / "profiles.toml"
    profiles.write_text(
        '[profiles.eu]\nbase_url = "https://panel.sendcloud.sc/api/v2"\n'
        'public_key_env = "SENDCLOUD_EU_KEY"\nsecret_key_env = "SENDCLOUD_EU_SECRET"\n'
        "integration_ids = [1]\n"
    )
    monkeypatch.setenv("SENDCLOUD_EU_KEY", "public")
    prerelease([str(profiles), "--reports", str(tmp_path / "reports")])
    err = capsys.readouterr().err.splitlines()
    assert err == [
        "WARNING: SENDCLOUD_READ_TIMOUT is not a variable sendcloud-contracts reads, so it changes nothing; "
        "did you mean SENDCLOUD_READ_TIMEOUT?"
    ]
