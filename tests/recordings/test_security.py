"""No credential is written to a file or printed: keys, their Basic form, tokens, cookies."""

from __future__ import annotations

import base64
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pytest

from sendcloud_contracts.double import DoubleApp, Reply
from sendcloud_contracts.redaction import FILTERED, Secrets

from ..conftest import forget_live_target

if TYPE_CHECKING:
    from pathlib import Path

    from sendcloud_contracts.double import DoubleServer, Request

    from ..conftest import SuiteRunner

PUBLIC_KEY = "pk-7f3a9c2e51d84b06"
SECRET_KEY = "sk-b84d0e6f29a1c375"
SESSION_COOKIE = "sessionid-0c9e4471aa6b"


@dataclass
class CookieApp(DoubleApp):
    """Sets a session cookie on every answer, as Django-based APIs may."""

    drop: str | None = None

    def handle(self, request: Request) -> Reply:
        reply = super().handle(request)
        reply.headers["Set-Cookie"] = f"sessionid={SESSION_COOKIE}; HttpOnly; Path=/"
        if self.drop and reply.status == 200 and b'"id"' in reply.body:
            import json

            payload = json.loads(reply.body)
            payload.pop(self.drop, None)
            reply.body = json.dumps(payload, separators=(",", ":")).encode()
        return reply


def secrets_of(double: DoubleServer) -> list[str]:
    pair = base64.b64encode(f"{PUBLIC_KEY}:{SECRET_KEY}".encode()).decode()
    tokens = list(double.app.tokens)
    return [PUBLIC_KEY, SECRET_KEY, pair, SESSION_COOKIE, *tokens]


def files_under(*folders: Path) -> dict[Path, str]:
    return {
        path: path.read_bytes().decode("utf-8", "replace")
        for folder in folders
        for path in folder.rglob("*")
        if path.is_file()
    }


def assert_no_secret(texts: dict[str, str], secrets: list[str]) -> None:
    leaks = [(where, secret) for where, text in texts.items() for secret in secrets if secret in text]
    assert not leaks, leaks


@pytest.fixture
def double_app() -> DoubleApp:
    return CookieApp(public_key=PUBLIC_KEY, secret_key=SECRET_KEY)


@pytest.mark.parametrize("auth", ["basic", "oauth2"])
def test_a_recording_writes_no_credential_anywhere(
    run_suite: SuiteRunner,
    target_double: DoubleServer,
    pytester: pytest.Pytester,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    auth: str,
) -> None:
    monkeypatch.setenv("SENDCLOUD_AUTH", auth)
    result = run_suite("--record-mode=rewrite", f"--junitxml={tmp_path / 'reports' / 'junit.xml'}", "-rA")
    result.assert_outcomes(passed=7)
    secrets = secrets_of(target_double)
    assert len(secrets) == (5 if auth == "oauth2" else 4), "the run must have used a token"

    written = files_under(tmp_path, pytester.path)
    assert any(path.name == "junit.xml" for path in written)
    assert any(path.suffix == ".yaml" for path in written)
    # report.html, and the history of verdicts beside the report folders.
    assert any(path.name == "report.html" for path in written)
    assert any(path.parent.name == "history" for path in written)
    printed = {"stdout": result.stdout.str(), "stderr": result.stderr.str()}
    assert_no_secret({str(path): text for path, text in written.items()} | printed, secrets)

    # What was scrubbed still replays: the suite sends placeholders of the recorded kind.
    forget_live_target(monkeypatch)
    assert run_suite().ret == pytest.ExitCode.OK


@pytest.mark.parametrize("auth", ["basic", "oauth2"])
def test_a_failing_run_prints_no_credential(
    run_suite: SuiteRunner,
    target_double: DoubleServer,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    auth: str,
) -> None:
    target_double.app.drop = "system"  # type: ignore[attr-defined]
    monkeypatch.setenv("SENDCLOUD_AUTH", auth)
    junit = tmp_path / "junit.xml"
    result = run_suite("--disable-recording", f"--junitxml={junit}", "-rA", "--tb=long")
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    output = result.stdout.str() + result.stderr.str()
    # Each failure's curl reproduction names the variables holding the credentials, never their values.
    credentials = {
        "basic": '-u "$SENDCLOUD_PUBLIC_KEY:$SENDCLOUD_SECRET_KEY"',
        "oauth2": '--oauth2-bearer "$SENDCLOUD_TOKEN"',
    }
    assert f"curl -X GET {credentials[auth]} " in output
    # report.html shows each failure's request and answer, headers included; the history its fingerprints.
    page = (tmp_path / "reports" / "report.html").read_text()
    assert "set-cookie: [filtered]" in page.lower()
    (history,) = (tmp_path / "history").iterdir()
    texts = {"output": output, "junit": junit.read_text(), "report.html": page}
    assert_no_secret(texts | {"history": history.read_text()}, secrets_of(target_double))


def test_allure_results_hold_no_credential(
    run_suite: SuiteRunner, target_double: DoubleServer, tmp_path: Path
) -> None:
    target_double.app.drop = "system"  # type: ignore[attr-defined]
    results = tmp_path / "allure-results"
    outcome = run_suite("--disable-recording", "-p", "allure_pytest.plugin", f"--alluredir={results}")
    assert outcome.ret == pytest.ExitCode.TESTS_FAILED
    written = files_under(results)
    failed = [
        text for path, text in written.items() if path.name.endswith("-result.json") and '"failed"' in text
    ]
    assert failed, "Allure wrote no result of the failing tests"
    # schemathesis' own reproduction in the exception text carried the Authorization header.
    assert any("Authorization: [Filtered]" in text for text in written.values())
    assert_no_secret({str(path): text for path, text in written.items()}, secrets_of(target_double))


def test_no_cookie_is_kept_between_requests(run_suite: SuiteRunner, target_double: DoubleServer) -> None:
    run_suite("--disable-recording").assert_outcomes(passed=7)
    assert not any(request.header("Cookie") for request in target_double.requests)


def test_secrets_are_redacted_in_every_form() -> None:
    secrets = Secrets()
    secrets.add_key_pair("my public", "my/secret")
    secrets.add("tok")  # too short to redact safely
    pair = base64.b64encode(b"my public:my/secret").decode()
    quoted = base64.b64encode(b"my%20public:my/secret").decode()
    text = f"key my public, secret my/secret, basic {pair}, quoted {quoted}, tok"
    assert (
        secrets.redact(text) == f"key {FILTERED}, secret {FILTERED}, basic {FILTERED}, quoted {FILTERED}, tok"
    )


@pytest.mark.parametrize(
    "line",
    [
        "curl -X GET -H 'Authorization: Bearer abc.def' http://x",
        "headers={'Authorization': 'Basic Zm9vOmJhcg=='}",
        "Proxy-Authorization: Basic Zm9vOmJhcg==",
    ],
)
def test_authorization_values_are_filtered_whatever_they_are(line: str) -> None:
    redacted = Secrets().redact(line)
    assert "abc.def" not in redacted
    assert "Zm9vOmJhcg==" not in redacted
    assert FILTERED in redacted
