"""How runs are recorded: what vcrpy keeps, what it scrubs, and what the recording says about itself."""

from __future__ import annotations

import functools
import json
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl, urlencode, urlparse

from sendcloud_contracts.defaults import DEFAULT_MAX_EXAMPLES, DEFAULT_MAX_PAGES, RECORD_FIRST
from sendcloud_contracts.errors import ConfigurationError, RecordingError
from sendcloud_contracts.files import write_atomically
from sendcloud_contracts.http.settings import (
    REPLAY_PUBLIC_KEY,
    REPLAY_SECRET_KEY,
    Credentials,
    Target,
    parse_auth_mode,
)
from sendcloud_contracts.redaction import FILTERED

if TYPE_CHECKING:
    from pathlib import Path

    from vcr.request import Request as VcrRequest

METADATA_FILE = "recording.json"
SECRET_HEADERS = ("authorization", "proxy-authorization", "cookie")
# Schemathesis tags each request with a random id; it would make every recording differ.
VOLATILE_REQUEST_HEADERS = ("x-schemathesis-testcaseid",)
# Headers that change on every run; dropping them keeps two recordings of the same API identical.
VOLATILE_RESPONSE_HEADERS = frozenset({"date", "set-cookie", "x-request-id", "cf-ray", "age"})
SECRET_FIELDS = frozenset({"access_token", "refresh_token", "id_token", "client_secret", "client_id"})
# Requests are told apart by everything but headers and body: credentials differ between
# recording and replay, and GET has no body. vcrpy's own matchers for these six parts parse
# both URLs on every comparison, and a replay compares each request with every recorded
# one; one matcher over a cached parse gives the same answers for a fraction of the time.
REQUEST_LINE_MATCHER = "method_and_url"
MATCH_ON = (REQUEST_LINE_MATCHER,)
_DEFAULT_PORTS = {"http": 80, "https": 443}


@functools.lru_cache(maxsize=4096)
def request_line(method: str, uri: str) -> tuple[object, ...]:
    """What vcrpy's method, scheme, host, port, path and query matchers compare, parsed once."""
    url = urlparse(uri)
    port = url.port if url.port is not None else _DEFAULT_PORTS.get(url.scheme)
    return (method, url.scheme, url.hostname, port, url.path, tuple(sorted(parse_qsl(url.query))))


def request_key(request: VcrRequest) -> tuple[object, ...]:
    return request_line(request.method, request.uri)


def same_request_line(sent: VcrRequest, recorded: VcrRequest) -> None:
    """A vcrpy matcher: raises when the two requests differ in method or URL (query order aside)."""
    if request_key(sent) != request_key(recorded):
        raise AssertionError(f"{sent.method} {sent.uri} != {recorded.method} {recorded.uri}")


def register_matchers(recorder: Any) -> None:
    recorder.register_matcher(REQUEST_LINE_MATCHER, same_request_line)


def vcr_config() -> dict[str, Any]:
    return {
        "filter_headers": [*SECRET_HEADERS, *VOLATILE_REQUEST_HEADERS],
        "filter_query_parameters": sorted(SECRET_FIELDS),
        "before_record_request": scrub_request,
        "before_record_response": scrub_response,
        "decode_compressed_response": True,
        "match_on": MATCH_ON,
    }


def scrub_request(request: VcrRequest) -> VcrRequest:
    """Blank OAuth2 client secrets a token request may carry in a form body."""
    body = request.body
    if body:
        text = body.decode("utf-8", "replace") if isinstance(body, bytes) else str(body)
        pairs = parse_qsl(text, keep_blank_values=True)
        if any(key in SECRET_FIELDS for key, _ in pairs):
            scrubbed = [(key, FILTERED if key in SECRET_FIELDS else value) for key, value in pairs]
            request.body = urlencode(scrubbed).encode()
    return request


def scrub_response(response: dict[str, Any]) -> dict[str, Any]:
    """Drop volatile headers and replace tokens in JSON bodies, e.g. the OAuth2 token answer."""
    response["headers"] = {
        name: value
        for name, value in response["headers"].items()
        if name.lower() not in VOLATILE_RESPONSE_HEADERS
    }
    body = response.get("body", {}).get("string")
    if body:
        try:
            payload = json.loads(body)
        except (UnicodeDecodeError, ValueError):
            return response
        if isinstance(payload, dict) and SECRET_FIELDS & payload.keys():
            scrubbed = {key: FILTERED if key in SECRET_FIELDS else value for key, value in payload.items()}
            response["body"]["string"] = json.dumps(scrubbed, separators=(",", ":")).encode()
    return response


@dataclass(frozen=True)
class RecordedSpec:
    """The document recordings were made from: replaying them by another one misjudges them."""

    # Relative to the checkout (as given when outside it), the text's sha256, and the base path
    # of the document's server: the API version (`/api/v2`).
    path: str
    sha256: str
    base_path: str


@dataclass(frozen=True)
class RecordingMetadata:
    """Where the recordings in a cassette folder came from, so replay can aim at the same target."""

    base_url: str
    token_url: str
    auth: str
    integration_ids: list[int]
    # Generated cases per operation when recording: replay generates the same number, whatever
    # SENDCLOUD_MAX_EXAMPLES says, or it would send requests the cassettes do not hold.
    max_examples: int = DEFAULT_MAX_EXAMPLES
    # Pages a walk read at most (SENDCLOUD_MAX_PAGES): the same reason.
    max_pages: int = DEFAULT_MAX_PAGES
    # None in recordings made before the document was kept.
    spec: RecordedSpec | None = None
    # Where the version this one replaced was asked, to compare with (a v3 recording's v2 answers).
    predecessor_url: str | None = None
    # The one integration a recording of the write contract changed; None for recordings of reads.
    write_integration_id: int | None = None
    note: str = (
        "Recorded by sendcloud-contracts. base_url names the API the cassettes were recorded from; "
        "recordings of the reference double (127.0.0.1) are stand-ins until a sandbox account is recorded."
    )

    @classmethod
    def for_target(
        cls,
        target: Target,
        max_examples: int,
        max_pages: int = DEFAULT_MAX_PAGES,
        spec: RecordedSpec | None = None,
        write_integration_id: int | None = None,
    ) -> RecordingMetadata:
        ids = list(target.integration_ids)
        return cls(
            target.base_url,
            target.token_url,
            target.auth,
            ids,
            max_examples,
            max_pages,
            spec,
            predecessor_url=target.predecessor_url,
            write_integration_id=write_integration_id,
        )

    def replay_target(self) -> Target:
        return Target(
            base_url=self.base_url,
            integration_ids=tuple(self.integration_ids),
            auth=parse_auth_mode(self.auth),
            token_url=self.token_url,
            credentials=Credentials(REPLAY_PUBLIC_KEY, REPLAY_SECRET_KEY),
            predecessor_url=self.predecessor_url,
        )


def read_metadata(cassette_dir: Path, fix: str = RECORD_FIRST) -> RecordingMetadata:
    """`recording.json`; `fix` ends the message when it is missing or broken."""
    path = cassette_dir / METADATA_FILE
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise RecordingError(
            f"no recordings in {cassette_dir}/ ({METADATA_FILE} is missing): {fix}"
        ) from None
    except (OSError, ValueError) as error:
        raise RecordingError(f"{path} is unreadable ({error}): {fix}") from None
    try:
        metadata = RecordingMetadata(
            base_url=str(raw["base_url"]),
            token_url=str(raw["token_url"]),
            auth=str(raw["auth"]),
            integration_ids=[int(item) for item in raw["integration_ids"]],
            # Recordings made before the number was kept used the default.
            max_examples=_recorded_count(raw, "max_examples", DEFAULT_MAX_EXAMPLES, least=1),
            max_pages=_recorded_count(raw, "max_pages", DEFAULT_MAX_PAGES, least=2),
            spec=_recorded_spec(raw.get("spec")),
            predecessor_url=_recorded_url(raw, "predecessor_url"),
            write_integration_id=_recorded_id(raw.get("write_integration_id")),
        )
        metadata.replay_target()
    except (KeyError, TypeError, ValueError, ConfigurationError) as error:
        raise RecordingError(f"{path} is malformed ({error}): {fix}") from None
    return metadata


def _recorded_id(value: object) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValueError(f"write_integration_id is {value!r}, expected an integration id")
    return value


def _recorded_count(raw: dict[str, object], name: str, default: int, *, least: int) -> int:
    value = raw.get(name, default)
    if isinstance(value, bool) or not isinstance(value, int) or value < least:
        raise ValueError(f"{name} is {value!r}, expected a whole number of at least {least}")
    return value


def _recorded_spec(value: object) -> RecordedSpec | None:
    if value is None:
        return None
    if not isinstance(value, dict) or not all(isinstance(value.get(key), str) for key in RECORDED_SPEC_KEYS):
        raise ValueError(f"spec is {value!r}, expected an object with {', '.join(RECORDED_SPEC_KEYS)}")
    return RecordedSpec(**{key: value[key] for key in RECORDED_SPEC_KEYS})


RECORDED_SPEC_KEYS = ("path", "sha256", "base_path")


def _recorded_url(raw: dict[str, object], name: str) -> str | None:
    value = raw.get(name)
    if value is not None and not isinstance(value, str):
        raise ValueError(f"{name} is {value!r}, expected a URL or null")
    return value


def write_metadata(cassette_dir: Path, metadata: RecordingMetadata) -> None:
    kept = asdict(metadata)
    for optional in ("predecessor_url", "write_integration_id"):
        if kept[optional] is None:
            # Only a version that replaced another, a recording of writes, names it: others stay as they were.
            del kept[optional]
    write_atomically(cassette_dir / METADATA_FILE, json.dumps(kept, indent=2) + "\n")
