"""Every pair of the catalogue through the command a user runs, with the verdict a client's engineer gives."""

from __future__ import annotations

import functools
import json
from typing import TYPE_CHECKING, Any

import pytest
import yaml

from sendcloud_contracts.docdiff.__main__ import main
from sendcloud_contracts.exitcodes import BROKEN, HOLDS

from .catalogue import BASES, PAIRS, Pair

if TYPE_CHECKING:
    from pathlib import Path

# libyaml where it is there: the catalogue dumps and loads the complete document dozens of times.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


@functools.cache
def _vendored(base: str) -> str:
    return json.dumps(yaml.load(BASES[base].read_text(encoding="utf-8"), Loader=_LOADER))


def document(base: str) -> dict[str, Any]:
    loaded = json.loads(_vendored(base))
    assert isinstance(loaded, dict)
    return loaded


def write(folder: Path, name: str, content: dict[str, Any], written_as: str) -> Path:
    path = folder / f"{name}.{written_as}"
    if written_as == "json":
        path.write_text(json.dumps(content), encoding="utf-8")
    else:
        path.write_text(yaml.dump(content, Dumper=_DUMPER, sort_keys=True, width=60), encoding="utf-8")
    return path


def run(pair: Pair, folder: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, dict[str, Any]]:
    """The pair as a user compares it: the older document, the newer one, a JSON report."""
    if pair.before:
        old = write(folder, "old", pair.make(document(pair.base), "before"), "json")
    else:
        old = BASES[pair.base]
    new = write(folder, "new", pair.make(document(pair.base), "after"), pair.written_as)
    capsys.readouterr()
    code = main([str(old), str(new), "--format", "json"])
    return code, json.loads(capsys.readouterr().out)


def test_the_catalogue_holds_at_least_forty_distinct_pairs_each_with_a_reason() -> None:
    names = [pair.name for pair in PAIRS]
    assert len(names) >= 40
    assert len(set(names)) == len(names)
    assert all(pair.reason.strip() for pair in PAIRS)
    assert {pair.base for pair in PAIRS} == set(BASES)
    assert any(pair.breaking for pair in PAIRS)
    assert any(not pair.breaking for pair in PAIRS)


@pytest.mark.parametrize("pair", PAIRS, ids=lambda pair: pair.name)
def test_each_pair_gets_the_verdict_a_clients_engineer_gives(
    pair: Pair, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # No acceptances file of the checkout may bend a verdict.
    monkeypatch.chdir(tmp_path)
    code, report = run(pair, tmp_path, capsys)
    reported = {change["rule"] for change in report["changes"]}
    assert reported == pair.rules, json.dumps(report["changes"], indent=1)[:3000]
    assert code == (BROKEN if pair.breaking else HOLDS)
    assert report["verdict"] == ("breaking" if pair.breaking else "compatible" if pair.rules else "unchanged")
    assert any(change["breaking"] for change in report["changes"]) is pair.breaking
