"""The commands a user runs: every tox environment as `tox.ini` defines it, and each entry point's help."""

from __future__ import annotations

import configparser
import os
import subprocess
import sys
from typing import TYPE_CHECKING

from sendcloud_contracts.reference.markdown import code, page, table

if TYPE_CHECKING:
    from pathlib import Path

# The entry points whose options the page shows, as `python -m MODULE --help` prints them.
ENTRY_POINTS = (
    ("sendcloud_contracts", "the whole product on one screen"),
    ("sendcloud_contracts.double", "the reference double (`tox -e double`)"),
    ("sendcloud_contracts.prerelease", "pre-release verification (`tox -e prerelease`)"),
    ("sendcloud_contracts.docdiff", "the document check (`tox -e docdiff`)"),
    ("sendcloud_contracts.drift.record", "record afresh and report drift (`tox -e drift`)"),
    ("sendcloud_contracts.drift", "drift between two folders of cassettes"),
    (
        "sendcloud_contracts.writes.restore",
        "restore an account from a write journal (`tox -e writes-restore`)",
    ),
)


def environments(root: Path) -> dict[str, configparser.SectionProxy]:
    parser = configparser.ConfigParser(interpolation=None)
    parser.read(root / "tox.ini", encoding="utf-8")
    return {
        section.removeprefix("testenv:"): parser[section]
        for section in parser.sections()
        if section.startswith("testenv:")
    }


def help_text(module: str, root: Path) -> str:
    """What `python -m MODULE --help` prints, at a width the page shows whole."""
    done = subprocess.run(
        [sys.executable, "-m", module, "--help"],
        cwd=root,
        env={**os.environ, "COLUMNS": "100"},
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return done.stdout


def commands_page(root: Path) -> str:
    rows = []
    for name, section in environments(root).items():
        runs = "; ".join(line.strip() for line in section.get("commands", "").splitlines() if line.strip())
        rows.append((code(f"python3 -m tox -e {name}"), section.get("description", ""), code(runs)))
    helps = []
    for module, what in ENTRY_POINTS:
        title = f"### `python -m {module}`\n\n{what[:1].upper()}{what[1:]}."
        helps.append(f"{title}\n\n```text\n{help_text(module, root)}```\n")
    return page(
        "Commands",
        "`tox.ini` and each entry point's own `--help`",
        "Every command runs from the checkout as `python3 -m tox -e ENV`; anything after `--` goes to "
        "the command the environment runs (`{posargs}` below). `python3 -m tox exec -e ENV -- COMMAND` "
        "runs any command in an environment.",
        "## tox environments",
        table(("command", "what it does", "what it runs"), rows),
        "## Entry points",
        *helps,
    )
