from __future__ import annotations

import json
from typing import TYPE_CHECKING

import pytest
from vcr.request import Request as VcrRequest

from sendcloud_contracts.errors import RecordingError
from sendcloud_contracts.http.settings import REPLAY_PUBLIC_KEY
from sendcloud_contracts.recordings.vcr_setup import (
    METADATA_FILE,
    RecordingMetadata,
    read_metadata,
    scrub_request,
    scrub_response,
    write_metadata,
)
from sendcloud_contracts.redaction import FILTERED

if TYPE_CHECKING:
    from pathlib import Path


def test_client_secrets_in_a_form_body_are_blanked() -> None:
    request = VcrRequest(
        "POST", "https://t.example/token/", b"grant_type=client_credentials&client_secret=s3cr3t", {}
    )
    assert scrub_request(request).body == b"grant_type=client_credentials&client_secret=%5BFiltered%5D"


def test_a_body_without_secrets_is_left_alone() -> None:
    request = VcrRequest("POST", "https://t.example/token/", b"grant_type=client_credentials&scope=api", {})
    assert scrub_request(request).body == b"grant_type=client_credentials&scope=api"


def test_tokens_and_volatile_headers_leave_the_response() -> None:
    response = {
        "headers": {"Date": ["Fri"], "Set-Cookie": ["session=abc"], "Content-Type": ["application/json"]},
        "body": {"string": b'{"access_token":"tok","token_type":"Bearer","expires_in":3600}'},
    }
    scrubbed = scrub_response(response)
    assert scrubbed["headers"] == {"Content-Type": ["application/json"]}
    assert json.loads(scrubbed["body"]["string"]) == {
        "access_token": FILTERED,
        "token_type": "Bearer",
        "expires_in": 3600,
    }


@pytest.mark.parametrize("body", [b"", b"<html>", b"\x1f\x8b\x08binary", b'{"id":1}', b"[1]"])
def test_other_bodies_are_kept_as_they_are(body: bytes) -> None:
    response = {"headers": {}, "body": {"string": body}}
    assert scrub_response(response)["body"]["string"] == body


def test_metadata_round_trips_and_replays_with_placeholder_keys(tmp_path: Path) -> None:
    metadata = RecordingMetadata(
        "http://127.0.0.1:8080/api/v2", "http://127.0.0.1:8080/oauth2/token/", "oauth2", [7]
    )
    write_metadata(tmp_path, metadata)
    assert read_metadata(tmp_path) == metadata
    target = read_metadata(tmp_path).replay_target()
    assert target.integration_ids == (7,)
    assert target.credentials.public_key == REPLAY_PUBLIC_KEY
    assert (tmp_path / METADATA_FILE).stat().st_mode & 0o777 == 0o644
    assert not [path for path in tmp_path.iterdir() if path.name != METADATA_FILE], (
        "no temporary file is left"
    )


def test_missing_recordings_say_how_to_make_them(tmp_path: Path) -> None:
    with pytest.raises(
        RecordingError, match=r"no recordings in .* record them with `python3 -m tox -e record`"
    ):
        read_metadata(tmp_path)


@pytest.mark.parametrize(
    "content",
    [
        "{not json",
        '{"base_url": "x"}',
        '{"base_url": "x", "token_url": "y", "auth": "kerberos", "integration_ids": []}',
    ],
)
def test_broken_metadata_names_the_file(tmp_path: Path, content: str) -> None:
    (tmp_path / METADATA_FILE).write_text(content)
    with pytest.raises(RecordingError, match=rf"{METADATA_FILE} is (unreadable|malformed)"):
        read_metadata(tmp_path)
