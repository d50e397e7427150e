"""The reference double: what it answers, over real HTTP."""

from __future__ import annotations

import os
import socket
import struct
import subprocess
import sys
import time
from typing import TYPE_CHECKING

import pytest
import requests

from sendcloud_contracts.double import DoubleApp, DoubleServer, Request
from sendcloud_contracts.double.base import DEFAULT_PUBLIC_KEY, DEFAULT_SECRET_KEY
from sendcloud_contracts.exitcodes import BAD_INPUT

if TYPE_CHECKING:
    from pathlib import Path

KEYS = (DEFAULT_PUBLIC_KEY, DEFAULT_SECRET_KEY)


def test_a_seeded_integration_is_served_as_documented(double: DoubleServer) -> None:
    response = requests.get(f"{double.base_url}/integrations/123", auth=KEYS, timeout=5)
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/json"
    assert response.json()["shop_name"] == "Integration #1"
    assert [(request.method, request.path) for request in double.requests] == [
        ("GET", "/api/v2/integrations/123")
    ]


@pytest.mark.parametrize(
    ("auth", "message"),
    [(None, "Authentication credentials were not provided."), (("x", "y"), "Invalid username/password.")],
)
def test_requests_without_valid_credentials_get_401_in_the_envelope(
    double: DoubleServer, auth: tuple[str, str] | None, message: str
) -> None:
    response = requests.get(f"{double.base_url}/integrations/123", auth=auth, timeout=5)
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"] == "Bearer"
    assert response.json() == {
        "error": {"code": 401, "request": "api/v2/integrations/123", "message": message}
    }


@pytest.mark.parametrize("raw_id", ["1", "0", "-1", "1.5", "abc", "%C3%A9"])
def test_unknown_ids_get_404_in_the_envelope(double: DoubleServer, raw_id: str) -> None:
    response = requests.get(f"{double.base_url}/integrations/{raw_id}", auth=KEYS, timeout=5)
    assert response.status_code == 404
    assert response.json()["error"]["code"] == 404
    assert response.json()["error"]["request"] == f"api/v2/integrations/{raw_id}"


# PUT, PATCH and DELETE are served (`test_double_writes.py`), though `Allow` names PUT only, as the
# real API's does.
@pytest.mark.parametrize("method", ["POST", "TRACE", "QUERY"])
def test_other_methods_get_405_with_allow(double: DoubleServer, method: str) -> None:
    response = requests.request(method, f"{double.base_url}/integrations/123", auth=KEYS, timeout=5)
    assert response.status_code == 405
    assert response.headers["Allow"] == "GET, PUT, HEAD, OPTIONS"


def test_head_and_options(double: DoubleServer) -> None:
    head = requests.head(f"{double.base_url}/integrations/123", auth=KEYS, timeout=5)
    assert head.status_code == 200
    assert head.content == b""
    options = requests.options(f"{double.base_url}/integrations/123", auth=KEYS, timeout=5)
    assert options.status_code == 200
    assert options.headers["Allow"] == "GET, PUT, HEAD, OPTIONS"
    # Django REST framework's description of the view, as the real API answers OPTIONS.
    assert set(options.json()) == {"name", "description", "renders", "parses"}


def test_paths_outside_the_api_are_404(double: DoubleServer) -> None:
    elsewhere = requests.get(f"{double.origin}/elsewhere", timeout=5)
    # The host's web panel answers there, not the API: an HTML page, not the v2 envelope.
    assert (elsewhere.status_code, elsewhere.headers["Content-Type"]) == (404, "text/html; charset=utf-8")
    assert requests.get(f"{double.base_url}/parcels", auth=KEYS, timeout=5).status_code == 404


def _token(
    double: DoubleServer, auth: tuple[str, str] = KEYS, grant: str = "client_credentials"
) -> requests.Response:
    return requests.post(double.token_url, data={"grant_type": grant, "scope": "api"}, auth=auth, timeout=5)


def test_oauth2_tokens_authenticate_until_they_expire(double: DoubleServer) -> None:
    double.app.token_lifetime = 0.2
    answer = _token(double)
    assert answer.status_code == 200
    assert answer.json()["token_type"] == "Bearer"
    bearer = {"Authorization": f"Bearer {answer.json()['access_token']}"}
    assert requests.get(f"{double.base_url}/integrations/123", headers=bearer, timeout=5).status_code == 200
    time.sleep(0.3)
    assert requests.get(f"{double.base_url}/integrations/123", headers=bearer, timeout=5).status_code == 401


def test_the_token_endpoint_refuses_bad_clients_and_grants(double: DoubleServer) -> None:
    assert _token(double, auth=("x", "y")).json() == {"error": "invalid_client"}
    assert _token(double, grant="password").json() == {"error": "unsupported_grant_type"}
    assert requests.get(double.token_url, timeout=5).status_code == 405


def test_malformed_basic_credentials_are_rejected() -> None:
    request = Request("GET", "/api/v2/integrations/123", "", {"Authorization": "Basic %%%"})
    assert DoubleApp().handle(request).status == 401


def test_the_command_line_runs_a_command_against_the_double() -> None:
    command = [
        sys.executable,
        "-c",
        "import os, requests; r = requests.get(os.environ['SENDCLOUD_BASE_URL'] + '/integrations/4711',"
        " auth=(os.environ['SENDCLOUD_PUBLIC_KEY'], os.environ['SENDCLOUD_SECRET_KEY']), timeout=5);"
        " print(r.status_code, os.environ['SENDCLOUD_INTEGRATION_IDS'])",
    ]
    result = subprocess.run(
        [sys.executable, "-m", "sendcloud_contracts.double", "--port", "0", "--", *command],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "200 5,123,4711,90210"


def test_the_command_line_says_when_the_port_is_taken(double: DoubleServer) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "sendcloud_contracts.double", "--port", str(double.port)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == BAD_INPUT
    assert f"cannot listen on 127.0.0.1:{double.port}" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_command_that_does_not_exist_is_one_line_and_bad_input() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "sendcloud_contracts.double", "--port", "0", "--", "no-such-command-here"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == BAD_INPUT
    assert result.stderr == "ERROR: command not found: no-such-command-here; check the command after `--`\n"


def test_pytest_in_the_command_is_the_doubles_own(tmp_path: Path) -> None:
    """`-- pytest ...` runs with the double's interpreter even when no `pytest` is on PATH."""
    (tmp_path / "test_target.py").write_text(
        "import os\n\ndef test_target():\n    assert os.environ['SENDCLOUD_BASE_URL'].startswith('http://127.0.0.1:')\n"
    )
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "sendcloud_contracts.double",
            "--port",
            "0",
            "--",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        cwd=tmp_path,
        env={**os.environ, "PATH": "/nonexistent"},
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 passed" in result.stdout


def test_a_client_that_hangs_up_leaves_no_traceback(capsys: pytest.CaptureFixture[str]) -> None:
    with DoubleServer() as server:
        client = socket.create_connection(("127.0.0.1", server.port))
        client.sendall(b"GET /api/v2/integrations/1 HTTP/1.1\r\n")
        # Linger 0 closes with a reset, as a pooled socket dropped mid-request does.
        client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        client.close()
        time.sleep(0.2)
    assert "Traceback" not in capsys.readouterr().err
