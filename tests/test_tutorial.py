"""The tutorial's commands, run as printed against the double, in a copy of the checkout.

Each console block of `docs/tutorial.md` says whether it runs (`<!-- tutorial: runs, exit N -->`)
or why not (`<!-- tutorial: not run (...) -->`). A printed `python3 -m tox -e ENV -- ARGS` runs the
command `tox.ini` gives ENV, ARGS in place of `{posargs}`, with this interpreter: what tox would run,
without building an environment inside the tests. Anything else runs in bash, as printed.

Two settings of how a run behaves, both `SENDCLOUD_*` or pytest variables a reader may set too, keep
it quick and the same every time: the double has no rate limit, so requests are not spaced out
(`SENDCLOUD_RATE_LIMIT`), and the live nights draw no fresh seed (`PYTEST_ADDOPTS`).
"""

from __future__ import annotations

import configparser
import os
import re
import shlex
import shutil
import subprocess
import sys
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pytest

from .conftest import ROOT, TEST_SEED_OPTION

if TYPE_CHECKING:
    from pathlib import Path

TUTORIAL = ROOT / "docs" / "tutorial.md"
BLOCK = re.compile(r"(?:<!-- tutorial: (?P<mark>[^\n]*?) -->\n)?```console\n(?P<body>.*?)```", re.DOTALL)
RUNS = re.compile(r"runs, exit (\d+)")
# What a checkout holds that a run reads; the folders are only read, the files are copied so that the
# runs' rootdir, and so their reports, are the copy's.
READ_ONLY = ("spec", "cassettes", "cassettes-v3", "cassettes-seed", "cassettes-writes", "cassettes-writes-v3")
COPIED = ("contracts", "conftest.py", "pyproject.toml", "tox.ini", "deviations.toml", "accepted-changes.toml")
POSARGS = re.compile(r"\{posargs(?::([^}]*))?\}")


@dataclass(frozen=True)
class Block:
    commands: tuple[str, ...]
    # None: not run, and why is in the mark.
    exit_code: int | None
    mark: str


def blocks() -> list[Block]:
    found = []
    for match in BLOCK.finditer(TUTORIAL.read_text(encoding="utf-8")):
        mark = match["mark"] or ""
        runs = RUNS.fullmatch(mark)
        lines = tuple(line for line in match["body"].splitlines() if line.strip())
        found.append(Block(lines, int(runs.group(1)) if runs else None, mark))
    return found


def tox_commands(line: str) -> list[list[str]] | None:
    """What `python3 -m tox -e ENV [-- ARGS]` runs, as tox.ini says, with this interpreter."""
    words = shlex.split(line, comments=True)
    if words[:4] != ["python3", "-m", "tox", "-e"]:
        return None
    environment, rest = words[4], words[5:]
    posargs = rest[1:] if rest[:1] == ["--"] else rest
    parser = configparser.ConfigParser(interpolation=None)
    parser.read(ROOT / "tox.ini", encoding="utf-8")
    commands = []
    for template in parser[f"testenv:{environment}"]["commands"].strip().splitlines():
        filled = POSARGS.sub(lambda match: shlex.join(posargs) if posargs else match[1] or "", template)
        command = shlex.split(filled.replace("{toxinidir}", "."))
        program = {"python": [sys.executable], "pytest": [sys.executable, "-m", "pytest"]}[command[0]]
        commands.append(program + command[1:])
    return commands


@pytest.fixture
def checkout(tmp_path: Path) -> Path:
    """A checkout of its own: the runs' reports go there, never into the one under test."""
    for name in READ_ONLY:
        (tmp_path / name).symlink_to(ROOT / name)
    for name in COPIED:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(source, tmp_path / name)
    return tmp_path


def test_every_console_block_says_whether_it_runs() -> None:
    found = blocks()
    assert all(block.mark for block in found), [block.commands for block in found if not block.mark]
    assert all(block.exit_code is not None or block.mark.startswith("not run (") for block in found)
    assert sum(block.exit_code is not None for block in found) >= 4


@pytest.mark.usefixtures("unmeasured_children")
def test_the_tutorial_runs_as_printed(checkout: Path, tmp_path: Path) -> None:
    env = {name: value for name, value in os.environ.items() if not name.startswith("SENDCLOUD_")}
    env |= {
        "SENDCLOUD_RATE_LIMIT": "1000/s",
        "SENDCLOUD_CONTRACTS_CACHE": str(tmp_path / "cache"),
        "PYTEST_ADDOPTS": TEST_SEED_OPTION,
    }
    for block in blocks():
        if block.exit_code is None:
            continue
        for index, line in enumerate(block.commands):
            wanted = block.exit_code if index == len(block.commands) - 1 else 0
            commands = tox_commands(line) or [["bash", "-c", line]]
            for command in commands:
                done = subprocess.run(
                    command, cwd=checkout, env=env, capture_output=True, text=True, timeout=300, check=False
                )
                assert done.returncode == wanted, f"{line}\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
                if done.returncode:
                    break
    # What the tutorial tells the reader to open is there, and says what it said.
    assert (checkout / "reports" / "live" / "report.html").is_file()
    assert (
        (checkout / "reports" / "live" / "summary.md")
        .read_text()
        .startswith("# Sendcloud contract: FAIL: the API broke its contract")
    )


def test_a_printed_tox_command_runs_what_tox_ini_gives_it() -> None:
    assert tox_commands("python3 -m tox -e double -- --port 0 -- pytest contracts --disable-recording") == [
        [
            sys.executable,
            "-m",
            "sendcloud_contracts.double",
            "--port",
            "0",
            "--",
            "pytest",
            "contracts",
            "--disable-recording",
        ]
    ]
    assert tox_commands("python3 -m tox -e double") == [
        [sys.executable, "-m", "sendcloud_contracts.double", "--list-faults"]
    ]
    assert tox_commands("python3 -m tox -e live   # against the account") == [
        [sys.executable, "-m", "pytest", "contracts", "--disable-recording"]
    ]
    assert tox_commands("head -1 reports/live/summary.md") is None
