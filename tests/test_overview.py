"""`python -m sendcloud_contracts --help`: one screen, naming every mode, variable and exit code."""

from __future__ import annotations

import configparser
import subprocess
import sys

from sendcloud_contracts import exitcodes
from sendcloud_contracts.overview import MODES, overview
from sendcloud_contracts.variables import VARIABLES

from .conftest import ROOT


def test_the_overview_fits_one_screen_and_names_everything() -> None:
    text = subprocess.run(
        [sys.executable, "-m", "sendcloud_contracts", "--help"], capture_output=True, text=True, check=True
    ).stdout
    assert text == overview()
    assert len(text.splitlines()) <= 60
    assert all(variable.name in text for variable in VARIABLES)
    codes = [exitcodes.HOLDS, exitcodes.BROKEN, exitcodes.INTERRUPTED, exitcodes.CRASHED, exitcodes.BAD_INPUT]
    for code in [*codes, exitcodes.INFRASTRUCTURE]:
        assert f"\n  {code} " in text


def test_every_mode_it_names_is_a_tox_environment() -> None:
    tox = configparser.ConfigParser(interpolation=None)
    tox.read(ROOT / "tox.ini")
    environments = {section.removeprefix("testenv:") for section in tox.sections()}
    named = {part.strip() for environment, _meaning in MODES for part in environment.split(",")}
    assert named <= environments


def test_an_unknown_argument_is_a_setup_mistake() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "sendcloud_contracts", "--bogus"], capture_output=True, text=True, check=False
    )
    assert done.returncode == exitcodes.BAD_INPUT
    assert "unknown argument '--bogus'" in done.stderr
