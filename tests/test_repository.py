"""What the repository tracks: no virtualenv pointer or coverage database from someone's machine."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from .conftest import ROOT

STRAYS = (".venv", ".venv/bin/python", ".coverage", ".coverage.host.1234.567890")


def git(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, timeout=30, check=False)


@pytest.fixture(autouse=True)
def _a_git_checkout() -> None:
    if shutil.which("git") is None or git("rev-parse", "--git-dir").returncode != 0:
        pytest.skip("not a git checkout")


def test_no_stray_file_is_tracked() -> None:
    tracked = set(git("ls-files").stdout.splitlines())
    assert not tracked & {".venv", ".coverage"}


@pytest.mark.parametrize("path", STRAYS)
def test_stray_files_are_ignored_as_files_and_folders(path: str) -> None:
    assert git("check-ignore", "--no-index", "-q", path).returncode == 0, f"{path} is not ignored"
