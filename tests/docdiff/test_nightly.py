"""The nightly check without internet: sources that are local copies, changed, unchanged or missing."""

from __future__ import annotations

import configparser
import json
import os
import shutil
import subprocess
import sys
from datetime import date
from typing import TYPE_CHECKING, Any

import jsonschema_rs
import pytest
import yaml

from sendcloud_contracts.docdiff import report_json
from sendcloud_contracts.docdiff.__main__ import main
from sendcloud_contracts.exitcodes import BAD_INPUT, BROKEN, HOLDS, INFRASTRUCTURE

from ..conftest import ROOT
from ..test_workflows import load, steps
from .catalogue import INTEGRATION, add, patched, remove, replace

if TYPE_CHECKING:
    from pathlib import Path

TODAY = date(2026, 12, 3)
SCHEMA = jsonschema_rs.validator_for(
    json.loads(report_json.SCHEMA.read_text(encoding="utf-8")), validate_formats=True
)
# libyaml where it is there: the nights dump and load the complete document several times.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
SEED, V2, V3 = (
    "integrations.yaml",
    "sendcloud-v2-integrations-openapi.yml",
    "sendcloud-v3-integrations-openapi.yml",
)


@pytest.fixture
def checkout(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A checkout's spec/, and the vendor's documents published as local copies, all as vendored."""
    folder = tmp_path / "checkout"
    shutil.copytree(ROOT / "spec", folder / "spec")
    published = tmp_path / "published"
    published.mkdir()
    seed = (ROOT / "spec" / SEED).read_text(encoding="utf-8")
    (published / "retrieve-an-integration.md").write_text(
        f"# Retrieve an integration\n\n```yaml\n{seed}```\n"
    )
    for name in (V2, V3):
        shutil.copy2(ROOT / "spec" / name, published / name)
    monkeypatch.chdir(folder)
    return folder


def sources(checkout: Path, **urls: str) -> Path:
    """A sources file whose URLs are the published local copies, unless `urls` names others."""
    published = checkout.parent / "published"
    entries = [
        (
            SEED,
            urls.get("seed", (published / "retrieve-an-integration.md").as_uri()),
            "markdown-yaml-block",
            "record seed",
        ),
        (V2, urls.get("v2", (published / V2).as_uri()), "document", "python3 -m tox -e record"),
        (V3, urls.get("v3", (published / V3).as_uri()), "document", ""),
    ]
    text = "".join(
        f'[[document]]\nfile = "spec/{name}"\nurl = "{url}"\nextract = "{how}"\nrerecord = "{then}"\n'
        for name, url, how, then in entries
    )
    path = checkout / "dry-run-sources.toml"
    path.write_text(text)
    return path


def publish(checkout: Path, name: str, edits: list[tuple[str, tuple[str, ...], object]]) -> None:
    path = checkout.parent / "published" / name
    document = yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER)
    path.write_text(yaml.dump(patched(document, edits), Dumper=_DUMPER))


def night(
    checkout: Path, capsys: pytest.CaptureFixture[str], *extra: str
) -> tuple[int, str, str, dict[str, Any]]:
    capsys.readouterr()
    code = main(["--fetch", "--report-dir", "reports/docdiff", *extra], today=TODAY)
    out, err = capsys.readouterr()
    report = checkout / "reports" / "docdiff" / "docdiff.json"
    data = json.loads(report.read_text()) if report.exists() else {}
    if data:
        SCHEMA.validate(data)
    return code, out, err, data


def test_nothing_changed_is_a_pass(checkout: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err, data = night(checkout, capsys, "--sources", str(sources(checkout)))
    assert (code, err) == (HOLDS, "")
    assert out.startswith(
        "# Vendor documents: PASS: the vendor's documents say what the vendored copies say\n"
    )
    assert out == (checkout / "reports" / "docdiff" / "docdiff.md").read_text()
    assert [document["status"] for document in data["documents"]] == ["unchanged"] * 3
    assert [document["same_text"] for document in data["documents"]] == [True] * 3
    assert (checkout / "reports" / "docdiff" / "fetched" / SEED).read_text() == (
        checkout / "spec" / SEED
    ).read_text()


def test_a_breaking_change_published_is_exit_1_with_the_commands_to_update(
    checkout: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    publish(checkout, V2, [remove(*INTEGRATION, "properties", "shop_url")])
    code, out, err, data = night(checkout, capsys, "--sources", str(sources(checkout)))
    assert (code, err) == (BROKEN, "")
    assert out.startswith(
        "# Vendor documents: FAIL: the vendor's documents changed; 2 changes can break a client"
    )
    assert f"| `spec/{V2}` |" in out
    assert "changed: 2 breaking changes, 0 other" in out
    assert (
        "| `response-property-removed` | `GET /integrations` | response 200 application/json: []. shop_url"
        not in out
    )
    assert (
        "| `response-property-removed` | `GET /integrations/{id}` | response 200 application/json: shop_url |"
        in out
    )
    assert f"cp reports/docdiff/fetched/{V2} spec/{V2}" in out
    assert "python3 -m tox -e record" in out
    document = data["documents"][1]
    assert (document["status"], document["same_text"]) == ("breaking", False)
    assert document["update"][-1] == "python3 -m tox -e record"
    assert data["verdict"] == "breaking"


def test_a_reformatted_document_is_unchanged_in_meaning(
    checkout: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    publish(checkout, V3, [])
    code, out, _, data = night(checkout, capsys, "--sources", str(sources(checkout)))
    assert code == HOLDS
    assert "unchanged in meaning (the text differs)" in out
    assert data["documents"][2]["update"] == []


def test_a_change_that_breaks_nobody_is_a_finding_not_a_failure(
    checkout: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    publish(
        checkout,
        V3,
        [replace("info", "description", value="New words"), remove("paths", "/shop-order-statuses", "post")],
    )
    code, out, _, data = night(checkout, capsys, "--sources", str(sources(checkout)))
    assert code == BROKEN  # removing an operation breaks its clients
    shutil.copy2(ROOT / "spec" / V3, checkout.parent / "published" / V3)
    publish(checkout, V2, [add("paths", "/integrations/statistics", value={"get": {"responses": {}}})])
    code, out, _, data = night(checkout, capsys, "--sources", str(sources(checkout)))
    assert code == HOLDS
    assert out.startswith(
        "# Vendor documents: CHANGED: the vendor's documents changed; nothing can break a client"
    )
    assert "No recordings depend on this document yet." not in out
    assert data["verdict"] == "changed"


def test_a_failed_download_is_exit_75_and_the_others_are_still_compared(
    checkout: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = (checkout.parent / "published" / "gone.yml").as_uri()
    code, out, err, data = night(checkout, capsys, "--sources", str(sources(checkout, v3=missing)))
    assert code == INFRASTRUCTURE
    reason = f"cannot read {missing} (No such file or directory)"
    assert err == f"ERROR: infrastructure error, not a document change: {reason}\n"
    assert out.startswith("# Vendor documents: NOT MEASURED (exit 75): a download failed")
    assert [document["status"] for document in data["documents"]] == [
        "unchanged",
        "unchanged",
        "download-failed",
    ]
    assert data["verdict"] == "not-measured"


def test_a_breaking_change_outranks_a_failed_download(
    checkout: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    publish(checkout, V2, [remove(*INTEGRATION, "properties", "shop_url")])
    missing = (checkout.parent / "published" / "gone.yml").as_uri()
    code, out, err, _ = night(checkout, capsys, "--sources", str(sources(checkout, v3=missing)))
    assert code == BROKEN
    assert "download-failed (exit 75)" in out
    assert err.startswith("ERROR: infrastructure error")


def test_a_page_without_the_document_is_exit_4(checkout: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (checkout.parent / "published" / "retrieve-an-integration.md").write_text("# Moved\n\nSee elsewhere.\n")
    code, out, err, data = night(checkout, capsys, "--sources", str(sources(checkout)))
    assert code == BAD_INPUT
    assert "no ```yaml block" in err
    assert out.startswith("# Vendor documents: NOT COMPARED (exit 4)")
    assert data["documents"][0]["status"] == "unreadable"


def test_a_bad_sources_file_is_exit_4_and_leaves_no_old_report(
    checkout: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old = checkout / "reports" / "docdiff" / "docdiff.json"
    old.parent.mkdir(parents=True)
    old.write_text("{}")
    broken = checkout / "broken.toml"
    broken.write_text("[[document]]\n")
    code, out, err, _ = night(checkout, capsys, "--sources", str(broken))
    assert (code, out) == (BAD_INPUT, "")
    assert err.startswith(f"ERROR: {broken}: document #1 lacks file, url, extract")
    assert not old.exists()
    assert (
        (checkout / "reports" / "docdiff" / "docdiff.md")
        .read_text()
        .startswith("# Vendor documents: not compared (exit 4)")
    )


def test_acceptances_count_for_the_night_and_stale_ones_are_said_once(
    checkout: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    publish(checkout, V2, [remove(*INTEGRATION, "properties", "shop_url")])
    _, _, _, data = night(checkout, capsys, "--sources", str(sources(checkout)))
    fingerprints = [change["fingerprint"] for change in data["documents"][1]["comparison"]["changes"]]
    entries = [*fingerprints, "0123456789abcdef"]
    accepted = checkout / "accepted.toml"
    accepted.write_text(
        "".join(
            f'[[accepted]]\nfingerprint = "{entry}"\nreason = "known"\nuntil = 2027-01-01\n'
            for entry in entries
        )
    )
    code, out, _, data = night(
        checkout, capsys, "--sources", str(sources(checkout)), "--accepted", str(accepted)
    )
    assert code == HOLDS
    assert out.count("STALE") == 1
    assert data["acceptances"]["stale"][0]["fingerprint"] == "0123456789abcdef"


def test_the_shipped_sources_are_the_default(checkout: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Without --sources the checkout's spec/sources.toml is read (here pointed at a closed port)."""
    shipped = checkout / "spec" / "sources.toml"
    shipped.write_text(shipped.read_text().replace("https://", "http://127.0.0.1:9/"))
    code, _, err, data = night(checkout, capsys)
    assert code == INFRASTRUCTURE
    assert err.count("\n") == 3
    assert data["sources"] == "spec/sources.toml"


# The workflow's step, played as GitHub Actions runs it, with the sources pointed at local copies.


def test_the_nightly_step_runs_after_the_others_whatever_they_found() -> None:
    workflow_steps = [step for step in steps(load("nightly.yml")) if "run" in step]
    names = [step.get("name", "") for step in workflow_steps]
    step = next(step for step in workflow_steps if "tox -e docdiff" in step["run"])
    assert step["run"] == "python -m tox -e docdiff -- --fetch"
    assert step.get("if") == "${{ !cancelled() }}"
    assert names.index(step["name"]) > names.index("Fresh recording and its drift from cassettes/")
    summary = next(step for step in workflow_steps if "$GITHUB_STEP_SUMMARY" in step["run"])
    assert "reports/docdiff/docdiff.md" in summary["run"]


def test_a_dry_run_of_the_step_reports_a_changed_document_in_the_jobs_summary(
    checkout: Path, tmp_path: Path
) -> None:
    shipped = checkout / "spec" / "sources.toml"
    published = checkout.parent / "published"
    text = shipped.read_text()
    for source, local in (
        (
            "https://sendcloud.dev/api/v2/integrations/retrieve-an-integration.md",
            "retrieve-an-integration.md",
        ),
        (f"https://raw.githubusercontent.com/api-evangelist/sendcloud/main/openapi/_original/{V2}", V2),
        (f"https://raw.githubusercontent.com/api-evangelist/sendcloud/main/openapi/_original/{V3}", V3),
    ):
        assert source in text
        text = text.replace(source, (published / local).as_uri())
    shipped.write_text(text)
    publish(checkout, V2, [replace(*INTEGRATION, "properties", "system", "type", value=["string", "null"])])
    workflow_steps = {step.get("name", ""): step for step in steps(load("nightly.yml")) if "run" in step}
    step = workflow_steps["The vendor's documents against the vendored copies"]
    parser = configparser.ConfigParser(interpolation=None)
    parser.read(ROOT / "tox.ini", encoding="utf-8")
    posargs = step["run"].split(" -- ", 1)[1]
    command = parser["testenv:docdiff"]["commands"].strip().replace("{posargs}", posargs).split()
    assert command[:3] == ["python", "-m", "sendcloud_contracts.docdiff"]
    done = subprocess.run(
        [sys.executable, *command[1:]], cwd=checkout, capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == BROKEN, done.stderr
    step_summary = tmp_path / "step-summary.md"
    environ = {**os.environ, "GITHUB_STEP_SUMMARY": str(step_summary)}
    summary = workflow_steps["Summary"]["run"]
    subprocess.run(["bash", "-e", "-c", summary], cwd=checkout, env=environ, check=True, timeout=30)
    published_summary = step_summary.read_text()
    assert "# reports/live/summary.md: not written (the step did not run far enough)" in published_summary
    assert (
        "# Vendor documents: FAIL: the vendor's documents changed; 2 changes can break a client"
        in published_summary
    )
    assert "`response-property-became-nullable`" in published_summary
