"""What changed since the previous run: failures new, still failing or fixed, by fingerprint."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from sendcloud_contracts.redaction import FILTERED
from sendcloud_contracts.reports.history import (
    HISTORY_KEY_VARIABLE,
    KEEP_RUNS,
    Entry,
    Fingerprint,
    History,
    account_of,
    compare,
    fingerprint,
    history_key,
    other_fingerprint,
)
from sendcloud_contracts.reports.run_page import run_page, write_run_page
from sendcloud_contracts.rules.failures import Finding
from sendcloud_contracts.rules.model import Violation

from . import samples

if TYPE_CHECKING:
    from pathlib import Path

SYSTEM = Fingerprint("response_schema", "GET /integrations/{id}", "system")
TIMESTAMP = Fingerprint("timestamp", "GET /integrations/{id}/shipments", "results.#.created_at")
LOGS = Fingerprint("error_envelope", "GET /integrations/logs", "error.code")


def entry(verdict: str, *failures: Fingerprint) -> Entry:
    return Entry(
        "2026-11-26 03:17:40 UTC",
        verdict,
        (9, 10) if verdict in ("pass", "fail") else None,
        frozenset(failures),
    )


def test_failures_are_new_still_failing_fixed_or_not_checked() -> None:
    changes = compare(entry("fail", SYSTEM, TIMESTAMP, LOGS), [SYSTEM], lambda item: item != LOGS)
    assert changes.still == {SYSTEM}
    assert changes.new == frozenset()
    assert changes.fixed == (TIMESTAMP,)
    assert changes.unchecked == (LOGS,)
    assert changes.mark(SYSTEM) == "still failing"
    assert changes.mark(TIMESTAMP) == "new"


def test_without_a_previous_run_nothing_is_marked() -> None:
    changes = compare(None, [SYSTEM], lambda _item: True)
    assert changes.mark(SYSTEM) == ""
    assert not changes.fixed


@pytest.mark.parametrize(
    ("field", "kept"),
    [
        ("results.3.created_at", "results.#.created_at"),
        ("2.shop_name", "#.shop_name"),
        ("page 3 next", "page # next"),
        (
            "GET /api/v2/integrations/4711 with no credentials: error.code",
            "GET /api/v2/integrations/# with no credentials: error.code",
        ),
        ("error.code", "error.code"),
    ],
)
def test_a_fingerprint_leaves_out_positions_and_ids(field: str, kept: str) -> None:
    answer = samples.answer({"id": 4711})
    found = Finding("GET /api/v2/integrations/4711", Violation("rule", field, "1", "2"), exchange=answer)
    assert fingerprint(found) == Fingerprint("rule", "GET /integrations/{id}", kept)


def test_a_failure_no_rule_describes_is_known_by_its_test_and_check() -> None:
    test = "contracts/test_integrations.py::test_every_documented_operation[GET /integrations/{id}]"
    first = other_fingerprint(test, "[ST103 Undocumented HTTP status code] Received: 500 / Documented: 200")
    again = other_fingerprint(test, "[ST103 Undocumented HTTP status code] Received: 502 / Documented: 200")
    assert first == again == Fingerprint("[ST103 Undocumented HTTP status code]", test, "")


def test_the_history_keeps_a_month_of_runs_and_starts_afresh_when_unreadable(tmp_path: Path) -> None:
    history = History.load(tmp_path, samples.KEY)
    for _ in range(KEEP_RUNS + 5):
        history.add(entry("pass"), samples.secrets())
    assert len(History.load(tmp_path, samples.KEY).runs) == KEEP_RUNS
    history.path.write_text("{not json")
    assert History.load(tmp_path, samples.KEY).runs == []


def _key(environ: dict[str, str] | None = None, **parts: str) -> str:
    values = {"mode": "live", "document": samples.DOCUMENT, "api_version": "v2", "account": "key 1"}
    values.update(parts)
    return history_key(environ or {}, **values)


def test_each_mode_document_version_and_account_has_its_own_history(tmp_path: Path) -> None:
    keys = {
        _key(mode=mode, document=document, api_version=version, account=account)
        for mode in ("live", "replay")
        for document in (samples.DOCUMENT, "spec/integrations.yaml")
        for version in ("v2", "v3")
        for account in ("key 1", "key 2")
    }
    assert len({History.load(tmp_path, key).path for key in keys}) == 16


def test_an_account_is_its_public_key_or_the_host_without_a_loopback_port() -> None:
    assert account_of("pk-eu", "https://panel.sendcloud.sc/api/v2") == account_of("pk-eu", "http://x/api/v2")
    assert account_of("pk-eu", None) != account_of("pk-us", None)
    assert "pk-eu" not in account_of("pk-eu", None)
    # The double on a fresh port every run (`--port 0`) is the same account each time.
    assert account_of(None, "http://127.0.0.1:41235/api/v2") == account_of(
        None, "http://127.0.0.1:8080/api/v2"
    )
    assert account_of(None, "https://panel.sendcloud.sc/api/v2") == "panel.sendcloud.sc"
    assert account_of(None, "https://staging.example:8443/api/v2") == "staging.example:8443"


def test_a_team_names_its_own_history_key() -> None:
    named = _key({HISTORY_KEY_VARIABLE: "nightly-eu"}, mode="live")
    assert named == _key({HISTORY_KEY_VARIABLE: " nightly-eu "}, mode="record") == "nightly-eu"
    assert _key({HISTORY_KEY_VARIABLE: " "}) == _key()


def test_only_a_finished_run_is_kept(tmp_path: Path) -> None:
    history = History.load(tmp_path, samples.KEY)
    for ending in ("stopped", "interrupted", "crashed", "running"):
        with pytest.raises(ValueError, match="only a finished run"):
            history.add(entry(ending), samples.secrets())
    assert not history.path.exists()


def test_the_history_holds_no_secret(tmp_path: Path) -> None:
    summary, run = samples.red()
    leaking = Violation("response_schema", f"token {samples.SECRET_KEY}", "x", "y")
    run.failures.append(Finding("GET /api/v2/integrations/4711", leaking, "", samples.answer({})))
    summary = samples.summary(run, 1)
    write_run_page(tmp_path / "live", summary, run, history_key=samples.KEY, secrets=samples.secrets())
    (written,) = (tmp_path / "history").iterdir()
    text = written.read_text()
    assert samples.SECRET_KEY not in text
    assert f"token {FILTERED}" in text


def test_the_second_failing_run_says_still_failing_and_the_next_lists_it_fixed(tmp_path: Path) -> None:
    pages = []
    for made in (samples.red, samples.red, samples.green):
        summary, run = made()
        folder = tmp_path / "live"
        pages.append(
            write_run_page(
                folder, summary, run, history_key=samples.KEY, secrets=samples.secrets()
            ).read_text()
        )
    first, second, fixed = pages
    assert "Nothing to compare with yet" in first
    assert '<span class="mark still">still failing</span> <code>[response_schema]</code>' in second
    assert "0 new</strong>, 1 still failing, <strong>0 fixed" in second
    fixed_line = '<span class="mark fixed">fixed</span> <code>[response_schema]</code> GET /integrations/{id}'
    assert f"{fixed_line} <code>system</code>" in fixed
    assert "Score over the last 3 runs: 100.0% now" in fixed


def test_a_page_renders_without_a_history() -> None:
    summary, run = samples.red()
    html = run_page(summary, run, secrets=samples.secrets())
    assert "Nothing to compare with yet" in html
