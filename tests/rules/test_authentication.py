"""Each part of the credentials is probed on its own, and each probe prints a reproduction that runs."""

from __future__ import annotations

import os
import subprocess
from typing import TYPE_CHECKING

import pytest

from sendcloud_contracts.double.catalogue.faults import playing

if TYPE_CHECKING:
    from sendcloud_contracts.double import DoubleServer

    from ..conftest import SuiteRunner


@pytest.mark.parametrize(
    ("double_app", "auth", "probe"),
    [
        (
            playing("right-key-any-secret"),
            "basic",
            "GET /api/v2/integrations/5 with the right public key",
        ),
        (
            playing("credentials-under-any-scheme"),
            "basic",
            "GET /api/v2/integrations/5 with the right credentials under the Bearer scheme",
        ),
        (
            playing("token-for-a-wrong-secret"),
            "oauth2",
            "POST /oauth2/token/ with the right client id and a wrong secret",
        ),
    ],
    ids=["wrong-secret", "other-scheme", "token"],
)
def test_a_probe_that_got_in_prints_a_reproduction_that_gets_in_again(
    run_suite: SuiteRunner,
    target_double: DoubleServer,
    monkeypatch: pytest.MonkeyPatch,
    auth: str,
    probe: str,
) -> None:
    monkeypatch.setenv("SENDCLOUD_AUTH", auth)
    result = run_suite("--disable-recording", "-k", "test_each_part_of_the_credentials_is_checked")
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    lines = result.outlines
    assert any(line.startswith(f"[authentication] {probe}") and ": Received: 200" in line for line in lines)
    printed = [line.strip() for line in lines if line.strip().startswith("curl ")]
    command = next(line for line in printed if ("POST" in line) == (auth == "oauth2"))
    app = target_double.app
    assert app.public_key not in command
    assert app.secret_key not in command
    # The shell holds the keys under the variables the command names.
    keys = {"SENDCLOUD_PUBLIC_KEY": app.public_key, "SENDCLOUD_SECRET_KEY": app.secret_key}
    answer = subprocess.run(
        ["bash", "-c", f"{command} --silent --output /dev/null --write-out '%{{http_code}}'"],
        env={"PATH": os.environ["PATH"], **keys},
        capture_output=True,
        text=True,
        timeout=30,
        check=True,
    )
    assert answer.stdout == "200", (command, answer.stderr)


@pytest.mark.parametrize("auth", ["basic", "oauth2"])
def test_the_faithful_double_refuses_every_part_on_its_own(
    run_suite: SuiteRunner, target_double: DoubleServer, monkeypatch: pytest.MonkeyPatch, auth: str
) -> None:
    monkeypatch.setenv("SENDCLOUD_AUTH", auth)
    result = run_suite("--disable-recording", "-k", "test_each_part_of_the_credentials_is_checked")
    result.assert_outcomes(passed=1)
    probes = [
        request
        for request in target_double.requests
        if request.header(
            "Authorization",
        )
        is not None
    ]
    posts = [request for request in probes if request.method == "POST"]
    # The token fetched once with the right credentials, and three probes of the token endpoint.
    assert len(posts) == (4 if auth == "oauth2" else 0)
