"""Which writes a run may send, decided at the transport below schemathesis and Hypothesis.

A read run sends no write at all but the OAuth2 token request, whatever phase, hook or probe
produced it: a sandbox account lives on the production host, so safety cannot rest on care. The
write contract gives its run a permit of its own (`writes/guard.py`), naming each write it may send.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol
from urllib.parse import urlsplit

from sendcloud_contracts.exitcodes import bad_input

if TYPE_CHECKING:
    import requests

WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


class WritePermit(Protocol):
    def admit(self, request: requests.PreparedRequest, token_url: str | None) -> None:
        """Return to let `request` go; raise `StopRun` (exit 4) to refuse it, before it is sent."""


def is_write(request: requests.PreparedRequest) -> bool:
    return str(request.method).upper() in WRITE_METHODS


def is_token_request(request: requests.PreparedRequest, token_url: str | None) -> bool:
    return str(request.method).upper() == "POST" and token_url is not None and request.url == token_url


class ReadsOnly:
    """Every run's permit but the write contract's: no write, but asking for an OAuth2 token."""

    def admit(self, request: requests.PreparedRequest, token_url: str | None) -> None:
        if is_write(request) and not is_token_request(request, token_url):
            raise bad_input(
                f"refused to send {request.method} {urlsplit(str(request.url)).path}: a read run sends no "
                "writes; the write contract runs with --writes (python3 -m tox -e writes), and only on "
                "SENDCLOUD_WRITE_INTEGRATION_ID"
            )
