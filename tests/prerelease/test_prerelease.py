"""Pre-release verification: profiles, one verdict per account, and the request count per run."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import threading
import time
from typing import TYPE_CHECKING, Any

import pytest

from sendcloud_contracts import exitcodes
from sendcloud_contracts.double import DoubleApp, DoubleServer
from sendcloud_contracts.prerelease import runner
from sendcloud_contracts.prerelease.command import main as prerelease
from sendcloud_contracts.prerelease.runner import Profile, Row
from sendcloud_contracts.reports import prerelease as verification
from sendcloud_contracts.reports.outcome import Outcome

from ..conftest import ROOT, SEED_SPEC, TEST_SEED_OPTION

if TYPE_CHECKING:
    from collections.abc import Iterator, Mapping
    from pathlib import Path

    from ..conftest import SuiteRunner


# Each profile's run is a process of its own, judged by its reports (unmeasured_children).
pytestmark = pytest.mark.usefixtures("unmeasured_children")


def profile_toml(
    name: str,
    base_url: str,
    prefix: str,
    ids: str = "123, 4711, 90210",
    extra: str = "",
    versions: str = '["v2"]',
) -> str:
    # API v2 only unless a test asks for more: a v3 run sends some three hundred requests.
    return (
        f'[profiles.{name}]\nbase_url = "{base_url}"\npublic_key_env = "{prefix}_PUBLIC_KEY"\n'
        f'secret_key_env = "{prefix}_SECRET_KEY"\nintegration_ids = [{ids}]\nversions = {versions}\n{extra}\n'
    )


def rows(table: str) -> dict[str, list[str]]:
    """The table's rows by account, cells stripped."""
    found = {}
    for line in [line for line in table.splitlines() if line.startswith("| ")][1:]:
        cells = [cell.strip() for cell in line.strip("|").split("|")]
        found[cells[0]] = cells[1:]
    return found


@pytest.fixture(autouse=True)
def _one_seed_for_every_profile(monkeypatch: pytest.MonkeyPatch) -> None:
    # Each profile's run is live, and a live run draws a fresh seed; pytest reads this variable,
    # so every profile sends the same requests on every run of these tests. The seed document
    # keeps each profile's run to about fifty requests; pre-release runs any document alike.
    monkeypatch.setenv("PYTEST_ADDOPTS", f"{TEST_SEED_OPTION} --contract-spec={SEED_SPEC}")


@pytest.fixture
def two_doubles() -> Iterator[tuple[DoubleServer, DoubleServer]]:
    broken = DoubleApp(public_key="broken-public", secret_key="broken-secret")
    for integration in broken.integrations.values():
        del integration["system"]
    with (
        DoubleServer(DoubleApp(public_key="good-public", secret_key="good-secret")) as good,
        DoubleServer(broken) as bad,
    ):
        yield good, bad


def test_an_account_with_both_versions_gets_a_row_and_reports_per_version(
    target_double: DoubleServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    profiles = tmp_path / "profiles.toml"
    profiles.write_text(
        profile_toml("shop", target_double.base_url, "SENDCLOUD_SHOP", versions='["v2", "v3"]')
    )
    monkeypatch.setenv("SENDCLOUD_SHOP_PUBLIC_KEY", target_double.app.public_key)
    monkeypatch.setenv("SENDCLOUD_SHOP_SECRET_KEY", target_double.app.secret_key)
    monkeypatch.setenv("SENDCLOUD_RATE_LIMIT", "1000/s")
    monkeypatch.setenv("SENDCLOUD_MAX_EXAMPLES", "1")

    code = prerelease([str(profiles), "--reports", str(tmp_path / "reports"), "--root", str(ROOT)])

    assert code == exitcodes.HOLDS
    result = rows((tmp_path / "reports" / "summary.md").read_text())
    assert list(result) == ["shop", "shop-v3"]
    assert [cells[0] for cells in result.values()] == ["pass", "pass"]
    v3 = tmp_path / "reports" / "shop-v3"
    assert (
        f"Target: {target_double.base_url.removesuffix('/api/v2')}/api/v3" in (v3 / "summary.md").read_text()
    )
    # The v3 run was compared with the account's v2, where the v2 run went.
    assert any(
        "API v3 and API v2 agree" in note for note in json.loads((v3 / "run.json").read_text())["notes"]
    )
    assert {
        request.path.split("/")[2] for request in target_double.requests if request.path.startswith("/api/")
    } == {
        "v2",
        "v3",
    }


def test_one_account_passes_and_one_breaks_the_contract(
    two_doubles: tuple[DoubleServer, DoubleServer],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    good, bad = two_doubles
    profiles = tmp_path / "profiles.toml"
    oauth2 = f'auth = "oauth2"\ntoken_url = "{bad.token_url}"'
    profiles.write_text(
        profile_toml("good", good.base_url, "SENDCLOUD_GOOD")
        + profile_toml("broken", bad.base_url, "SENDCLOUD_BROKEN", extra=oauth2)
    )
    for prefix, app in (("SENDCLOUD_GOOD", good.app), ("SENDCLOUD_BROKEN", bad.app)):
        monkeypatch.setenv(f"{prefix}_PUBLIC_KEY", app.public_key)
        monkeypatch.setenv(f"{prefix}_SECRET_KEY", app.secret_key)
    # The doubles have no rate limit; the polite default would only slow this test down.
    monkeypatch.setenv("SENDCLOUD_RATE_LIMIT", "1000/s")

    code = prerelease([str(profiles), "--reports", str(tmp_path / "reports"), "--root", str(ROOT)])

    streamed = capsys.readouterr().out
    assert code == exitcodes.BROKEN
    assert sorted(rows(streamed)) == ["broken", "good"], "each row is printed as its profile finishes"
    assert streamed.rstrip().endswith("table in " + str(tmp_path / "reports" / "summary.md"))
    aggregate = (tmp_path / "reports" / "summary.md").read_text()
    assert aggregate.startswith(
        "# Pre-release verification: FAIL: an account's API broke its contract (1 of 2 runs) (exit 1)"
    )
    result = rows(aggregate)
    assert list(result) == ["good", "broken"], aggregate
    assert result["good"][0] == "pass"
    assert result["good"][1] == "0"
    assert result["good"][2] == str(len(good.requests))
    assert result["broken"][0] == "contract broken"
    # One source of numbers: the table's count is the profile's own summary's and run.json's.
    broken_outcome = json.loads((tmp_path / "reports" / "broken" / "run.json").read_text())
    assert int(result["broken"][1]) == broken_outcome["failures"] > 0
    assert int(result["broken"][2]) == len(bad.requests)
    assert any(request.path == "/oauth2/token/" for request in bad.requests)
    assert (tmp_path / "reports" / "broken" / "pytest.log").exists()
    # Each profile owns its reports: one account's verdict never overwrites another's.
    good_summary = (tmp_path / "reports" / "good" / "summary.md").read_text()
    broken_summary = (tmp_path / "reports" / "broken" / "summary.md").read_text()
    assert good_summary.startswith("# Sendcloud contract: PASS")
    assert good.base_url in good_summary
    failures = int(result["broken"][1])
    assert broken_summary.startswith(
        f"# Sendcloud contract: FAIL: the API broke its contract ({failures} failure{'s' * (failures > 1)})"
    )
    assert "Auth: oauth2" in broken_summary
    assert "[response_schema] system" in (tmp_path / "reports" / "broken" / "junit.xml").read_text()
    # The table as a page, each account leading to its own run's page.
    page = (tmp_path / "reports" / "report.html").read_text()
    assert (
        "Pre-release verification: FAIL: an account&#39;s API broke its contract (1 of 2 runs) (exit 1)"
        in page
    )
    assert '<a href="good/report.html">good</a>' in page
    assert (tmp_path / "reports" / "broken" / "report.html").read_text().count('class="failure"') > 0


def test_a_failing_profiles_reproduction_runs_in_the_shell_that_ran_prerelease(
    two_doubles: tuple[DoubleServer, DoubleServer], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _, bad = two_doubles
    profiles = tmp_path / "profiles.toml"
    profiles.write_text(profile_toml("faulty", bad.base_url, "SENDCLOUD_FAULTY", ids="4711"))
    shell = {
        "SENDCLOUD_FAULTY_PUBLIC_KEY": bad.app.public_key,
        "SENDCLOUD_FAULTY_SECRET_KEY": bad.app.secret_key,
    }
    for name, value in shell.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("SENDCLOUD_RATE_LIMIT", "1000/s")

    code = prerelease([str(profiles), "--reports", str(tmp_path / "reports"), "--root", str(ROOT)])

    assert code == exitcodes.BROKEN
    summary = (tmp_path / "reports" / "faulty" / "summary.md").read_text()
    row = next(line for line in summary.splitlines() if line.startswith("| response_schema |"))
    command = row.rsplit("`", 2)[1]
    assert '-u "$SENDCLOUD_FAULTY_PUBLIC_KEY:$SENDCLOUD_FAULTY_SECRET_KEY"' in command
    # The shell that ran pre-release holds the profile's variables, not SENDCLOUD_PUBLIC_KEY.
    answer = subprocess.run(
        ["bash", "-c", command + " --silent --show-error --fail"],
        env={"PATH": os.environ["PATH"], **shell},
        capture_output=True,
        text=True,
        timeout=30,
        check=True,
    ).stdout
    body = json.loads(answer)
    assert body["id"] == int(command.rsplit("/", 1)[1])
    assert "system" not in body


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_unset_keys_and_an_unreachable_api_get_their_own_verdicts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    profiles = tmp_path / "profiles.toml"
    profiles.write_text(
        profile_toml("unset", "https://panel.sendcloud.sc/api/v2", "SENDCLOUD_UNSET", "1")
        + profile_toml("other-prefix", "https://panel.sendcloud.sc/api/v2", "SHOP", "1")
        + profile_toml("down", f"http://127.0.0.1:{closed_port()}/api/v2", "SENDCLOUD_DOWN", "1")
    )
    monkeypatch.setenv("SENDCLOUD_DOWN_PUBLIC_KEY", "public")
    monkeypatch.setenv("SENDCLOUD_DOWN_SECRET_KEY", "secret")

    code = prerelease([str(profiles), "--reports", str(tmp_path / "reports"), "--root", str(ROOT)])

    out = capsys.readouterr().out
    result = rows(out)
    assert code == exitcodes.BAD_INPUT, "a misconfigured profile outranks an unreachable account"
    assert result["unset"][0] == "configuration error"
    assert result["unset"][-1].startswith("SENDCLOUD_UNSET_PUBLIC_KEY is not set: ")
    assert result["other-prefix"][-1].endswith("(tox passes only SENDCLOUD_* variables)")
    assert result["down"][0] == "infrastructure error"
    assert "refused" in result["down"][-1], result["down"]
    # Stopped runs judged nothing: they read "stopped", with the reason as the note.
    assert {row[1] for row in result.values()} == {"stopped"}
    # The note names what the user edits: the profile's base_url, not a variable they never set.
    assert "Check that `base_url` of [profiles.down] names a server that is up" in result["down"][-1]
    assert "SENDCLOUD_BASE_URL" not in out
    unset = (tmp_path / "reports" / "unset" / "summary.md").read_text().splitlines()
    assert unset[0].startswith("# Sendcloud contract: STOPPED (exit 4)")
    assert "SENDCLOUD_UNSET_PUBLIC_KEY is not set" in unset[2]
    assert "Traceback" not in out


def test_the_callers_target_never_reaches_a_run_and_the_callers_run_settings_do() -> None:
    profile = Profile("p", "https://example.com/api/v2", "SENDCLOUD_P_PUBLIC", "SENDCLOUD_P_SECRET", (7,))
    caller = {
        "SENDCLOUD_P_PUBLIC": "pub",
        "SENDCLOUD_P_SECRET": "sec",
        "SENDCLOUD_TOKEN_URL": "https://elsewhere.example/token",
        "SENDCLOUD_OTHER_SECRET_KEY": "not for this run",
        "SENDCLOUD_INTEGRATION_IDS": "1,2",
        "SENDCLOUD_RATE_LIMIT": "2/s",
        "SENDCLOUD_READ_TIMEOUT": "30",
        "PATH": "/bin",
    }
    assert profile.environment(caller) == {
        "PATH": "/bin",
        "SENDCLOUD_RATE_LIMIT": "2/s",
        "SENDCLOUD_READ_TIMEOUT": "30",
        "SENDCLOUD_BASE_URL": "https://example.com/api/v2",
        "SENDCLOUD_PUBLIC_KEY": "pub",
        "SENDCLOUD_SECRET_KEY": "sec",
        "SENDCLOUD_INTEGRATION_IDS": "7",
        "SENDCLOUD_AUTH": "basic",
    }


def test_profiles_of_one_account_never_run_at_the_same_time(monkeypatch: pytest.MonkeyPatch) -> None:
    running: dict[tuple[str, str], int] = {}
    most: dict[tuple[str, str], int] = {}
    lock = threading.Lock()
    environ = {"SENDCLOUD_A_PUBLIC": "a", "SENDCLOUD_B_PUBLIC": "b", "SENDCLOUD_A2_PUBLIC": "a"}
    # Account b's run waits for one of account a's to be under way, and a's first run waits for
    # b's to have looked: run one after the other, b would see no a run.
    a_running, b_looked = threading.Event(), threading.Event()
    b_saw_a: list[bool] = []

    def fake_run(profile: Profile, *, environ: Mapping[str, str], **kwargs: Any) -> Row:
        account = profile.account(environ)
        with lock:
            running[account] = running.get(account, 0) + 1
            most[account] = max(most.get(account, 0), running[account])
        if account[1] == "a":
            a_running.set()
            b_looked.wait(timeout=5)
        else:
            b_saw_a.append(a_running.wait(timeout=5))
            b_looked.set()
        time.sleep(0.01)
        with lock:
            running[account] -= 1
        return Row(profile.name, Outcome.passed())

    monkeypatch.setattr(runner, "run_profile", fake_run)
    profiles = [
        Profile(name, "https://panel.sendcloud.sc/api/v2", f"SENDCLOUD_{key}_PUBLIC", "S", (1,))
        for name, key in (("a", "A"), ("b", "B"), ("a-again", "A2"), ("a-oauth", "A"))
    ]
    result = runner.run_all(profiles, root=ROOT, reports=ROOT, environ=environ, jobs=4, timeout=1)

    assert [row.profile for row in result] == ["a", "b", "a-again", "a-oauth"]
    assert most == {("https://panel.sendcloud.sc", "a"): 1, ("https://panel.sendcloud.sc", "b"): 1}
    assert b_saw_a == [True], "the two accounts must run side by side"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("profiles = [", "not valid TOML"),
        ("", '(top level): "profiles" is a required property; expected [profiles.NAME] tables'),
        ("[profiles]\n", "profiles: {} has less than 1 property"),
        (
            profile_toml("a", "https://x.example", "SENDCLOUD_A", extra='auth = "digest"'),
            'profiles.a.auth: "digest" is not one of "basic" or "oauth2"',
        ),
        (
            profile_toml("a", "https://x.example", "SENDCLOUD_A").replace(
                '"SENDCLOUD_A_PUBLIC_KEY"', '"3f2a9c1e8b7d"'
            ),
            'profiles.a.public_key_env: "3f2a9c1e8b7d" does not match',
        ),
        (
            profile_toml("a", "https://x.example", "SENDCLOUD_A", ids="0"),
            "profiles.a.integration_ids.0: 0 is less than the minimum of 1; expected ids",
        ),
        (
            profile_toml("a", "https://x.example", "SENDCLOUD_A", extra='public_key = "3f2a"'),
            "profiles.a: Additional properties are not allowed ('public_key' was unexpected)",
        ),
        (profile_toml("a", "ftp://x.example", "SENDCLOUD_A"), "profiles.a.base_url='ftp://x.example' is not"),
        (
            profile_toml("a", "https://x.example/api/v2", "SENDCLOUD_A", extra='token_url = "nope"'),
            "profiles.a.token_url='nope' is not an http(s) URL",
        ),
        (
            profile_toml("a", "https://x.example/api", "SENDCLOUD_A"),
            "profiles.a.base_url='https://x.example/api' names no API version: it ends in /api/v2 or /api/v3",
        ),
        (
            profile_toml("a", "https://x.example/api/v2", "SENDCLOUD_A", versions='["v4"]'),
            'profiles.a.versions.0: "v4" is not one of',
        ),
        (profile_toml("../a", "https://x.example", "SENDCLOUD_A"), 'profiles: "../a" does not match'),
    ],
    ids=[
        "toml",
        "empty",
        "no-profiles",
        "auth",
        "key-not-a-name",
        "id",
        "key-itself",
        "base-url",
        "token-url",
        "base-url-without-version",
        "versions",
        "name",
    ],
)
def test_a_bad_profiles_file_stops_with_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str, message: str
) -> None:
    path = tmp_path / "profiles.toml"
    path.write_text(text.replace("[profiles.../a]", '[profiles."../a"]'))

    code = prerelease([str(path), "--reports", str(tmp_path)])

    captured = capsys.readouterr()
    assert code == exitcodes.BAD_INPUT
    assert captured.out == ""
    assert captured.err.startswith(f"ERROR: {path}: ")
    assert captured.err.count("\n") == 1, captured.err
    assert message in captured.err


def test_a_missing_profiles_file_stops_with_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert prerelease([str(tmp_path / "absent.toml"), "--reports", str(tmp_path)]) == exitcodes.BAD_INPUT
    assert "cannot read the profiles" in capsys.readouterr().err


def an_earlier_verification(reports: Path, *profiles: str) -> None:
    """The reports a passing verification of `profiles` left."""
    (reports / "summary.md").parent.mkdir(parents=True, exist_ok=True)
    (reports / "summary.md").write_text(
        "# Pre-release verification: PASS: every account keeps the documented contract (exit 0)\n"
    )
    (reports / "run.json").write_text(json.dumps({"verdict": "pass", "exit_status": 0, "profiles": profiles}))
    (reports / "report.html").write_text("<h1>Pre-release verification: PASS</h1>\n")
    for name in profiles:
        (reports / name).mkdir()
        (reports / name / "summary.md").write_text("# Sendcloud contract: PASS: the API keeps its contract\n")


def test_a_broken_profiles_file_leaves_no_earlier_verdict_standing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    reports = tmp_path / "reports"
    an_earlier_verification(reports, "eu-shop", "nl-shop")
    (reports / "not-a-profile").mkdir()
    broken = tmp_path / "profiles.toml"
    broken.write_text("profiles = [")

    assert prerelease([str(broken), "--reports", str(reports)]) == exitcodes.BAD_INPUT

    summary = (reports / "summary.md").read_text().splitlines()
    assert summary[0] == (
        "# Pre-release verification: STOPPED (exit 4): the run ended early; "
        "nothing is known about any account"
    )
    assert summary[2].startswith(f"**Why:** {broken}: not valid TOML")
    outcome = json.loads((reports / "run.json").read_text())
    assert (outcome["verdict"], outcome["exit_status"], outcome["profiles"]) == ("stopped", 4, [])
    assert outcome["stopped"].startswith(f"{broken}: not valid TOML"), "a stopped verification says why"
    assert sorted(path.name for path in reports.iterdir()) == [
        "not-a-profile",
        "report.html",
        "run.json",
        "summary.md",
    ]
    page = (reports / "report.html").read_text()
    assert "STOPPED (exit 4)" in page
    assert "not valid TOML" in page
    assert "PASS" not in page
    assert capsys.readouterr().err.startswith(f"ERROR: {broken}: not valid TOML")


def test_folders_of_profiles_no_longer_in_the_file_are_removed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    reports = tmp_path / "reports"
    an_earlier_verification(reports, "gone", "kept")
    (reports / "not-a-profile").mkdir()
    profiles = tmp_path / "profiles.toml"
    # Its key is unset: a verdict without a run, in a second.
    profiles.write_text(profile_toml("kept", "https://panel.sendcloud.sc/api/v2", "SENDCLOUD_KEPT", "1"))

    assert prerelease([str(profiles), "--reports", str(reports)]) == exitcodes.BAD_INPUT

    assert sorted(path.name for path in reports.iterdir()) == [
        "kept",
        "not-a-profile",
        "report.html",
        "run.json",
        "summary.md",
    ]
    assert (reports / "kept" / "summary.md").read_text().startswith("# Sendcloud contract: STOPPED (exit 4)")
    assert json.loads((reports / "run.json").read_text())["profiles"] == ["kept"]


def test_the_committed_profiles_file_is_valid() -> None:
    profiles = runner.load_profiles(ROOT / "profiles.toml")
    assert profiles
    variables = [name for profile in profiles for name in (profile.public_key_env, profile.secret_key_env)]
    assert all(name.startswith("SENDCLOUD_") for name in variables), "tox passes only SENDCLOUD_*"


@pytest.mark.parametrize(
    ("outcomes", "code"),
    [
        ([Outcome.passed(), Outcome.passed()], 0),
        ([Outcome.stopped("x", 75), Outcome.stopped("y"), Outcome.failed()], 1),
        ([Outcome.stopped("x", 75), Outcome.stopped("y"), Outcome.passed()], 4),
        ([Outcome.passed(), Outcome.stopped("x", 75)], 75),
        ([Outcome.passed(), Outcome.crashed("x")], 3),
    ],
)
def test_the_aggregate_exit_code_puts_a_broken_contract_first(outcomes: list[Outcome], code: int) -> None:
    result = [Row(f"p{index}", outcome) for index, outcome in enumerate(outcomes)]
    assert verification.verdict(result, accounts=1)[0].exit_code == code


def test_every_misconfigured_run_is_counted_and_the_accounts_apart_from_the_runs() -> None:
    stopped = [Row(f"p{index}", Outcome.stopped("SENDCLOUD_P_PUBLIC_KEY is not set")) for index in range(7)]
    assert verification.verdict(stopped, accounts=4)[1] == "ERROR: a setup mistake stopped 7 of 7 runs"
    passed = [Row(f"p{index}", Outcome.passed()) for index in range(7)]
    assert verification.verdict(passed, accounts=4)[1] == (
        "PASS: every account keeps the documented contract (4 accounts, 7 runs)"
    )


def test_a_run_that_takes_too_long_is_an_infrastructure_error(tmp_path: Path) -> None:
    profile = Profile("slow", "http://127.0.0.1:9/api/v2", "SENDCLOUD_S_PUBLIC", "SENDCLOUD_S_SECRET", (1,))
    environ = {"SENDCLOUD_S_PUBLIC": "p", "SENDCLOUD_S_SECRET": "s"}

    row = runner.run_profile(profile, root=ROOT, reports=tmp_path, environ=environ, timeout=0.01)

    assert row.verdict == "infrastructure error"
    assert row.note.startswith("no verdict within 0.01 s")
    outcome = json.loads((tmp_path / "slow" / "run.json").read_text())
    assert (outcome["verdict"], outcome["exit_status"]) == ("stopped", 75)


def test_the_request_count_lands_in_the_runs_outcome(
    run_suite: SuiteRunner, target_double: DoubleServer, tmp_path: Path
) -> None:
    run_suite("--disable-recording").assert_outcomes(passed=7)

    outcome = json.loads((tmp_path / "reports" / "run.json").read_text())
    assert outcome["requests"] == len(target_double.requests)
    assert (outcome["verdict"], outcome["exit_status"], outcome["stopped"]) == ("pass", 0, None)


def without_time(table: str) -> dict[str, list[str]]:
    """The table's rows less the time column, which no two runs share."""
    return {account: cells[:3] + cells[4:] for account, cells in rows(table).items()}


def test_profiles_run_as_ci_jobs_and_merged_give_the_table_and_code_of_one_local_run(
    two_doubles: tuple[DoubleServer, DoubleServer], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    good, bad = two_doubles
    profiles = tmp_path / "profiles.toml"
    profiles.write_text(
        profile_toml("good", good.base_url, "SENDCLOUD_GOOD")
        + profile_toml("broken", bad.base_url, "SENDCLOUD_BROKEN")
    )
    for prefix, app in (("SENDCLOUD_GOOD", good.app), ("SENDCLOUD_BROKEN", bad.app)):
        monkeypatch.setenv(f"{prefix}_PUBLIC_KEY", app.public_key)
        monkeypatch.setenv(f"{prefix}_SECRET_KEY", app.secret_key)
    monkeypatch.setenv("SENDCLOUD_RATE_LIMIT", "1000/s")
    common = [str(profiles), "--root", str(ROOT)]

    local = prerelease([*common, "--reports", str(tmp_path / "local")])
    # Each CI job holds one account; here their folders lie inside the merged one, as a team may
    # leave them on one machine (`--reports reports/prerelease/NAME`).
    merged = tmp_path / "merged"
    jobs = [merged / "good", merged / "broken"]
    for name, folder in zip(("good", "broken"), jobs, strict=True):
        assert prerelease([*common, "--profile", name, "--reports", str(folder)]) in (0, 1)
        shutil.copytree(folder, tmp_path / "jobs" / name)
    code = prerelease([*common, "--merge", *map(str, jobs), "--reports", str(merged)])

    assert local == code == exitcodes.BROKEN
    table = (merged / "summary.md").read_text()
    assert without_time(table) == without_time((tmp_path / "local" / "summary.md").read_text())
    assert table.splitlines()[0] == (tmp_path / "local" / "summary.md").read_text().splitlines()[0]
    # Each run's own folder, beside the table, as a local run leaves it: the page's links work.
    assert (merged / "good" / "summary.md").read_text().startswith("# Sendcloud contract: PASS")
    assert (merged / "broken" / "summary.md").read_text().startswith("# Sendcloud contract: FAIL")
    assert '<a href="good/report.html">good</a>' in (merged / "report.html").read_text()
    assert not [path.name for path in merged.iterdir() if path.name.startswith(".merging")]

    # A job that left no report (its artifact never came): a row that says so, never a pass.
    shutil.rmtree(tmp_path / "jobs" / "broken")
    after = tmp_path / "after"
    code = prerelease(
        [
            *common,
            "--merge",
            *(str(tmp_path / "jobs" / name) for name in ("good", "broken")),
            "--reports",
            str(after),
        ]
    )

    assert code == exitcodes.INFRASTRUCTURE
    result = rows((after / "summary.md").read_text())
    assert result["good"][0] == "pass"
    assert result["broken"][0] == "infrastructure error"
    assert result["broken"][-1].startswith("missing: no job left a report of this run")
    assert "--profile broken" in result["broken"][-1]
    assert json.loads((after / "run.json").read_text())["verdict"] == "stopped"


def test_a_job_killed_mid_run_is_no_verdict_in_the_merge(tmp_path: Path) -> None:
    profiles = tmp_path / "profiles.toml"
    profiles.write_text(profile_toml("shop", "https://panel.sendcloud.sc/api/v2", "SENDCLOUD_SHOP"))
    job = tmp_path / "job" / "shop"
    job.mkdir(parents=True)
    # What a run's folder says while it runs, left so by a CI job that was cancelled or timed out.
    (job / "run.json").write_text(json.dumps({"verdict": "running", "exit_status": None}))

    code = prerelease(
        [str(profiles), "--merge", str(tmp_path / "job"), "--reports", str(tmp_path / "merged")]
    )

    assert code == exitcodes.INFRASTRUCTURE
    row = rows((tmp_path / "merged" / "summary.md").read_text())["shop"]
    assert row[0] == "infrastructure error"
    assert row[-1].startswith("no verdict: the job ended before this run wrote one")


def test_several_profiles_make_one_job_and_an_unknown_one_is_a_setup_mistake(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    profiles = tmp_path / "profiles.toml"
    profiles.write_text(
        profile_toml("a", "https://panel.sendcloud.sc/api/v2", "SENDCLOUD_A", versions='["v2", "v3"]')
        + profile_toml("b", "https://panel.sendcloud.sc/api/v2", "SENDCLOUD_B")
        + profile_toml("c", "https://panel.sendcloud.sc/api/v2", "SENDCLOUD_C")
    )
    reports = tmp_path / "reports"
    # Their keys are unset: each run is a row in a second, and says which runs the job made.
    code = prerelease([str(profiles), "--profile", "c", "--profile", "a", "--reports", str(reports)])

    assert code == exitcodes.BAD_INPUT
    assert list(rows((reports / "summary.md").read_text())) == ["a", "a-v3", "c"]
    capsys.readouterr()
    assert prerelease([str(profiles), "--profile", "d", "--reports", str(reports)]) == exitcodes.BAD_INPUT
    assert "no profile 'd'; its profiles are a, b, c" in capsys.readouterr().err
