"""The README: short, its quick start exactly two commands that CI runs, its links leading somewhere."""

from __future__ import annotations

import re

from .conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
MOST_WORDS = 1500


def quick_start() -> list[str]:
    section = README.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    block = section.split("```console\n", 1)[1].split("```", 1)[0]
    return [line for line in block.splitlines() if line.strip()]


def test_the_readme_is_short() -> None:
    assert len(README.split()) <= MOST_WORDS


def test_the_quick_start_is_two_commands_and_ci_runs_them() -> None:
    commands = quick_start()
    assert commands == [
        "python3 -m pip install tox && python3 -m tox -e contracts",
        "python3 -m pip install tox && python3 -m tox -e tests",
    ]
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "python3 -m pip install" in ci
    for command in commands:
        assert command.split(" && ", 1)[1] in ci.splitlines()


def test_every_link_of_the_readme_leads_to_a_file_of_the_checkout() -> None:
    targets = re.findall(r"\]\(((?!https?://)[^)#]+)(?:#[^)]*)?\)", README)
    assert targets
    missing = [target for target in targets if not (ROOT / target).exists()]
    assert missing == []
