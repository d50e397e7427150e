"""The command a user runs: exit codes, the three formats, the JSON Schema, acceptances, fingerprints."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from typing import TYPE_CHECKING

import jsonschema_rs
import pytest
import yaml

from sendcloud_contracts.docdiff import report_json
from sendcloud_contracts.docdiff.__main__ import main, rules_table
from sendcloud_contracts.docdiff.changes import Operation, Where, change
from sendcloud_contracts.docdiff.rules.registry import RULES
from sendcloud_contracts.exitcodes import BAD_INPUT, BROKEN, HOLDS

from ..conftest import ROOT, SEED_SPEC
from .catalogue import INTEGRATION, Doc, patched, remove, replace

if TYPE_CHECKING:
    from pathlib import Path

TODAY = date(2026, 12, 3)
SCHEMA = jsonschema_rs.validator_for(
    json.loads(report_json.SCHEMA.read_text(encoding="utf-8")), validate_formats=True
)


def seed() -> Doc:
    loaded = yaml.safe_load(SEED_SPEC.read_text(encoding="utf-8"))
    assert isinstance(loaded, dict)
    return loaded


def write(path: Path, document: Doc) -> Path:
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


@pytest.fixture
def broken(tmp_path: Path) -> Path:
    """The seed with shop_url removed (breaking) and a new optional field (not breaking)."""
    edits = [
        remove(*INTEGRATION, "properties", "shop_url"),
        replace(*INTEGRATION, "properties", "shop_name", "description", value="The shop's name"),
    ]
    return write(tmp_path / "new.json", patched(seed(), edits))


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(list(argv), today=TODAY)
    out, err = capsys.readouterr()
    return code, out, err


def test_the_same_document_is_no_change(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, str(SEED_SPEC), str(SEED_SPEC))
    assert code == HOLDS
    assert out == f"Document changes: {SEED_SPEC} -> {SEED_SPEC}\nPASS: no change in meaning\n"


def test_a_breaking_change_is_exit_1_with_what_to_do(
    broken: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, str(SEED_SPEC), str(broken))
    assert (code, err) == (BROKEN, "")
    lines = out.splitlines()
    assert lines[1] == "FAIL: 1 change can break a client, 1 cannot"
    assert lines[3:7] == [
        "BREAKING response-property-removed",
        "  GET /integrations/{id}: response 200 application/json: shop_url",
        "  was: string (uri) | null, optional",
        "  now: (absent)",
    ]
    assert "  in the document: #/components/schemas/Integration/properties/shop_url" in lines
    assert "Not breaking:" in lines
    assert lines[-1].startswith(
        "A team that has looked at a breaking change and accepts it adds an [[accepted]]"
    )


def test_the_markdown_report_opens_with_the_verdict(broken: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, str(SEED_SPEC), str(broken), "--format", "markdown")
    assert code == BROKEN
    assert out.startswith("# Document changes: FAIL: 1 change can break a client, 1 cannot\n")
    assert "## Breaking (1)" in out
    assert (
        "| `response-property-removed` | `GET /integrations/{id}` | response 200 application/json: shop_url |"
        in out
    )
    assert "## Not breaking (1)" in out


def test_the_json_report_follows_its_schema_and_every_file_is_written(
    broken: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    markdown, report = tmp_path / "out" / "changes.md", tmp_path / "out" / "changes.json"
    code, out, _ = run(
        capsys,
        str(SEED_SPEC),
        str(broken),
        "--format",
        "json",
        "--markdown",
        str(markdown),
        "--json",
        str(report),
    )
    printed = json.loads(out)
    SCHEMA.validate(printed)
    assert json.loads(report.read_text()) == printed
    assert markdown.read_text().startswith("# Document changes: FAIL")
    assert (printed["verdict"], printed["exit_code"], code) == ("breaking", 1, BROKEN)
    assert printed["counts"] == {"breaking": 1, "accepted": 0, "not_breaking": 1}
    first = printed["changes"][0]
    assert first["pointer"] == {"old": "#/components/schemas/Integration/properties/shop_url", "new": None}
    assert first["acceptance"] is None


def test_the_schema_rejects_a_report_of_another_shape() -> None:
    with pytest.raises(jsonschema_rs.ValidationError):
        SCHEMA.validate({"format": report_json.COMPARISON_FORMAT, "verdict": "fine"})


def test_an_unreadable_document_is_exit_4_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, str(SEED_SPEC), str(tmp_path / "absent.yaml"))
    assert (code, out) == (BAD_INPUT, "")
    assert err.startswith(f"ERROR: {tmp_path / 'absent.yaml'}: cannot read the document")
    assert err.count("\n") == 1
    not_openapi = tmp_path / "list.yaml"
    not_openapi.write_text("- 1\n")
    code, _, err = run(capsys, str(not_openapi), str(SEED_SPEC))
    assert code == BAD_INPUT
    assert "not an OpenAPI document" in err


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        ([], "give the two documents to compare: OLD NEW (or --fetch)"),
        (["only-one.yaml"], "give the two documents to compare"),
        (
            ["a", "b", "--fetch"],
            "--fetch compares the vendored documents with their sources: give no OLD NEW",
        ),
        (["a", "b", "--format", "html"], "invalid choice: 'html'"),
        (["--fetch", "--format", "json"], "--fetch writes docdiff.md and docdiff.json into --report-dir"),
        (["--fetch", "--markdown", "x.md"], "drop --format, --markdown, --json"),
        (["a", "b", "--sources", "s.toml"], "--sources and --report-dir go with --fetch"),
        (["a", "b", "--report-dir", "r"], "--sources and --report-dir go with --fetch"),
    ],
)
def test_wrong_arguments_are_exit_4(
    argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as stopped:
        main(argv)
    assert stopped.value.code == BAD_INPUT
    assert message in capsys.readouterr().err


def test_every_rule_is_listed_with_its_verdict(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--rules")
    assert code == HOLDS
    assert out == rules_table()
    assert len(out.splitlines()) == len(RULES) + 2
    assert "| `response-property-removed` | yes |" in out
    assert "| `endpoint-added` | no | a new operation | `endpoint-added` |" in out


# Acceptances.


def accept(
    path: Path, fingerprint: str, until: str = "2027-01-31", reason: str = "reported upstream"
) -> Path:
    path.write_text(f'[[accepted]]\nfingerprint = "{fingerprint}"\nreason = "{reason}"\nuntil = {until}\n')
    return path


def fingerprint_of(capsys: pytest.CaptureFixture[str], old: Path, new: Path) -> str:
    _, out, _ = run(capsys, str(old), str(new), "--format", "json")
    return str(json.loads(out)["changes"][0]["fingerprint"])


def test_an_accepted_change_passes_until_its_date(
    broken: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    accepted = accept(tmp_path / "accepted.toml", fingerprint_of(capsys, SEED_SPEC, broken))
    code, out, _ = run(capsys, str(SEED_SPEC), str(broken), "--accepted", str(accepted))
    assert code == HOLDS
    assert (
        out.splitlines()[1] == "PASS: nothing can break a client (1 breaking accepted); 1 change that cannot"
    )
    assert "ACCEPTED response-property-removed (until 2027-01-31: reported upstream)" in out
    code, out, _ = run(capsys, str(SEED_SPEC), str(broken), "--accepted", str(accepted), "--format", "json")
    report = json.loads(out)
    SCHEMA.validate(report)
    assert (report["verdict"], report["counts"]["accepted"]) == ("compatible", 1)
    assert report["changes"][0]["acceptance"] == {
        "fingerprint": report["changes"][0]["fingerprint"],
        "reason": "reported upstream",
        "until": "2027-01-31",
    }


def test_an_expired_acceptance_fails_again_and_says_so(
    broken: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    accepted = accept(
        tmp_path / "accepted.toml", fingerprint_of(capsys, SEED_SPEC, broken), until="2026-12-02"
    )
    code, out, _ = run(capsys, str(SEED_SPEC), str(broken), "--accepted", str(accepted))
    assert code == BROKEN
    assert "EXPIRED acceptance, its change counts again:" in out
    code, out, _ = run(
        capsys, str(SEED_SPEC), str(broken), "--accepted", str(accepted), "--format", "markdown"
    )
    assert "## Acceptances to look at" in out


def test_a_stale_acceptance_is_said_and_fails_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    accepted = accept(tmp_path / "accepted.toml", "0123456789abcdef", until="2026-12-03")
    code, out, _ = run(
        capsys, str(SEED_SPEC), str(SEED_SPEC), "--accepted", str(accepted), "--format", "json"
    )
    assert code == HOLDS
    assert json.loads(out)["acceptances"]["stale"][0]["fingerprint"] == "0123456789abcdef"
    _, out, _ = run(capsys, str(SEED_SPEC), str(SEED_SPEC), "--accepted", str(accepted))
    assert "STALE acceptance, no change has its fingerprint (remove it): 0123456789abcdef" in out


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("[[accepted]]\nfingerprint = 'x'\n", "accepted #1 lacks reason, until"),
        ("[[accepted]]\nfingerprint = 'x'\nreason = 'r'\nuntil = 'soon'\n", "until = 'soon' is not a date"),
        ("[[accepted]]\nfingerprint = 'x'\nreason = 'r'\nuntil = 2027-01-01T10:00:00\n", "is not a date"),
        ("[[accepted]]\nfingerprint = 'x'\nreason = ' '\nuntil = 2027-01-01\n", "the reason is empty"),
        ("[[accepted\n", "not readable TOML"),
    ],
)
def test_a_bad_acceptances_file_is_exit_4(
    content: str, message: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    accepted = tmp_path / "accepted.toml"
    accepted.write_text(content)
    code, _, err = run(capsys, str(SEED_SPEC), str(SEED_SPEC), "--accepted", str(accepted))
    assert code == BAD_INPUT
    assert message in err


def test_an_acceptances_file_asked_for_must_exist_and_the_default_may_not(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(capsys, str(SEED_SPEC), str(SEED_SPEC), "--accepted", str(tmp_path / "absent.toml"))
    assert code == BAD_INPUT
    assert "no such file of accepted changes" in err
    monkeypatch.chdir(tmp_path)
    assert run(capsys, str(SEED_SPEC), str(SEED_SPEC))[0] == HOLDS


def test_the_checkout_ships_an_acceptances_file_that_accepts_nothing(
    capsys: pytest.CaptureFixture[str],
) -> None:
    accepted = ROOT / "accepted-changes.toml"
    assert accepted.exists()
    _, out, _ = run(capsys, str(SEED_SPEC), str(SEED_SPEC), "--accepted", str(accepted), "--format", "json")
    assert json.loads(out)["acceptances"] == {"expired": [], "stale": []}


# Fingerprints.


def test_a_fingerprint_stays_across_unrelated_edits_and_refactors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    change = [replace(*INTEGRATION, "properties", "system", "type", value=["string", "null"])]
    plain = write(tmp_path / "plain.json", patched(seed(), change))
    unrelated = [
        replace(*INTEGRATION, "properties", "shop_name", "description", value="Reworded"),
        replace("info", "description", value="Another introduction"),
    ]
    reworded = write(tmp_path / "reworded.json", patched(seed(), [*change, *unrelated]))
    # The schema inlined and the path parameter renamed: other pointers, the same change for a client.
    moved = seed()
    item = moved["paths"].pop("/integrations/{id}")
    item["parameters"][0]["name"] = "integration_id"
    moved["paths"]["/integrations/{integration_id}"] = item
    inline = moved["components"]["schemas"].pop("Integration")
    inline["properties"]["system"]["type"] = ["string", "null"]
    item["get"]["responses"]["200"]["content"]["application/json"]["schema"] = inline
    moved_path = write(tmp_path / "moved.json", moved)
    first = fingerprint_of(capsys, SEED_SPEC, plain)
    assert fingerprint_of(capsys, SEED_SPEC, reworded) == first
    assert fingerprint_of(capsys, SEED_SPEC, moved_path) == first
    other_change = [replace(*INTEGRATION, "properties", "shop_name", "type", value=["string", "null"])]
    other = write(tmp_path / "other.json", patched(seed(), other_change))
    assert fingerprint_of(capsys, SEED_SPEC, other) != first


def test_the_entry_point_runs_as_a_module(broken: Path) -> None:
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "sendcloud_contracts.docdiff",
            str(SEED_SPEC),
            str(broken),
            "--format",
            "json",
        ],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == BROKEN, done.stderr
    assert json.loads(done.stdout)["verdict"] == "breaking"


def test_a_change_names_a_rule_the_check_has() -> None:
    where = Where(Operation("get", "/a"), "operation")
    with pytest.raises(KeyError, match="no-such-rule is not a rule of the document check"):
        change("no-such-rule", where, "a", "b")
