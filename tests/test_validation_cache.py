"""An unchanged spec is validated once; a changed or broken one always again."""

from __future__ import annotations

import shutil
from typing import TYPE_CHECKING

import pytest

from sendcloud_contracts import spec as spec_module
from sendcloud_contracts import validation_cache
from sendcloud_contracts.errors import SpecError
from sendcloud_contracts.spec import Spec, load_spec

from .conftest import ROOT

if TYPE_CHECKING:
    from pathlib import Path


def copy_of_the_spec(folder: Path) -> Path:
    path = folder / "spec.yaml"
    shutil.copyfile(ROOT / "spec" / "integrations.yaml", path)
    return path


@pytest.fixture
def validations(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    monkeypatch.setenv("SENDCLOUD_CONTRACTS_CACHE", str(tmp_path / "cache"))
    seen: list[Path] = []
    validate = spec_module.validate

    def counting(spec: Spec) -> list[str]:
        seen.append(spec.path)
        return validate(spec)

    monkeypatch.setattr(spec_module, "validate", counting)
    return seen


def test_an_unchanged_spec_is_validated_once(tmp_path: Path, validations: list[Path]) -> None:
    path = copy_of_the_spec(tmp_path)
    first, second = load_spec(path), load_spec(path)
    assert validations == [path]
    assert first.document == second.document


def test_a_changed_spec_is_validated_again(tmp_path: Path, validations: list[Path]) -> None:
    path = copy_of_the_spec(tmp_path)
    load_spec(path)
    path.write_text(path.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    load_spec(path)
    assert validations == [path, path]


def test_a_broken_spec_is_never_remembered(tmp_path: Path, validations: list[Path]) -> None:
    path = tmp_path / "spec.yaml"
    path.write_text("openapi: 3.1.0\ninfo: {}\npaths: {}\n", encoding="utf-8")
    for _ in range(2):
        with pytest.raises(SpecError, match="invalid OpenAPI"):
            load_spec(path)
    assert validations == [path, path]


def test_a_cache_that_cannot_be_written_is_not_used(
    tmp_path: Path, validations: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv("SENDCLOUD_CONTRACTS_CACHE", str(blocker))
    path = copy_of_the_spec(tmp_path)
    load_spec(path)
    load_spec(path)
    assert validations == [path, path]


def test_the_cache_lives_under_the_users_cache(tmp_path: Path) -> None:
    assert validation_cache.cache_dir({"XDG_CACHE_HOME": str(tmp_path)}) == tmp_path / "sendcloud-contracts"
    assert validation_cache.cache_dir({"SENDCLOUD_CONTRACTS_CACHE": "x"}).name == "x"
