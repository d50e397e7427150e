"""Where a run points: the live target from `SENDCLOUD_*`, or the recorded one for replay."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal
from urllib.parse import urlsplit

from sendcloud_contracts.defaults import tox_command
from sendcloud_contracts.errors import ConfigurationError

if TYPE_CHECKING:
    from collections.abc import Mapping

AuthMode = Literal["basic", "oauth2"]
AUTH_MODES: tuple[AuthMode, ...] = ("basic", "oauth2")

# Replay sends these instead of real keys, so that requests carry the same kind of
# credentials as when they were recorded and the auth checks behave the same.
REPLAY_PUBLIC_KEY = "replay-public-key"
REPLAY_SECRET_KEY = "replay-secret-key"


class Mode(enum.StrEnum):
    REPLAY = "replay"
    RECORD = "record"
    LIVE = "live"

    @classmethod
    def from_recording_options(cls, record_mode: str | None, disable_recording: bool) -> Mode:
        """Map pytest-recording's options onto the three modes of the suite."""
        if disable_recording:
            return cls.LIVE
        if record_mode in (None, "none"):
            return cls.REPLAY
        return cls.RECORD


@dataclass(frozen=True)
class Credentials:
    public_key: str = field(repr=False)
    secret_key: str = field(repr=False)


@dataclass(frozen=True)
class Target:
    base_url: str
    integration_ids: tuple[int, ...]
    auth: AuthMode
    token_url: str
    credentials: Credentials
    # The base URL of the API version this one replaced, on the same account, to compare with
    # (`SENDCLOUD_V2_BASE_URL` for a v3 run); None where there is none, or the comparison is off.
    predecessor_url: str | None = None


def target_from_environment(
    environ: Mapping[str, str], *, default_base_url: str, default_token_url: str
) -> Target:
    """Read the live target; every problem names its variable and how to fix it."""
    base_url = parse_url("SENDCLOUD_BASE_URL", environ.get("SENDCLOUD_BASE_URL") or default_base_url)
    base_url = base_url.rstrip("/")
    token_url = parse_url("SENDCLOUD_TOKEN_URL", environ.get("SENDCLOUD_TOKEN_URL") or default_token_url)
    auth = parse_auth_mode(environ.get("SENDCLOUD_AUTH") or "basic")
    credentials = Credentials(
        public_key=_required(environ, "SENDCLOUD_PUBLIC_KEY", "the account's public API key"),
        secret_key=_required(environ, "SENDCLOUD_SECRET_KEY", "the account's secret API key"),
    )
    raw_ids = _required(environ, "SENDCLOUD_INTEGRATION_IDS", "ids of integrations that exist in the account")
    return Target(
        base_url=base_url,
        integration_ids=parse_integration_ids(raw_ids),
        auth=auth,
        token_url=token_url,
        credentials=credentials,
    )


def predecessor_url_from_environment(
    environ: Mapping[str, str], variable: str, derived: str | None
) -> str | None:
    """`variable` (`none` turns the comparison off), or the URL derived from the base URL."""
    value = environ.get(variable, "").strip()
    if value.lower() == "none":
        return None
    return parse_url(variable, value).rstrip("/") if value else derived


def parse_url(variable: str, value: str) -> str:
    split = urlsplit(value.strip())
    if split.scheme not in ("http", "https") or not split.hostname:
        raise ConfigurationError(
            f"{variable}={value!r} is not an http(s) URL; expected e.g. https://panel.sendcloud.sc/api/v2"
        )
    try:
        split.port  # noqa: B018 - raises on a port that is not a number
    except ValueError:
        raise ConfigurationError(f"{variable}={value!r} has an invalid port") from None
    if split.query or split.fragment:
        raise ConfigurationError(f"{variable}={value!r} must not carry a query string or fragment")
    return value.strip()


def parse_auth_mode(value: str) -> AuthMode:
    lowered = value.strip().lower()
    for mode in AUTH_MODES:
        if lowered == mode:
            return mode
    raise ConfigurationError(
        f"SENDCLOUD_AUTH={value!r} is not supported; expected one of: {', '.join(AUTH_MODES)}"
    )


def parse_integration_ids(value: str) -> tuple[int, ...]:
    ids: list[int] = []
    for part in value.split(","):
        item = part.strip()
        if not (item.isascii() and item.isdigit()) or int(item) < 1:
            raise ConfigurationError(
                f"SENDCLOUD_INTEGRATION_IDS={value!r}: {item!r} is not an integration id; "
                "expected positive integers separated by commas, e.g. 123,4711"
            )
        if int(item) not in ids:
            ids.append(int(item))
    return tuple(ids)


WRITE_INTEGRATION_VARIABLE = "SENDCLOUD_WRITE_INTEGRATION_ID"


def write_integration_from_environment(environ: Mapping[str, str]) -> int:
    """The one integration a write run may change; without it nothing is written (exit 4)."""
    value = environ.get(WRITE_INTEGRATION_VARIABLE, "").strip()
    if not value:
        raise ConfigurationError(
            f"{WRITE_INTEGRATION_VARIABLE} is not set: the write contract changes one integration of the "
            "account, and only the one you name. Export the id of an integration the run may change "
            "(it is restored afterwards). Nothing was written."
        )
    if not (value.isascii() and value.isdigit()) or int(value) < 1:
        raise ConfigurationError(
            f"{WRITE_INTEGRATION_VARIABLE}={value!r} is not an integration id; expected one positive "
            "integer, e.g. 4711. Nothing was written."
        )
    return int(value)


def _required(environ: Mapping[str, str], variable: str, meaning: str) -> str:
    value = environ.get(variable, "").strip()
    if not value:
        raise ConfigurationError(
            f"{variable} is not set: live and record runs need {meaning}. "
            f"Export it, or replay the recordings offline with `{tox_command('contracts')}`."
        )
    return value
