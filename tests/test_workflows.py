"""The GitHub Actions workflows: pinned, bounded, cancellable, and calling tox envs that exist."""

from __future__ import annotations

import configparser
import json
import re
import tomllib
from typing import Any

import pytest
import yaml

from sendcloud_contracts.prerelease.command import main as prerelease

from .conftest import ROOT

WORKFLOWS = ROOT / ".github" / "workflows"
PINNED = re.compile(r"^[\w.-]+/[\w./-]+@[0-9a-f]{40}$")
VERSION_COMMENT = re.compile(r"uses:\s*\S+@[0-9a-f]{40}\s+# v\d+\.\d+\.\d+\s*$")
TOX_CALL = re.compile(r"tox -e (\$\{\{[^}]*\}\}|\S+)")
MATRIX_VALUE = re.compile(r"^\$\{\{\s*matrix\.(\w+)\s*\}\}$")


def load(name: str) -> dict[str, Any]:
    document = yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))
    # YAML 1.1 reads the key `on` as the boolean True.
    if True in document:
        document["on"] = document.pop(True)
    return dict(document)


def steps(workflow: dict[str, Any]) -> list[dict[str, Any]]:
    return [step for job in workflow["jobs"].values() for step in job.get("steps", [])]


def tox_envs() -> set[str]:
    parser = configparser.ConfigParser(interpolation=None)
    parser.read(ROOT / "tox.ini", encoding="utf-8")
    return {
        section.removeprefix("testenv:") for section in parser.sections() if section.startswith("testenv:")
    }


ALL = sorted(path.name for path in WORKFLOWS.glob("*.yml"))


def test_every_workflow_exists() -> None:
    assert {"ci.yml", "nightly.yml", "mutation.yml", "prerelease.yml"} <= set(ALL)


@pytest.mark.parametrize("name", ALL)
def test_every_action_is_pinned_to_a_commit_with_its_version_named(name: str) -> None:
    workflow = load(name)
    uses = [step["uses"] for step in steps(workflow) if "uses" in step]
    assert uses, "a workflow without actions checks out nothing"
    assert all(PINNED.match(action) for action in uses), uses
    lines = [line for line in (WORKFLOWS / name).read_text().splitlines() if "uses:" in line]
    assert all(VERSION_COMMENT.search(line) for line in lines), lines


@pytest.mark.parametrize("name", ALL)
def test_every_job_has_a_timeout(name: str) -> None:
    for job_name, job in load(name)["jobs"].items():
        assert isinstance(job.get("timeout-minutes"), int), f"{name}: job {job_name} has no timeout-minutes"


@pytest.mark.parametrize("name", ALL)
def test_superseded_runs_are_cancelled(name: str) -> None:
    concurrency = load(name)["concurrency"]
    assert concurrency["cancel-in-progress"] is True
    assert "github.workflow" in concurrency["group"]


@pytest.mark.parametrize("name", ALL)
def test_permissions_are_read_only(name: str) -> None:
    workflow = load(name)
    assert workflow["permissions"] == {"contents": "read"}
    assert all("permissions" not in job for job in workflow["jobs"].values())


@pytest.mark.parametrize("name", ALL)
def test_every_tox_env_called_exists(name: str) -> None:
    known = tox_envs()
    called = set()
    for job in load(name)["jobs"].values():
        matrix = job.get("strategy", {}).get("matrix", {})
        for step in job.get("steps", []):
            for env in TOX_CALL.findall(step.get("run", "")):
                variable = MATRIX_VALUE.match(env)
                called |= set(matrix[variable.group(1)]) if variable else {env}
    assert called, f"{name} runs no tox env"
    assert called <= known, f"{name} calls tox envs missing from tox.ini: {sorted(called - known)}"


def test_ci_runs_on_push_and_pull_request_with_lint_tests_and_replay() -> None:
    workflow = load("ci.yml")
    assert {"push", "pull_request"} <= set(workflow["on"])
    runs = " ".join(step.get("run", "") for step in steps(workflow))
    matrix = {env for job in workflow["jobs"].values() for env in job["strategy"]["matrix"]["env"]}
    assert matrix == {"lint", "tests", "contracts", "docs"}
    assert "tox -e ${{ matrix.env }}" in runs
    assert "secrets." not in (WORKFLOWS / "ci.yml").read_text()


def test_nightly_runs_on_a_schedule_and_by_hand() -> None:
    triggers = load("nightly.yml")["on"]
    assert triggers["schedule"][0]["cron"]
    assert "workflow_dispatch" in triggers


def test_nightly_passes_secrets_through_the_environment_only() -> None:
    workflow = load("nightly.yml")
    env = {name: value for job in workflow["jobs"].values() for name, value in job.get("env", {}).items()}
    assert env["SENDCLOUD_PUBLIC_KEY"] == "${{ secrets.SENDCLOUD_PUBLIC_KEY }}"
    assert env["SENDCLOUD_SECRET_KEY"] == "${{ secrets.SENDCLOUD_SECRET_KEY }}"
    assert "SENDCLOUD_INTEGRATION_IDS" in env
    for step in steps(workflow):
        assert "secrets." not in str(step.get("run", "")) + str(step.get("with", "")), step


def test_nightly_publishes_the_live_summary_and_the_drift_report_side_by_side_and_uploads_both() -> None:
    workflow = load("nightly.yml")
    runs = "\n".join(step.get("run", "") for step in steps(workflow))
    assert "tox -e live" in runs
    assert "tox -e drift" in runs
    # Each run reports into its own folder; a --junitxml into a shared one would be overwritten.
    assert "--junitxml" not in runs
    summary = next(step for step in steps(workflow) if "$GITHUB_STEP_SUMMARY" in step.get("run", ""))
    assert summary.get("if") == "always()"
    for report in ("live/summary.md", "drift/drift.md", "live-v3/summary.md", "drift-v3/drift.md"):
        assert f"reports/{report}" in summary["run"]
    uploads = [
        step for step in steps(workflow) if step.get("uses", "").startswith("actions/upload-artifact@")
    ]
    assert uploads
    for step in uploads:
        assert step.get("if") == "always()"
        assert set(step["with"]["path"].split()) == {
            "reports/live/",
            "reports/drift/",
            "reports/live-v3/",
            "reports/drift-v3/",
            "reports/docdiff/",
            "reports/history/",
        }
    # The job summary names the pages to open, and where the artifact is.
    assert "live/report.html" in summary["run"]
    assert summary["env"]["REPORTS_URL"] == "${{ steps.upload.outputs.artifact-url }}"
    assert steps(workflow).index(uploads[0]) < steps(workflow).index(summary)


def test_the_nights_history_is_restored_before_the_live_run_and_kept_after_every_night() -> None:
    night = steps(load("nightly.yml"))
    names = [step.get("uses", step.get("run", "")) for step in night]
    restore = next(i for i, name in enumerate(names) if name.startswith("actions/cache/restore@"))
    live = next(i for i, name in enumerate(names) if "tox -e live" in name)
    save = next(i for i, name in enumerate(names) if name.startswith("actions/cache/save@"))
    assert restore < live < save
    assert night[save].get("if") == "always()"
    assert night[restore]["with"]["path"] == night[save]["with"]["path"] == "reports/history/"
    # Each night saves under a key of its own; the next restores the latest by the common prefix.
    assert night[save]["with"]["key"].startswith(night[restore]["with"]["restore-keys"])


def test_drift_runs_even_when_the_live_run_failed() -> None:
    drift = next(step for step in steps(load("nightly.yml")) if "tox -e drift" in step.get("run", ""))
    assert drift.get("if") == "${{ !cancelled() }}"


def test_the_night_runs_api_v3_after_v2_whatever_v2_found_aimed_at_v3_and_compared_with_v2() -> None:
    night = steps(load("nightly.yml"))
    runs = [step.get("run", "") for step in night]
    order = [
        next(i for i, run in enumerate(runs) if f"tox -e {env}" == run.split("python -m ", 1)[-1])
        for env in ("live", "drift", "live-v3", "drift-v3")
    ]
    assert order == sorted(order)
    for step in (night[order[2]], night[order[3]]):
        assert step.get("if") == "${{ !cancelled() }}"
        # The job's SENDCLOUD_BASE_URL is v2's: the v3 steps name v3's, and compare with v2's.
        assert step["env"] == {
            "SENDCLOUD_BASE_URL": "${{ vars.SENDCLOUD_V3_BASE_URL }}",
            "SENDCLOUD_V2_BASE_URL": "${{ vars.SENDCLOUD_BASE_URL }}",
        }


def test_mutation_runs_weekly_and_by_hand_never_on_push() -> None:
    triggers = load("mutation.yml")["on"]
    _minute, _hour, day_of_month, month, day_of_week = triggers["schedule"][0]["cron"].split()
    assert (day_of_month, month) == ("*", "*")
    assert day_of_week.isdigit()
    assert "workflow_dispatch" in triggers
    assert not {"push", "pull_request"} & set(triggers)


def test_mutation_puts_the_score_in_the_job_summary_even_when_under_the_floor() -> None:
    workflow = load("mutation.yml")
    runs = "\n".join(step.get("run", "") for step in steps(workflow))
    assert "tox -e mutation" in runs
    summary = next(step for step in steps(workflow) if "$GITHUB_STEP_SUMMARY" in step.get("run", ""))
    assert summary.get("if") == "always()"
    assert "reports/mutation.md" in summary["run"]
    assert "secrets." not in (WORKFLOWS / "mutation.yml").read_text()


def test_mutation_writes_the_summary_the_workflow_reads() -> None:
    parser = configparser.ConfigParser(interpolation=None)
    parser.read(ROOT / "tox.ini", encoding="utf-8")
    assert "--markdown {toxinidir}/reports/mutation.md" in parser["testenv:mutation"]["commands"]


def test_push_ci_stays_without_mutation_testing() -> None:
    assert "mutation" not in (WORKFLOWS / "ci.yml").read_text()
    assert "mutation" not in (ROOT / ".ci" / "run").read_text()


def prerelease_jobs() -> dict[str, Any]:
    return dict(load("prerelease.yml")["jobs"])


def test_prerelease_runs_by_hand_before_a_release() -> None:
    triggers = load("prerelease.yml")["on"]
    assert "workflow_dispatch" in triggers
    assert not {"push", "pull_request", "schedule"} & set(triggers)


def test_prerelease_fans_the_accounts_of_profiles_toml_out_one_job_each() -> None:
    jobs = prerelease_jobs()
    listing = next(step for step in jobs["profiles"]["steps"] if step.get("id") == "matrix")
    assert "python -m sendcloud_contracts.prerelease --matrix" in listing["run"]
    assert '>> "$GITHUB_OUTPUT"' in listing["run"]
    assert jobs["profiles"]["outputs"]["matrix"] == "${{ steps.matrix.outputs.matrix }}"
    verify = jobs["verify"]
    assert verify["needs"] == "profiles"
    # The matrix is whatever profiles.toml holds, never a list kept in the workflow.
    assert verify["strategy"]["matrix"] == "${{ fromJSON(needs.profiles.outputs.matrix) }}"
    assert verify["strategy"]["fail-fast"] is False
    run = next(step["run"] for step in verify["steps"] if "tox -e prerelease" in step.get("run", ""))
    assert 'chosen+=(--profile "$name")' in run
    assert '--reports "reports/prerelease/$ACCOUNT"' in run
    upload = next(
        step for step in verify["steps"] if step.get("uses", "").startswith("actions/upload-artifact@")
    )
    assert upload.get("if") == "always()"
    assert upload["with"]["path"] == "reports/prerelease/${{ matrix.account }}/"
    assert upload["with"]["name"] == "prerelease-account-${{ matrix.account }}"


def test_each_prerelease_job_holds_its_own_accounts_two_keys_and_no_other_secret() -> None:
    # What the workflow says, its comments aside.
    text = json.dumps(load("prerelease.yml"))
    # Named literally: an expression indexing `secrets` would hand the runner every secret it can see.
    assert set(re.findall(r"\bsecrets\b\W?\w*", text)) == {
        "secrets.PRERELEASE_PUBLIC_KEY",
        "secrets.PRERELEASE_SECRET_KEY",
    }
    jobs = prerelease_jobs()
    # Environments of their own: one account's job cannot see another account's keys.
    assert jobs["verify"]["environment"] == "prerelease-${{ matrix.account }}"
    for name, job in jobs.items():
        assert "secrets." not in str(job.get("env", "")), name
        for step in job["steps"]:
            assert "secrets." not in str(step.get("run", "")) + str(step.get("with", "")), step
            if "secrets." in str(step.get("env", "")):
                assert name == "verify"
                assert "tox -e prerelease" in step["run"], "the keys reach the verification's step only"


def test_the_merge_runs_after_every_account_and_ends_with_the_merges_code() -> None:
    jobs = prerelease_jobs()
    merge = jobs["merge"]
    assert "verify" in merge["needs"]
    assert merge.get("if") == "always()", "an account whose job failed or was cancelled still gets its row"
    names = [step.get("uses", step.get("run", "")) for step in merge["steps"]]
    download = next(i for i, name in enumerate(names) if name.startswith("actions/download-artifact@"))
    merged = next(i for i, name in enumerate(names) if "--merge" in name)
    assert download < merged
    assert merge["steps"][download]["with"]["pattern"] == "prerelease-account-*"
    assert merge["steps"][download]["with"]["path"] == "jobs/"
    assert "python -m tox -e prerelease -- --merge jobs jobs/*/" in merge["steps"][merged]["run"]
    # Its exit code is the job's: nothing softens it.
    assert all("continue-on-error" not in step for job in jobs.values() for step in job["steps"])
    assert "|| true" not in merge["steps"][merged]["run"]
    summary = next(step for step in merge["steps"] if "$GITHUB_STEP_SUMMARY" in step.get("run", ""))
    assert summary.get("if") == "always()"
    assert "reports/prerelease/summary.md" in summary["run"]
    upload = next(
        step for step in merge["steps"] if step.get("uses", "").startswith("actions/upload-artifact@")
    )
    assert upload.get("if") == "always()"
    assert upload["with"]["path"] == "reports/prerelease/"
    # The merged artifact is never taken for an account's on a job's re-run.
    assert not upload["with"]["name"].startswith("prerelease-account-")


def test_the_matrix_has_one_job_per_account_of_the_committed_profiles(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert prerelease(["--matrix", str(ROOT / "profiles.toml")]) == 0
    matrix = json.loads(capsys.readouterr().out)
    tables = tomllib.loads((ROOT / "profiles.toml").read_text(encoding="utf-8"))["profiles"]
    listed = [name for job in matrix["include"] for name in job["profiles"].split()]
    assert sorted(listed) == sorted(tables)
    for job in matrix["include"]:
        names = job["profiles"].split()
        assert job["account"] == names[0]
        for name in names:
            assert tables[name]["public_key_env"] == job["public_key_env"]
            assert tables[name]["secret_key_env"] == job["secret_key_env"]
    # Profiles of one account share a job: its rate limit is theirs together.
    assert {"eu-shop", "eu-shop-oauth2"} <= set(matrix["include"][0]["profiles"].split())
