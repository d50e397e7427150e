"""The API v3 contract through the entry point users run: the same suite, a second dialect."""

from __future__ import annotations

import json
from collections import Counter
from typing import TYPE_CHECKING

import pytest

from sendcloud_contracts.defaults import report_folder
from sendcloud_contracts.double.__main__ import target_environment
from sendcloud_contracts.http.settings import Mode

from .conftest import COMPLETE_SPEC, ROOT, V3_SPEC

# Whole runs of the suite, judged by what they send and say (`unmeasured` in tests/conftest.py).
pytestmark = pytest.mark.usefixtures("unmeasured")

if TYPE_CHECKING:
    from pathlib import Path

    from sendcloud_contracts.double import DoubleServer

    from .conftest import SuiteRunner

SAFE_GETS = {
    "/api/v3/integrations",
    "/api/v3/integrations/{id}",
    "/api/v3/integrations/logs",
    "/api/v3/integrations/{id}/logs",
    "/api/v3/shop-order-statuses",
    "/api/v3/shop-order-statuses/mapping",
}
WRITES = {"POST", "PUT", "PATCH", "DELETE"}


@pytest.fixture
def aimed_at_v3(target_double: DoubleServer, monkeypatch: pytest.MonkeyPatch) -> DoubleServer:
    monkeypatch.setenv(
        "SENDCLOUD_BASE_URL", target_environment(target_double, api="v3")["SENDCLOUD_BASE_URL"]
    )
    return target_double


def _operation(path: str) -> str:
    parts = path.split("/")
    return "/".join("{id}" if part.isdigit() else part for part in parts)


def test_a_live_v3_run_reaches_every_safe_get_sends_no_write_and_asks_v2_too(
    run_suite: SuiteRunner, aimed_at_v3: DoubleServer, tmp_path: Path
) -> None:
    result = run_suite("--disable-recording", f"--contract-spec={V3_SPEC}", "-v")
    assert result.ret == pytest.ExitCode.OK, result.stdout.str()[-3000:]
    sent = aimed_at_v3.requests
    gets = Counter(_operation(request.path) for request in sent if request.method == "GET")
    assert set(gets) >= SAFE_GETS
    assert not {request.method for request in sent} & WRITES
    assert len(sent) <= 300
    # The comparison asks v2 for each known id and its list: two requests per id and two lists at most.
    v2 = [request for request in sent if request.path.startswith("/api/v2/")]
    assert {_operation(request.path) for request in v2} == {
        "/api/v2/integrations",
        "/api/v2/integrations/{id}",
    }
    assert len(v2) == 5
    output = result.stdout.str()
    assert (
        "never sent, as they change or delete data on a real account: DELETE /integrations/{id}, PATCH"
        in output
    )
    assert "POST /integrations/{id}/logs" in output
    assert (
        "paginated lists are followed up to 5 pages each (SENDCLOUD_MAX_PAGES); no list documents a filter"
        in output
    )
    assert "API v3 and API v2 agree: 4 integrations and both lists" in output
    summary = (tmp_path / "reports" / "summary.md").read_text()
    assert "## Notes" in summary
    assert "API v3 and API v2 agree" in summary
    assert json.loads((tmp_path / "reports" / "run.json").read_text())["notes"]


def test_the_comparison_switched_off_is_one_line_in_the_header_and_the_summary(
    run_suite: SuiteRunner, aimed_at_v3: DoubleServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SENDCLOUD_V2_BASE_URL", "none")
    monkeypatch.setenv("SENDCLOUD_MAX_EXAMPLES", "1")
    options = ("-k", "versions_agree", "-rs", "-v")
    result = run_suite("--disable-recording", f"--contract-spec={V3_SPEC}", *options)
    assert result.ret == pytest.ExitCode.OK
    line = "the comparison of API v3 with API v2 is off (SENDCLOUD_V2_BASE_URL=none)"
    assert f"sendcloud-contracts: {line}" in result.stdout.str()
    assert line in (tmp_path / "reports" / "summary.md").read_text()
    assert not [request for request in aimed_at_v3.requests if request.path.startswith("/api/v2/")]


def test_a_base_url_of_another_version_than_the_document_is_a_setup_mistake(
    run_suite: SuiteRunner, target_double: DoubleServer
) -> None:
    result = run_suite("--disable-recording", f"--contract-spec={V3_SPEC}")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(
        [
            "ERROR: SENDCLOUD_BASE_URL=http://127.0.0.1:*/api/v2 names API v2, but "
            "sendcloud-v3-integrations-openapi.yml describes API v3: "
            "set it to the API v3 base URL (e.g. https://panel.sendcloud.sc/api/v3)"
        ]
    )
    assert target_double.requests == []


@pytest.mark.parametrize(
    ("spec", "cassettes", "named"),
    [
        (V3_SPEC, "cassettes", "spec/sendcloud-v2-integrations-openapi.yml"),
        (COMPLETE_SPEC, "cassettes-v3", "spec/sendcloud-v3-integrations-openapi.yml"),
    ],
    ids=["v3-document-v2-recordings", "v2-document-v3-recordings"],
)
def test_replaying_another_versions_recordings_is_a_setup_mistake(
    run_suite: SuiteRunner, spec: Path, cassettes: str, named: str
) -> None:
    result = run_suite(f"--contract-spec={spec}", cassette_dir=ROOT / cassettes)
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    assert f"were made from {named}, not from {spec.relative_to(ROOT)}" in result.stderr.str()
    assert "with its own recordings (`python3 -m tox -e contracts" in result.stderr.str()


def test_each_version_reports_into_a_folder_of_its_own(tmp_path: Path) -> None:
    assert report_folder(tmp_path, None, Mode.LIVE) == tmp_path / "reports" / "live"
    assert report_folder(tmp_path, None, Mode.LIVE, "-v3") == tmp_path / "reports" / "live-v3"
    assert report_folder(tmp_path, "elsewhere", Mode.LIVE, "-v3") == tmp_path / "elsewhere"
