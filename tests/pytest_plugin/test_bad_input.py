"""Bad input stops the run before any request, with one line naming what to fix and a non-zero exit."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import pytest
import yaml

from sendcloud_contracts.exitcodes import BAD_INPUT

from ..conftest import ROOT, forget_live_target

# Whole runs of the suite stopped by a setup mistake, judged by the line and the exit code they end
# with (`unmeasured` in tests/conftest.py).
pytestmark = pytest.mark.usefixtures("unmeasured")

if TYPE_CHECKING:
    from pathlib import Path

    from sendcloud_contracts.double import DoubleServer

    from ..conftest import SuiteRunner

SPEC = ROOT / "spec" / "integrations.yaml"


def assert_one_line_stop(result: pytest.RunResult, *patterns: str) -> str:
    """The run stopped with exit code 4 and one readable line holding every pattern."""
    output = result.stdout.str() + result.stderr.str()
    assert result.ret == BAD_INPUT, output
    assert "Traceback" not in output
    assert "INTERNALERROR" not in output
    lines = [line for line in output.splitlines() if all(pattern in line for pattern in patterns)]
    assert len(lines) == 1, output
    return lines[0]


def broken_spec(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def spec_with(change: str) -> str:
    document = yaml.safe_load(SPEC.read_text(encoding="utf-8"))
    operation = document["paths"]["/integrations/{id}"]["get"]
    if change == "invalid-openapi":
        operation["parameters"] = "id"
    elif change == "example":
        content = next(iter(operation["responses"]["200"]["content"].values()))
        examples = content.get("examples") or {}
        for example in examples.values():
            example["value"]["id"] = "not-an-integer"
        if "example" in content:
            content["example"]["id"] = "not-an-integer"
    return yaml.safe_dump(document, sort_keys=False)


@pytest.mark.parametrize(
    ("name", "make", "message"),
    [
        (
            "truncated.yaml",
            lambda: SPEC.read_text(encoding="utf-8")[:777] + "\n  - [unclosed",
            "not valid YAML",
        ),
        ("no-responses.yaml", lambda: spec_with("invalid-openapi"), "invalid OpenAPI at"),
    ],
    ids=["yaml", "openapi"],
)
def test_an_invalid_spec_stops_the_run_naming_the_file(
    run_suite: SuiteRunner,
    target_double: DoubleServer,
    tmp_path: Path,
    name: str,
    make: object,
    message: str,
) -> None:
    assert callable(make)
    spec = broken_spec(tmp_path, name, make())
    result = run_suite("--disable-recording", f"--contract-spec={spec}")
    assert_one_line_stop(result, "ERROR:", str(spec), message)
    assert not target_double.requests


@pytest.mark.parametrize("strict", [False, True], ids=["warning", "strict"])
def test_an_example_that_breaks_its_schema_is_a_warning_about_the_document(
    run_suite: SuiteRunner, target_double: DoubleServer, tmp_path: Path, strict: bool
) -> None:
    # A team does not own the vendor's document: the API is still tested, the document is reported.
    spec = broken_spec(tmp_path, "bad-example.yaml", spec_with("example"))
    strictness = ["--strict-hygiene"] if strict else []
    result = run_suite("--disable-recording", f"--contract-spec={spec}", *strictness)
    output = result.stdout.str()
    assert result.ret == (1 if strict else 0), output
    assert "[spec_example] bad-example.yaml: example 'RetrieveIntegration'" in output
    summary = (tmp_path / "reports" / "summary.md").read_text(encoding="utf-8")
    assert "does not match its schema at id" in summary
    assert ("failing because of --strict-hygiene" in summary) is strict
    assert target_double.requests


def test_the_example_check_is_not_vacuous() -> None:
    document = yaml.safe_load(spec_with("example"))
    assert "not-an-integer" in json.dumps(document)


@pytest.fixture
def cassettes(
    run_suite: SuiteRunner, target_double: DoubleServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """Fresh recordings of the double to break, with the environment of a replay."""
    folder = tmp_path / "recorded"
    run_suite("--record-mode=rewrite", cassette_dir=folder).assert_outcomes(passed=7)
    forget_live_target(monkeypatch)
    return folder


def test_unbroken_recordings_replay(run_suite: SuiteRunner, cassettes: Path) -> None:
    assert run_suite(cassette_dir=cassettes).ret == pytest.ExitCode.OK


@pytest.mark.parametrize("damage", ["truncated", "not-yaml", "empty-mapping"])
def test_a_corrupt_cassette_stops_the_run_naming_the_file(
    run_suite: SuiteRunner, cassettes: Path, damage: str
) -> None:
    cassette = cassettes / "test_existing_integration[4711].yaml"
    text = cassette.read_text(encoding="utf-8")
    cassette.write_text(
        {"truncated": text[: len(text) // 2] + '\n  "unterminated', "not-yaml": "{{{", "empty-mapping": "{}"}[
            damage
        ],
        encoding="utf-8",
    )
    result = run_suite(cassette_dir=cassettes)
    line = assert_one_line_stop(result, f"cassette {cassette} is corrupt or truncated")
    assert f"restore it with `git checkout -- {cassette}`" in line
    options = f"--contract-spec spec/integrations.yaml --cassette-dir {cassettes}"
    assert f"re-record with `python3 -m tox -e record -- {options}`" in line


def test_a_cassette_without_a_request_of_the_run_names_the_request(
    run_suite: SuiteRunner, cassettes: Path
) -> None:
    cassette = cassettes / "test_existing_integration[123].yaml"
    recorded = yaml.safe_load(cassette.read_text(encoding="utf-8"))
    # The last request of the test: the probe with invalid credentials.
    del recorded["interactions"][-1]
    cassette.write_text(yaml.safe_dump(recorded), encoding="utf-8")
    result = run_suite(cassette_dir=cassettes)
    line = assert_one_line_stop(result, f"cassette {cassette} has no recorded GET /api/v2/integrations/123")
    assert "Re-record with `python3 -m tox -e record -- --contract-spec spec/integrations.yaml" in line


def test_a_recorded_401_to_the_suites_credentials_is_a_mismatch_not_a_rejection(
    run_suite: SuiteRunner, cassettes: Path
) -> None:
    cassette = cassettes / "test_existing_integration[123].yaml"
    recorded = yaml.safe_load(cassette.read_text(encoding="utf-8"))
    # Without its first answer (200), the cassette answers the suite's request with the probe's 401.
    del recorded["interactions"][0]
    cassette.write_text(yaml.safe_dump(recorded), encoding="utf-8")
    result = run_suite(cassette_dir=cassettes)
    assert_one_line_stop(result, "the recordings do not match this run", "GET /api/v2/integrations/123")


def test_a_missing_cassette_names_the_file(run_suite: SuiteRunner, cassettes: Path) -> None:
    metadata = json.loads((cassettes / "recording.json").read_text(encoding="utf-8"))
    metadata["integration_ids"].append(7)
    (cassettes / "recording.json").write_text(json.dumps(metadata), encoding="utf-8")
    result = run_suite(cassette_dir=cassettes)
    # The preflight asks for every id first, from its own cassette.
    preflight = cassettes / "preflight.yaml"
    assert_one_line_stop(result, f"cassette {preflight} has no recorded GET /api/v2/integrations/7")


def test_a_missing_test_cassette_names_the_file(run_suite: SuiteRunner, cassettes: Path) -> None:
    (cassettes / "test_existing_integration[4711].yaml").unlink()
    result = run_suite(cassette_dir=cassettes)
    missing = cassettes / "test_existing_integration[4711].yaml"
    assert_one_line_stop(
        result, f"cassette {missing} is missing, but the run makes GET /api/v2/integrations/4711"
    )


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        ("SENDCLOUD_INTEGRATION_IDS", "123,abc", "'abc' is not an integration id"),
        ("SENDCLOUD_INTEGRATION_IDS", "123,,4711", "'' is not an integration id"),
        ("SENDCLOUD_INTEGRATION_IDS", "0", "'0' is not an integration id"),
        ("SENDCLOUD_BASE_URL", "panel.sendcloud.sc/api/v2", "is not an http(s) URL"),
        ("SENDCLOUD_BASE_URL", "https://panel.sendcloud.sc:port/api/v2", "has an invalid port"),
        ("SENDCLOUD_BASE_URL", "https://panel.sendcloud.sc/api/v2?debug=1", "must not carry a query string"),
        ("SENDCLOUD_AUTH", "digest", "is not supported"),
    ],
)
def test_malformed_settings_stop_the_run_before_any_request(
    run_suite: SuiteRunner,
    target_double: DoubleServer,
    monkeypatch: pytest.MonkeyPatch,
    variable: str,
    value: str,
    message: str,
) -> None:
    monkeypatch.setenv(variable, value)
    result = run_suite("--disable-recording")
    assert_one_line_stop(result, f"ERROR: {variable}={value!r}", message)
    assert not target_double.requests


@pytest.mark.parametrize("auth", ["basic", "oauth2"])
def test_rejected_credentials_stop_the_run_at_the_first_answer(
    run_suite: SuiteRunner, target_double: DoubleServer, monkeypatch: pytest.MonkeyPatch, auth: str
) -> None:
    monkeypatch.setenv("SENDCLOUD_AUTH", auth)
    monkeypatch.setenv("SENDCLOUD_SECRET_KEY", "revoked-secret-key")
    result = run_suite("--disable-recording")
    line = assert_one_line_stop(result, "credentials rejected")
    assert "revoked-secret-key" not in result.stdout.str() + result.stderr.str()
    assert "SENDCLOUD_SECRET_KEY" in line
    assert len(target_double.requests) == 1, "one 401 is enough to know"
    assert "failed" not in result.stdout.str()


def test_a_run_without_the_plugins_the_suite_needs_stops_in_one_line(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PYTEST_DISABLE_PLUGIN_AUTOLOAD", "1")
    result = pytester.runpytest_subprocess(
        str(ROOT / "contracts"),
        f"--rootdir={ROOT}",
        "-p",
        "no:cacheprovider",
        "-p",
        "schemathesis.pytest.plugin",
    )
    assert result.ret == BAD_INPUT
    assert result.errlines == [
        "ERROR: pytest did not load pytest_recording.plugin, _hypothesis_pytestplugin, which the suite needs "
        "(PYTEST_DISABLE_PLUGIN_AUTOLOAD is set, or `-p no:...` blocked it): unset it, or add "
        "-p pytest_recording.plugin -p _hypothesis_pytestplugin",
        "",
    ]
