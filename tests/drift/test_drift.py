"""Drift between two recordings: what the report shows, and how it reads cassettes."""

from __future__ import annotations

import gzip
import json
from typing import TYPE_CHECKING, Any

import pytest
import yaml

from sendcloud_contracts.drift import compare
from sendcloud_contracts.spec import load_spec

from ..conftest import COMPLETE_SPEC, ROOT

if TYPE_CHECKING:
    from pathlib import Path

    from sendcloud_contracts.double import DoubleApp, DoubleServer

    from ..conftest import SuiteRunner

SPEC = str(ROOT / "spec" / "integrations.yaml")
BASE = "https://panel.sendcloud.sc/api/v2"


def run_drift(old: Path, new: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    capsys.readouterr()
    code = compare.main([str(old), str(new), "--spec", SPEC])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def table_rows(report: str) -> list[str]:
    return [line for line in report.splitlines() if line.startswith("| ") and not line.startswith("| status")]


def test_a_field_whose_type_changed_is_the_only_drift(
    run_suite: SuiteRunner,
    target_double: DoubleServer,
    double_app: DoubleApp,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    run_suite("--record-mode=rewrite", cassette_dir=tmp_path / "old").assert_outcomes(passed=7)
    for integration in double_app.integrations.values():
        integration["service_point_enabled"] = "yes"
    run_suite("--record-mode=rewrite", cassette_dir=tmp_path / "new")

    code, report, _ = run_drift(tmp_path / "old", tmp_path / "new", capsys)

    assert code == compare.EXIT_DRIFT
    assert "## GET /integrations/{id}" in report
    assert table_rows(report) == ["| 200 | type changed | `service_point_enabled` | boolean | string |"]
    assert "1 change in 1 operation." in report


def test_identical_recordings_show_no_drift(
    run_suite: SuiteRunner, target_double: DoubleServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for name in ("first", "second"):
        run_suite("--record-mode=rewrite", cassette_dir=tmp_path / name).assert_outcomes(passed=7)

    code, report, _ = run_drift(tmp_path / "first", tmp_path / "second", capsys)

    assert code == compare.EXIT_SAME
    assert "No drift" in report
    assert table_rows(report) == []


def test_the_committed_cassettes_do_not_drift_from_themselves(capsys: pytest.CaptureFixture[str]) -> None:
    code, report, _ = run_drift(ROOT / "cassettes", ROOT / "cassettes", capsys)
    assert (code, table_rows(report)) == (compare.EXIT_SAME, [])


def interaction(
    uri: str,
    status: int,
    body: Any,
    headers: dict[str, str] | None = None,
    method: str = "GET",
    compress: bool = False,
) -> dict[str, Any]:
    raw: str | bytes = body if isinstance(body, str) else json.dumps(body)
    all_headers = {"Content-Type": "application/json", **(headers or {})}
    if compress:
        raw = gzip.compress(raw.encode() if isinstance(raw, str) else raw)
        all_headers["Content-Encoding"] = "gzip"
    return {
        "request": {"body": None, "headers": {}, "method": method, "uri": uri},
        "response": {
            "body": {"string": raw},
            "headers": {name: [value] for name, value in all_headers.items()},
            "status": {"code": status, "message": ""},
        },
    }


def write_cassette(folder: Path, *interactions: dict[str, Any], name: str = "test.yaml") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    # safe_dump writes bytes as !!binary, exactly as vcrpy does for a body that is not UTF-8.
    (folder / name).write_text(yaml.safe_dump({"interactions": list(interactions), "version": 1}))
    return folder


INTEGRATION = {"id": 1, "shop_name": "Shop", "webhook_url": "https://example.com", "carriers": ["ups"]}
NOT_FOUND = {"error": {"code": 404, "request": "api/v2/integrations/2", "message": "Not found."}}


def test_status_codes_appearing_and_vanishing_are_reported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old = write_cassette(
        tmp_path / "old",
        interaction(f"{BASE}/integrations/1", 200, INTEGRATION),
        interaction(f"{BASE}/integrations/2", 404, NOT_FOUND),
    )
    new = write_cassette(
        tmp_path / "new",
        interaction(f"{BASE}/integrations/1", 200, INTEGRATION),
        interaction(f"{BASE}/integrations/2", 429, {"error": {"code": 429}}, {"Retry-After": "3"}),
    )

    code, report, _ = run_drift(old, new, capsys)

    assert code == compare.EXIT_DRIFT
    assert table_rows(report) == ["| 404 | status vanished |  |  |  |", "| 429 | status appeared |  |  |  |"]


def test_headers_appearing_and_vanishing_are_reported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old = write_cassette(
        tmp_path / "old", interaction(f"{BASE}/integrations/1", 200, INTEGRATION, {"Allow": "GET"})
    )
    new = write_cassette(
        tmp_path / "new",
        interaction(f"{BASE}/integrations/1", 200, INTEGRATION, {"X-RateLimit-Remaining": "99"}),
    )

    code, report, _ = run_drift(old, new, capsys)

    assert code == compare.EXIT_DRIFT
    assert table_rows(report) == [
        "| 200 | header vanished | `Allow` |  |  |",
        "| 200 | header appeared | `X-RateLimit-Remaining` |  |  |",
    ]


def test_fields_added_removed_and_nullability_are_reported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    changed = {**INTEGRATION, "webhook_url": None, "carriers": [{"code": "ups"}], "system": "api"}
    del changed["shop_name"]
    old = write_cassette(tmp_path / "old", interaction(f"{BASE}/integrations/1", 200, INTEGRATION))
    new = write_cassette(tmp_path / "new", interaction(f"{BASE}/integrations/1/", 200, changed))

    code, report, _ = run_drift(old, new, capsys)

    assert code == compare.EXIT_DRIFT
    assert table_rows(report) == [
        "| 200 | type changed | `carriers[]` | string | object |",
        "| 200 | field added | `carriers[].code` |  | string |",
        "| 200 | field removed | `shop_name` | string |  |",
        "| 200 | field added | `system` |  | string |",
        "| 200 | type changed | `webhook_url` | string | only null |",
        "| 200 | became nullable | `webhook_url` | never null | null seen |",
    ]


def test_answers_that_only_gained_fields_and_headers_are_listed_not_a_failure(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # A new key in a free-form object (a log's headers) reads as a field added: data, not a break.
    logged = {**INTEGRATION, "headers": {"Cache-Control": "no-store"}}
    gained = {**logged, "headers": {"Cache-Control": "no-store", "Connection": "close"}}
    old = write_cassette(tmp_path / "old", interaction(f"{BASE}/integrations/1", 200, logged))
    new = write_cassette(
        tmp_path / "new",
        interaction(f"{BASE}/integrations/1", 200, gained, headers={"X-RateLimit-Remaining": "9"}),
    )

    code, report, _ = run_drift(old, new, capsys)

    assert code == compare.EXIT_SAME
    assert table_rows(report) == [
        "| 200 | field added | `headers.Connection` |  | string |",
        "| 200 | header appeared | `X-RateLimit-Remaining` |  |  |",
    ]
    assert "2 of them only add to an answer" in report
    assert "so they are listed, not a failure" in report


def _logs(*headers: dict[str, Any]) -> dict[str, Any]:
    """A page of v2 exception logs whose requests sent these headers (a free-form object)."""
    entry = {"id": 1, "base_url": "https://shop.example", "method": "POST", "response_code": 500}
    return {
        "next": None,
        "previous": None,
        "results": [{**entry, "request": {"headers": h}} for h in headers],
    }


def test_keys_of_an_object_the_document_leaves_free_form_are_data_not_fields(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"{BASE}/integrations/1/logs"
    old = write_cassette(tmp_path / "old", interaction(url, 200, _logs({"Cache-Control": "no-store"})))
    new = write_cassette(tmp_path / "new", interaction(url, 200, _logs({"Connection": "close"}, {})))
    drifted = write_cassette(tmp_path / "drifted", interaction(url, 200, _logs({"Connection": 1})))

    capsys.readouterr()
    same = compare.main([str(old), str(new), "--spec", str(COMPLETE_SPEC)])
    assert (same, table_rows(capsys.readouterr().out)) == (compare.EXIT_SAME, [])
    # The values still count: one of another type is drift, under the object's one path.
    assert compare.main([str(old), str(drifted), "--spec", str(COMPLETE_SPEC)]) == compare.EXIT_DRIFT
    assert table_rows(capsys.readouterr().out) == [
        "| 200 | type changed | `results[].request.headers.*` | string | integer |"
    ]


def test_gzip_bodies_are_read_as_a_client_would(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    changed = {**INTEGRATION, "id": "1"}
    old = write_cassette(
        tmp_path / "old", interaction(f"{BASE}/integrations/1", 200, INTEGRATION, compress=True)
    )
    new = write_cassette(tmp_path / "new", interaction(f"{BASE}/integrations/1", 200, changed, compress=True))
    assert "!!binary" in (old / "test.yaml").read_text()

    code, report, _ = run_drift(old, new, capsys)

    assert code == compare.EXIT_DRIFT
    assert table_rows(report) == ["| 200 | type changed | `id` | integer | string |"]


def test_a_body_that_is_not_json_is_reported_as_such(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old = write_cassette(tmp_path / "old", interaction(f"{BASE}/integrations/1", 502, NOT_FOUND))
    new = write_cassette(tmp_path / "new", interaction(f"{BASE}/integrations/1", 502, "<html>Bad gateway"))

    _, report, _ = run_drift(old, new, capsys)

    assert "| 502 | type changed | `(body)` | object | not JSON |" in table_rows(report)


@pytest.mark.parametrize(
    ("method", "url", "operation"),
    [
        ("get", f"{BASE}/integrations/123", "GET /integrations/{id}"),
        ("OPTIONS", f"{BASE}/integrations/%5D%F1", "OPTIONS /integrations/{id}"),
        ("GET", f"{BASE}/integrations/", "GET /api/v2/integrations/"),
        ("POST", "https://account.sendcloud.com/oauth2/token/", "POST /oauth2/token/"),
    ],
)
def test_urls_are_grouped_by_the_spec_path_template(method: str, url: str, operation: str) -> None:
    operations = compare.Operations(load_spec(ROOT / "spec" / "integrations.yaml"))
    assert operations.operation(method, url) == operation


def test_the_recorded_base_path_is_used_to_find_the_template(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old = write_cassette(
        tmp_path / "old", interaction("http://127.0.0.1:1/v9/integrations/1", 200, INTEGRATION)
    )
    new = write_cassette(tmp_path / "new", interaction(f"{BASE}/integrations/1", 200, INTEGRATION))
    metadata = {"base_url": "http://127.0.0.1:1/v9", "token_url": "http://127.0.0.1:1/t", "auth": "basic"}
    (old / "recording.json").write_text(json.dumps({**metadata, "integration_ids": [1]}))

    code, _, _ = run_drift(old, new, capsys)

    assert code == compare.EXIT_SAME


@pytest.mark.parametrize(
    ("prepare", "message"),
    [
        (lambda folder: None, "is not a folder"),
        (lambda folder: folder.mkdir(), "no cassettes (*.yaml) in"),
        (lambda folder: write_text(folder / "a.yaml", "interactions: [\n"), "not a vcrpy cassette"),
        (lambda folder: write_text(folder / "a.yaml", "just: text\n"), "no key 'interactions'"),
        (lambda folder: write_text(folder / "a.yaml", "- request: {}\n"), "not a vcrpy cassette"),
        (lambda folder: write_text(folder / "a.yaml", "\udcff"), "cannot read the cassette"),
        (lambda folder: write_text(folder / "recording.json", "{"), "recording.json is unreadable"),
    ],
    ids=["missing", "empty", "bad-yaml", "no-interactions", "old-format", "not-utf8", "bad-metadata"],
)
def test_unreadable_input_stops_with_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], prepare: Any, message: str
) -> None:
    good = write_cassette(tmp_path / "good", interaction(f"{BASE}/integrations/1", 200, INTEGRATION))
    bad = tmp_path / "bad"
    prepare(bad)
    if (bad / "recording.json").exists():
        write_cassette(bad, interaction(f"{BASE}/integrations/1", 200, INTEGRATION))

    code, out, err = run_drift(good, bad, capsys)

    assert code == compare.EXIT_UNREADABLE
    assert out == ""
    assert err.startswith("ERROR: ")
    assert err.count("\n") == 1, err
    assert message in err


def write_text(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode("utf-8", "surrogateescape"))


def test_the_report_can_also_be_written_to_a_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = write_cassette(tmp_path / "same", interaction(f"{BASE}/integrations/1", 200, INTEGRATION))
    output = tmp_path / "reports" / "drift.md"

    code = compare.main([str(folder), str(folder), "--spec", SPEC, "--output", str(output)])

    assert code == compare.EXIT_SAME
    assert output.read_text() == capsys.readouterr().out


def test_the_report_lists_every_operation_it_compared(capsys: pytest.CaptureFixture[str]) -> None:
    complete = str(ROOT / "spec" / "sendcloud-v2-integrations-openapi.yml")
    capsys.readouterr()
    compare.main([str(ROOT / "cassettes"), str(ROOT / "cassettes"), "--spec", complete])
    report = capsys.readouterr().out
    for operation in (
        "GET /integrations",
        "GET /integrations/{id}",
        "GET /integrations/{id}/shipments",
        "GET /integrations/logs",
        "GET /integrations/{id}/logs",
    ):
        assert f"`{operation}`" in report.split("Operations compared:", 1)[1]
