from __future__ import annotations

import pytest

from sendcloud_contracts.errors import ConfigurationError
from sendcloud_contracts.http.settings import (
    Mode,
    parse_auth_mode,
    parse_integration_ids,
    parse_url,
    target_from_environment,
)

DEFAULTS = {
    "default_base_url": "https://panel.sendcloud.sc/api/v2",
    "default_token_url": "https://t.example/",
}
COMPLETE = {
    "SENDCLOUD_PUBLIC_KEY": "public",
    "SENDCLOUD_SECRET_KEY": "secret",
    "SENDCLOUD_INTEGRATION_IDS": "123, 4711,123",
}


@pytest.mark.parametrize(
    ("record_mode", "disable_recording", "mode"),
    [
        (None, False, Mode.REPLAY),
        ("none", False, Mode.REPLAY),
        ("rewrite", False, Mode.RECORD),
        (None, True, Mode.LIVE),
    ],
)
def test_modes_follow_pytest_recordings_flags(
    record_mode: str | None, disable_recording: bool, mode: Mode
) -> None:
    assert Mode.from_recording_options(record_mode, disable_recording) is mode


def test_a_complete_environment_gives_the_target() -> None:
    target = target_from_environment(
        {**COMPLETE, "SENDCLOUD_BASE_URL": "http://127.0.0.1:9/api/v2/"}, **DEFAULTS
    )
    assert target.base_url == "http://127.0.0.1:9/api/v2"
    assert target.integration_ids == (123, 4711)
    assert target.auth == "basic"
    assert target.token_url == "https://t.example/", "a token URL keeps its trailing slash"
    assert "secret" not in repr(target), "keys must never reach a log through repr()"


@pytest.mark.parametrize("missing", sorted(COMPLETE))
def test_each_required_variable_is_named_when_missing(missing: str) -> None:
    environ = {key: value for key, value in COMPLETE.items() if key != missing}
    with pytest.raises(ConfigurationError, match=f"^{missing} is not set: "):
        target_from_environment(environ, **DEFAULTS)


@pytest.mark.parametrize("value", ["12,x", "0", "-4", "", "1,,2", "١٢"])
def test_malformed_integration_ids_are_refused(value: str) -> None:
    with pytest.raises(ConfigurationError, match=r"^SENDCLOUD_INTEGRATION_IDS=.* expected positive integers"):
        parse_integration_ids(value)


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ("panel.sendcloud.sc/api/v2", "is not an http"),
        ("ftp://host/api", "is not an http"),
        ("http://host:port/api", "invalid port"),
        ("https://host/api?x=1", "query string"),
    ],
)
def test_malformed_urls_are_refused(value: str, problem: str) -> None:
    with pytest.raises(ConfigurationError, match=f"^SENDCLOUD_BASE_URL=.*{problem}"):
        parse_url("SENDCLOUD_BASE_URL", value)


def test_auth_modes() -> None:
    assert parse_auth_mode(" OAuth2 ") == "oauth2"
    with pytest.raises(ConfigurationError, match="expected one of: basic, oauth2"):
        parse_auth_mode("digest")
