"""Reading a document: YAML or JSON, OpenAPI 3.0 or 3.1, and one line for anything else."""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING

import pytest

from sendcloud_contracts.docdiff.documents import (
    Document,
    DocumentError,
    load_document,
    parse_document,
    pointer_to,
)

if TYPE_CHECKING:
    from pathlib import Path

MINIMAL = {"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {}}


def test_json_and_yaml_read_the_same() -> None:
    from_json = parse_document(json.dumps(MINIMAL), "a.json")
    from_yaml = parse_document("openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\n", "a.yaml")
    assert from_json.root == from_yaml.root == MINIMAL


@pytest.mark.parametrize("version", ["3.0.0", "3.0.3", "3.1.0", "3.1.1", "3.1"])
def test_openapi_3_0_and_3_1_are_read(version: str) -> None:
    assert parse_document(json.dumps({**MINIMAL, "openapi": version}), "x").paths == {}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("openapi: [unclosed\n", "x: not valid YAML: "),
        ('{"openapi": ', "x: not valid JSON: "),
        ("- a list\n", "x: not an OpenAPI document: expected a mapping at the top, got list"),
        ("just text", "x: not an OpenAPI document: expected a mapping at the top, got str"),
        ("info: {}\n", "x: not an OpenAPI document: it has no `openapi` version"),
        (
            "swagger: '2.0'\n",
            "x: not an OpenAPI document: it has no `openapi` version (it says swagger: 2.0; convert",
        ),
        ("openapi: 3.2.0\n", "x: OpenAPI 3.2.0 is not compared: expected a document of OpenAPI 3.0 or 3.1"),
        ("openapi: 2.0\n", "x: OpenAPI 2.0 is not compared"),
        ("openapi: 3.1.0\npaths: [a]\n", "x: `paths` is not a mapping of paths to operations"),
    ],
)
def test_what_is_not_an_openapi_document_is_said_in_one_line(text: str, message: str) -> None:
    with pytest.raises(DocumentError, match=f"^{re.escape(message)}") as raised:
        parse_document(text, "x")
    assert "\n" not in str(raised.value)


def test_a_document_without_paths_has_none() -> None:
    assert parse_document("openapi: 3.1.0\n", "x").paths == {}
    assert parse_document("openapi: 3.1.0\npaths:\n", "x").paths == {}


def test_files_are_read_as_utf_8_with_or_without_a_byte_order_mark(tmp_path: Path) -> None:
    path = tmp_path / "bom.yaml"
    path.write_bytes(b"\xef\xbb\xbfopenapi: 3.1.0\ninfo: {title: Kaffeer\xc3\xb6sterei}\n")
    assert load_document(path).root["info"]["title"] == "Kaffeerösterei"
    assert load_document(path).label == str(path)


def test_a_file_that_cannot_be_read_is_said_in_one_line(tmp_path: Path) -> None:
    with pytest.raises(DocumentError, match=r"absent.yaml: cannot read the document \(No such file"):
        load_document(tmp_path / "absent.yaml")
    binary = tmp_path / "image.png"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\xff\xfe")
    with pytest.raises(DocumentError, match=r"image\.png: not a text file in UTF-8"):
        load_document(binary)
    with pytest.raises(DocumentError, match="cannot read the document"):
        load_document(tmp_path)


def test_references_inside_the_document_are_followed() -> None:
    document = Document("d", {"components": {"schemas": {"a/b": {"x": 1}, "L": [{"y": 2}], "~t": 3}}})
    assert document.resolve("#/components/schemas/a~1b") == ({"x": 1}, "#/components/schemas/a~1b")
    assert document.resolve("#/components/schemas/L/0")[0] == {"y": 2}
    assert document.resolve("#/components/schemas/~0t")[0] == 3
    assert document.resolve("#/components/schemas/a%7E1b")[0] == {"x": 1}
    assert document.resolve("#")[0] == document.root


@pytest.mark.parametrize(
    ("reference", "message"),
    [
        ("other.yaml#/components/schemas/A", "only references inside the document (#/...) are followed"),
        ("#/components/schemas/B", "leads nowhere: no 'B' there"),
        ("#/components/schemas/L/5", "leads nowhere: no '5' there"),
        ("#/components/schemas/L/x", "leads nowhere"),
    ],
)
def test_a_reference_that_leads_nowhere_is_said(reference: str, message: str) -> None:
    document = Document("d", {"components": {"schemas": {"L": [1]}}})
    with pytest.raises(DocumentError, match=re.escape(message)):
        document.resolve(reference)


def test_a_chain_of_references_is_followed_and_a_loop_is_said() -> None:
    document = Document(
        "d", {"a": {"$ref": "#/b"}, "b": {"$ref": "#/c"}, "c": {"ok": True}, "x": {"$ref": "#/x"}}
    )
    assert document.follow({"$ref": "#/a"}, "#/here") == ({"ok": True}, "#/c")
    assert document.follow({"plain": 1}, "#/here") == ({"plain": 1}, "#/here")
    with pytest.raises(DocumentError, match="refers to itself in a loop"):
        document.follow({"$ref": "#/x"}, "#/here")


def test_pointers_escape_slashes_and_tildes() -> None:
    assert pointer_to("paths", "/integrations/{id}", "get") == "#/paths/~1integrations~1{id}/get"
    assert pointer_to("a~b", 0) == "#/a~0b/0"
