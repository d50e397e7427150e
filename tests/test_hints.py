"""Every hint a message ends with runs as printed from a fresh clone.

The quick start installs tox with `python3 -m pip install tox`, which may leave no `tox` on PATH,
and a plain `pytest` outside tox has no package to load: a hint names `python3 -m tox -e ENV`,
with an environment tox.ini has and the options and paths of the run that printed it.
"""

from __future__ import annotations

import configparser
import itertools
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from sendcloud_contracts.drift import compare
from sendcloud_contracts.exitcodes import BAD_INPUT

from .conftest import ROOT, SEED_SPEC

if TYPE_CHECKING:
    from .conftest import SuiteRunner

BACKTICKED = re.compile(r"`([^`]+)`")
# The options a hint may hand to a tox environment, each followed by a value.
SUITE_OPTIONS = ("--contract-spec", "--cassette-dir", "--hypothesis-seed")


def tox_environments() -> set[str]:
    parser = configparser.ConfigParser(interpolation=None)
    parser.read(ROOT / "tox.ini", encoding="utf-8")
    return {
        section.removeprefix("testenv:") for section in parser.sections() if section.startswith("testenv:")
    }


def assert_runs_as_printed(message: str) -> list[list[str]]:
    """Every command quoted in `message` is one a fresh clone can run; returns them as words."""
    commands = [shlex.split(command) for command in BACKTICKED.findall(message)]
    assert commands, f"no command in: {message}"
    for words in commands:
        if words[:3] == ["python3", "-m", "tox"]:
            assert words[3] == "-e", words
            assert words[4] in tox_environments(), words
            options = words[6:] if words[5:6] == ["--"] else words[5:]
            flags = [option.partition("=")[0] for option in options if option.startswith("--")]
            assert set(flags) <= set(SUITE_OPTIONS), words
            for option, value in itertools.pairwise(options):
                if option in ("--contract-spec", "--cassette-dir"):
                    assert (ROOT / value).exists(), words
        elif words[:2] == ["git", "checkout"]:
            assert Path(words[-1]).is_file(), words
        elif words[1:4] == ["-m", "pip", "install"]:
            assert Path(words[0]).is_file(), words
            assert words[4:] == ["-e", "."], words
        else:
            pytest.fail(f"{' '.join(words)} is not a command a fresh clone runs: {message}")
    return commands


def test_a_live_run_without_keys_hints_a_replay(run_suite: SuiteRunner) -> None:
    result = run_suite("--disable-recording")
    (line,) = [line for line in result.errlines if "SENDCLOUD_PUBLIC_KEY is not set" in line]
    assert assert_runs_as_printed(line) == [["python3", "-m", "tox", "-e", "contracts"]]


def test_recordings_that_do_not_fit_hint_recording_this_runs_document_and_folder(
    run_suite: SuiteRunner, tmp_path: Path
) -> None:
    recordings = tmp_path / "seed-recordings"
    shutil.copytree(ROOT / "cassettes-seed", recordings)
    (recordings / "test_existing_integration[4711].yaml").unlink()
    result = run_suite(cassette_dir=recordings)
    assert result.ret == BAD_INPUT
    (line,) = [line for line in result.outlines + result.errlines if "Re-record with" in line]
    options = ["--", "--contract-spec", str(SEED_SPEC.relative_to(ROOT)), "--cassette-dir", str(recordings)]
    assert assert_runs_as_printed(line) == [
        ["python3", "-m", "tox", "-e", "record", *options],
        ["python3", "-m", "tox", "-e", "record-double", *options],
    ]


def test_a_drift_without_cassettes_hints_recording_some(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(compare.DriftInputError) as caught:
        compare.load_answers(
            empty, compare.Operations(compare.load_spec(ROOT / "spec" / "integrations.yaml"))
        )
    assert_runs_as_printed(str(caught.value))


def test_a_run_without_the_package_installed_stops_in_one_line_saying_how_to_install_it() -> None:
    # As if the checkout's package were not installed: its import fails as it would.
    script = (
        "import sys; sys.modules['sendcloud_contracts'] = None; import pytest; "
        "sys.exit(pytest.main(['contracts', '-p', 'no:cacheprovider']))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == BAD_INPUT, result.stdout + result.stderr
    assert result.stdout == ""
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"ERROR: sendcloud-contracts is not installed in {sys.executable} (")
    commands = BACKTICKED.findall(line)
    assert commands[0] == "python3 -m pip install tox && python3 -m tox -e contracts"
    assert_runs_as_printed(line.replace(commands[0], "python3 -m tox -e contracts"))
