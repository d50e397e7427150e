from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest
import yaml

from sendcloud_contracts.drift.compare import Operations
from sendcloud_contracts.errors import SpecError
from sendcloud_contracts.spec import Spec, load_spec

from .conftest import ROOT

SPEC = ROOT / "spec" / "integrations.yaml"
COMPLETE = ROOT / "spec" / "sendcloud-v2-integrations-openapi.yml"
V3 = ROOT / "spec" / "sendcloud-v3-integrations-openapi.yml"


def test_the_vendored_spec_is_valid_and_names_its_servers() -> None:
    spec = load_spec(SPEC)
    assert spec.server_url == "https://panel.sendcloud.sc/api/v2"
    assert spec.token_url == "https://account.sendcloud.com/oauth2/token/"


@pytest.mark.parametrize("path", [SPEC, COMPLETE, V3], ids=lambda path: path.name)
def test_each_vendored_spec_matches_its_provenance(path: Path) -> None:
    provenance = (ROOT / "spec" / "PROVENANCE.md").read_text()
    section = provenance.split(f"## `{path.name}`", 1)[1].split("\n## ", 1)[0]
    recorded = re.search(r"sha256 \| `([0-9a-f]{64})`", section)
    assert recorded is not None
    assert hashlib.sha256(path.read_bytes()).hexdigest() == recorded.group(1)


def _write(tmp_path: Path, document: object) -> Path:
    path = tmp_path / "spec.yaml"
    path.write_text(document if isinstance(document, str) else yaml.safe_dump(document))
    return path


def _shipped() -> dict[str, object]:
    document = yaml.safe_load(SPEC.read_text())
    assert isinstance(document, dict)
    return document


def test_unreadable_yaml_names_the_file(tmp_path: Path) -> None:
    path = _write(tmp_path, "openapi: 3.1.0\npaths: [unclosed\n")
    with pytest.raises(SpecError, match=rf"^{re.escape(str(path))}: not valid YAML"):
        load_spec(path)


def test_a_missing_file_names_the_file(tmp_path: Path) -> None:
    with pytest.raises(SpecError, match="cannot read the spec"):
        load_spec(tmp_path / "absent.yaml")


def test_a_document_that_is_not_a_mapping_is_refused(tmp_path: Path) -> None:
    with pytest.raises(SpecError, match="expected an OpenAPI document"):
        load_spec(_write(tmp_path, "- just\n- a list\n"))


def test_invalid_openapi_names_where(tmp_path: Path) -> None:
    document = _shipped()
    del document["info"]
    with pytest.raises(
        SpecError, match=r"invalid OpenAPI at \(document root\): .info. is a required property$"
    ):
        load_spec(_write(tmp_path, document))


def test_an_example_that_breaks_its_own_schema_is_a_finding_about_the_document(tmp_path: Path) -> None:
    document = _shipped()
    example = document["paths"]["/integrations/{id}"]["get"]["responses"]["200"]  # type: ignore[index]
    example["content"]["application/json"]["examples"]["RetrieveIntegration"]["value"]["shop_name"] = ""
    (problem,) = load_spec(_write(tmp_path, document)).example_problems
    expected = r"example 'RetrieveIntegration' .* at shop_name: \"\" is shorter than 1 character"
    assert re.fullmatch(expected, problem)


def test_the_error_example_is_checked_too(tmp_path: Path) -> None:
    document = _shipped()
    response = document["components"]["responses"]["404-Integrations"]  # type: ignore[index]
    del response["content"]["application/json"]["examples"]["NotFound"]["value"]["error"]["message"]
    (problem,) = load_spec(_write(tmp_path, document)).example_problems
    assert re.fullmatch(r"example 'NotFound' .* at error: \"message\" is a required property", problem)


def test_the_shipped_seed_has_no_example_problems() -> None:
    assert load_spec(SPEC).example_problems == ()


def test_the_complete_documents_one_broken_example_is_reported_not_refused() -> None:
    (problem,) = load_spec(COMPLETE).example_problems
    assert "GET /integrations/{id}/shipments -> 200" in problem
    assert "customs_details/other_costs" in problem


def test_the_complete_document_holds_the_seeds_operation_unchanged() -> None:
    seed = yaml.safe_load(SPEC.read_text(encoding="utf-8"))
    complete = yaml.safe_load(COMPLETE.read_text(encoding="utf-8"))

    def without_docs(node: object) -> object:
        # `x-mint` blocks are documentation for Sendcloud's site; they say nothing a client sees.
        if isinstance(node, dict):
            return {key: without_docs(value) for key, value in node.items() if key != "x-mint"}
        if isinstance(node, list):
            return [without_docs(item) for item in node]
        return node

    operation = "/integrations/{id}"
    assert without_docs(complete["paths"][operation]["get"]) == seed["paths"][operation]["get"]
    for kind, name in (("schemas", "Integration"), ("responses", "404-Integrations")):
        assert complete["components"][kind][name] == seed["components"][kind][name]
    assert complete["servers"] == seed["servers"]
    assert complete["components"]["securitySchemes"] == seed["components"]["securitySchemes"]


def test_literal_routes_win_over_templated_ones_wherever_a_path_is_matched() -> None:
    document = {
        "servers": [{"url": "https://host/api"}],
        "paths": {"/a/{id}": {"get": {}}, "/a/new": {"get": {}}, "/only-parameters/{id}": {"parameters": []}},
    }
    spec = Spec(Path("spec.yaml"), document)
    assert spec.operation_for("/api/a/new") == ("/a/new", {})
    assert spec.operation_for("/api/a/7") == ("/a/{id}", {"id": "7"})
    assert spec.operation_for("/api/only-parameters/7") is None
    assert spec.operation_for("/api/a/") is None
    assert Operations(spec).operation("get", "https://host/api/a/new") == "GET /a/new"
    assert Operations(spec).operation("get", "https://host/elsewhere/a/new") == "GET /elsewhere/a/new"
