"""Contract failures as schemathesis failures that carry their violations and a runnable reproduction.

Raising a `schemathesis.core.failures.Failure` subclass (rather than an `AssertionError` holding text)
keeps the violations as data all the way to pytest's report hooks (`failure_report.py`), which print
them as the suite's own lines.
"""

from __future__ import annotations

import base64
import shlex
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from schemathesis.core.failures import Failure, Severity

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping, Sequence

    from sendcloud_contracts.rules.model import Exchange, Violation

# Credentials a reproduction names by variable, so it runs as printed and never shows a secret.
BEARER_PLACEHOLDER = '--oauth2-bearer "$SENDCLOUD_TOKEN"'
# Headers every HTTP client sends by itself; a reproduction without them behaves the same.
_TRANSPORT_HEADERS = frozenset(
    {"user-agent", "accept-encoding", "connection", "content-length", "host", "x-schemathesis-testcaseid"}
)


@dataclass(frozen=True)
class KeyVariables:
    """The variables that hold the account's keys in the shell a reproduction is run in.

    A run's own by default; pre-release names a profile's (`SENDCLOUD_EU_PUBLIC_KEY`, ...), which
    are what the shell that ran it holds.
    """

    public: str = "SENDCLOUD_PUBLIC_KEY"
    secret: str = "SENDCLOUD_SECRET_KEY"

    @property
    def basic(self) -> str:
        return f'-u "${self.public}:${self.secret}"'


@dataclass(frozen=True)
class Finding:
    """One violation, the request that showed it, how to send that request again, and its answer."""

    request: str
    violation: Violation
    reproduction: str = ""
    # The request and answer as the client saw them, for report.html (redacted when written).
    exchange: Exchange | None = field(default=None, compare=False)


class ContractFailure(Failure):
    """What the suite's own checks raise: every violation of one response, with its reproduction."""

    code = "ST901"
    kind_title = "Contract broken"
    __slots__ = ("context", "findings")

    def __init__(self, *, operation: str | None, findings: Sequence[Finding], context: str = "") -> None:
        super().__init__(
            operation=operation,
            message="\n".join(str(finding.violation) for finding in findings),
            severity=Severity.HIGH,
        )
        self.findings = tuple(findings)
        # Which answer the violations are about, when it is not the test's own request.
        self.context = context

    @property
    def _unique_key(self) -> str:
        # schemathesis keeps one failure per key; each check's violations are distinct findings.
        return self.message


def curl(
    method: str,
    url: str,
    headers: Mapping[str, Any],
    *,
    is_own: Callable[[str | None], bool],
    keys: KeyVariables = KeyVariables(),
    body: bytes | str | None = None,
) -> str:
    """A curl command that sends this request again, credentials as the variables that hold them."""
    parts = ["curl", "-X", method]
    for name, value in headers.items():
        lowered = name.lower()
        if lowered in _TRANSPORT_HEADERS or (lowered == "accept" and value == "*/*"):
            continue
        if lowered == "authorization":
            parts.append(_authorization(str(value), is_own, keys))
            continue
        parts += ["-H", shlex.quote(f"{name}: {value}")]
    if body:
        parts += [
            "--data-raw",
            shlex.quote(body.decode("utf-8", "replace") if isinstance(body, bytes) else body),
        ]
    parts.append(shlex.quote(url))
    return " ".join(parts)


def _authorization(value: str, is_own: Callable[[str | None], bool], keys: KeyVariables) -> str:
    # curl's own options rather than an `Authorization:` header, which report redaction blanks out.
    scheme, _, credentials = value.partition(" ")
    if is_own(value):
        return keys.basic if scheme.lower() == "basic" else BEARER_PLACEHOLDER
    # The suite's deliberately wrong credentials (the authentication probe): not secret.
    if scheme.lower() == "basic":
        try:
            return "-u " + shlex.quote(base64.b64decode(credentials, validate=True).decode())
        except (ValueError, UnicodeDecodeError):
            pass
    elif scheme.lower() == "bearer":
        return "--oauth2-bearer " + shlex.quote(credentials)
    return "-H " + shlex.quote(f"Authorization: {value}")
