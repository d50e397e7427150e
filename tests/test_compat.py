"""Private names of libraries live in `_compat.py` only, each guarded against a changed pin."""

from __future__ import annotations

import ast
import importlib.metadata
import sys
import types

import pytest
from vcr import matchers as vcr_matchers
from vcr.cassette import Cassette
from vcr.request import Request

from sendcloud_contracts import _compat
from sendcloud_contracts.recordings.vcr_setup import request_key, same_request_line

from .conftest import ROOT

SOURCES = ROOT / "src" / "sendcloud_contracts"


def private_uses(tree: ast.AST) -> list[str]:
    """Imports from private modules or of private names, and `x._name` on anything but self/cls."""
    found = []
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.ImportFrom)
            and node.level == 0
            and node.module not in {None, "__future__"}
            and not str(node.module).startswith("sendcloud_contracts")
            and (str(node.module).startswith("_") or any(alias.name.startswith("_") for alias in node.names))
        ):
            found.append(f"line {node.lineno}: from {node.module} import ...")
        elif isinstance(node, ast.Attribute) and node.attr.startswith("_") and not node.attr.startswith("__"):
            owner = node.value
            if not (isinstance(owner, ast.Name) and owner.id in {"self", "cls"}):
                found.append(f"line {node.lineno}: .{node.attr}")
        elif isinstance(node, ast.Attribute) and node.attr == "__class__" and isinstance(node.ctx, ast.Store):
            found.append(f"line {node.lineno}: __class__ assigned")
    return found


def test_private_names_of_libraries_are_used_in_compat_only() -> None:
    offenders = {
        str(path.relative_to(SOURCES)): uses
        for path in sorted(SOURCES.rglob("*.py"))
        if path.name != "_compat.py" and (uses := private_uses(ast.parse(path.read_text(encoding="utf-8"))))
    }
    assert offenders == {}


def test_the_scan_finds_private_names() -> None:
    source = "from _pytest import junitxml\nfrom requests.auth import _basic_auth_str\nx._path\nself._ok\n"
    assert len(private_uses(ast.parse(source))) == 3


def test_the_guard_passes_at_the_pinned_version() -> None:
    _compat.guard("requests", types.SimpleNamespace(_name=1), "_name")


def test_the_guard_stops_on_another_version(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_compat, "_pins", lambda: {"requests": "0.0.1"})
    with pytest.raises(_compat.IncompatibleLibrary) as caught:
        _compat.guard("requests", types.SimpleNamespace(_name=1), "_name")
    installed = importlib.metadata.version("requests")
    assert f"requests 0.0.1, but requests {installed} is installed" in str(caught.value)
    assert f"`{sys.executable} -m pip install -e .` in the checkout" in str(caught.value)


def test_the_guard_stops_when_the_name_is_gone() -> None:
    with pytest.raises(_compat.IncompatibleLibrary, match="and it is gone"):
        _compat.guard("requests", types.SimpleNamespace(), "_name")


def test_binding_a_session_needs_schemathesis_transport_property() -> None:
    class NotASchema:
        pass

    with pytest.raises(_compat.IncompatibleLibrary, match="`transport` property"):
        _compat.bind_session(NotASchema(), None)  # type: ignore[arg-type]


def test_without_installed_metadata_only_the_names_are_checked(monkeypatch: pytest.MonkeyPatch) -> None:
    def not_installed(distribution: str) -> list[str]:
        raise importlib.metadata.PackageNotFoundError(distribution)

    monkeypatch.setattr(importlib.metadata, "requires", not_installed)
    _compat.guard("requests", types.SimpleNamespace(_name=1), "_name")
    with pytest.raises(_compat.IncompatibleLibrary, match="requests \\(unpinned\\)"):
        _compat.guard("requests", types.SimpleNamespace(), "_name")


BASE = "https://panel.sendcloud.sc/api/v2/integrations"


def _cassette(*uris: str, match_on: tuple[object, ...] = (same_request_line,)) -> Cassette:
    cassette = Cassette("probe", match_on=match_on)
    for position, uri in enumerate(uris):
        cassette.append(Request("GET", uri, None, {}), {"status": {"code": 200}, "position": position})
    cassette.rewound = True
    return cassette


def _played(cassette: Cassette, uris: list[str]) -> list[object]:
    """What the cassette answers each request with, in order; "none" where it holds no answer left."""
    answers: list[object] = []
    for uri in uris:
        request = Request("GET", uri, None, {})
        if cassette.can_play_response_for(request):
            answers.append(cassette.play_response(request)["position"])
        else:
            answers.append("none")
    return answers


def test_indexed_recordings_answer_as_vcrpys_own_scan() -> None:
    recorded = [f"{BASE}/1", f"{BASE}?b=2&a=1", f"{BASE}/1", f"{BASE}/2"]
    asked = [f"{BASE}/1", f"{BASE}?a=1&b=2", f"{BASE}/1", f"{BASE}/1", f"{BASE}/3", f"{BASE}/2", f"{BASE}/2"]
    scanned, indexed = _cassette(*recorded), _cassette(*recorded)
    _compat.index_recordings(indexed, same_request_line, request_key)
    assert _played(indexed, asked) == _played(scanned, asked) == [0, 1, 2, "none", "none", 3, "none"]
    assert indexed.play_counts == scanned.play_counts


def test_recordings_added_after_the_first_lookup_are_found() -> None:
    cassette = _cassette(f"{BASE}/1")
    _compat.index_recordings(cassette, same_request_line, request_key)
    assert _played(cassette, [f"{BASE}/2"]) == ["none"]
    cassette.append(Request("GET", f"{BASE}/2", None, {}), {"status": {"code": 200}, "position": 1})
    assert _played(cassette, [f"{BASE}/2"]) == [1]


def test_a_cassette_matching_on_anything_else_keeps_vcrpys_scan() -> None:
    cassette = _cassette(f"{BASE}/1", match_on=(vcr_matchers.method, vcr_matchers.uri))
    _compat.index_recordings(cassette, same_request_line, request_key)
    assert "_responses" not in vars(cassette)
