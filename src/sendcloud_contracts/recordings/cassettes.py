"""Reading recorded interactions back as a client would have seen them."""

from __future__ import annotations

import zlib
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import yaml
from vcr.filters import decode_response
from vcr.serialize import deserialize
from vcr.serializers import yamlserializer

from sendcloud_contracts.defaults import RERECORD
from sendcloud_contracts.errors import RecordingError
from sendcloud_contracts.rules.exchanges import exchange

if TYPE_CHECKING:
    from pathlib import Path

    from vcr.request import Request as VcrRequest

    from sendcloud_contracts.rules.model import Exchange
    from sendcloud_contracts.spec import Spec

# What parsing a damaged cassette raises (zlib's error: a gzip body cut short).
MALFORMED: tuple[type[Exception], ...] = (
    yaml.YAMLError,
    ValueError,
    KeyError,
    TypeError,
    AttributeError,
    IndexError,
    zlib.error,
)
UNREADABLE: tuple[type[Exception], ...] = (OSError, UnicodeDecodeError)


@dataclass(frozen=True)
class RecordedExchange:
    cassette: str
    index: int
    exchange: Exchange

    @property
    def label(self) -> str:
        return f"{self.cassette}#{self.index} {self.exchange.method} {self.exchange.path}"


def cassette_files(cassette_dir: Path) -> list[Path]:
    return sorted(cassette_dir.glob("*.yaml"))


def load_interactions(path: Path) -> list[tuple[VcrRequest, dict[str, Any]]]:
    """Every request of a cassette with its response, the body decoded as a client would.

    Raises one of `UNREADABLE` when the file cannot be read, one of `MALFORMED`
    when it is not a cassette; callers word the message for their users.
    """
    loaded = deserialize(path.read_text(encoding="utf-8"), yamlserializer)
    return [
        (request, decode_response(response)) for request, response in zip(loaded[0], loaded[1], strict=True)
    ]


def read_cassette(path: Path, spec: Spec, base_url: str, fix: str = RERECORD) -> list[RecordedExchange]:
    """Every interaction of a cassette that belongs to a documented operation."""
    try:
        interactions = load_interactions(path)
    except UNREADABLE + MALFORMED as error:
        problem = " ".join(str(error).split())[:200]
        raise RecordingError(
            f"cassette {path} is corrupt or truncated ({problem}): restore it with "
            f"`git checkout -- {path}` or {fix}"
        ) from None
    result = []
    for index, (request, decoded) in enumerate(interactions):
        path_part = urlsplit(request.uri).path
        operation = spec.operation_for(path_part, base_url)
        if operation is None:
            # The OAuth2 token exchange and other undocumented traffic have no contract here.
            continue
        headers = {name.lower(): values for name, values in decoded.get("headers", {}).items()}
        recorded = exchange(
            method=request.method,
            url=request.uri,
            status=int(decoded["status"]["code"]),
            content_type=headers.get("content-type"),
            body=decoded.get("body", {}).get("string"),
            operation_path=operation[0],
            path_parameters=operation[1],
            headers=decoded.get("headers"),
            request_headers=request.headers,
        )
        result.append(RecordedExchange(path.name, index, recorded))
    return result
