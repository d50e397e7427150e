"""Reading recorded interactions back as a client would have seen them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import yaml
from vcr.filters import decode_response
from vcr.serialize import deserialize
from vcr.serializers import yamlserializer

from sendcloud_contracts.contract import Exchange
from sendcloud_contracts.errors import RecordingError

if TYPE_CHECKING:
    from pathlib import Path

    from sendcloud_contracts.spec import Spec

RERECORD = "re-record with `tox -e record` (or `tox -e record-double`)"


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


def read_cassette(path: Path, spec: Spec, base_url: str) -> list[RecordedExchange]:
    """Every interaction of a cassette that belongs to a documented operation, bodies decoded."""
    try:
        loaded = deserialize(path.read_text(encoding="utf-8"), yamlserializer)
        requests, responses = loaded[0], loaded[1]
    except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError, yaml.YAMLError) as error:
        problem = " ".join(str(error).split())[:200]
        raise RecordingError(f"cassette {path} is corrupt or truncated ({problem}): {RERECORD}") from None
    result = []
    for index, (request, response) in enumerate(zip(requests, responses, strict=True)):
        path_part = urlsplit(request.uri).path
        operation = spec.operation_for(path_part, base_url)
        if operation is None:
            # The OAuth2 token exchange and other undocumented traffic have no contract here.
            continue
        try:
            decoded = decode_response(response)
        except (OSError, ValueError) as error:
            raise RecordingError(
                f"cassette {path}: interaction #{index} has a body that cannot be decoded ({error})"
            ) from None
        exchange = _exchange(request.method, path_part, operation, decoded)
        result.append(RecordedExchange(path.name, index, exchange))
    return result


def _exchange(
    method: str, path: str, operation: tuple[str, dict[str, str]], response: dict[str, Any]
) -> Exchange:
    headers = {name.lower(): values for name, values in response.get("headers", {}).items()}
    content_type = headers.get("content-type", [""])
    body = response.get("body", {}).get("string") or b""
    return Exchange(
        method=method,
        path=path,
        status=int(response["status"]["code"]),
        content_type=content_type[0] if content_type else "",
        body=body if isinstance(body, bytes) else str(body).encode(),
        operation_path=operation[0],
        path_parameters=operation[1],
    )
