"""A `Dialect`: one API version's conventions, chosen once from the document in use."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sendcloud_contracts.defaults import DEFAULT_MAX_EXAMPLES

if TYPE_CHECKING:
    from sendcloud_contracts.dialects.model import ErrorBody, Paging, Resource, Sorting
    from sendcloud_contracts.dialects.writes import Writes


@dataclass(frozen=True)
class Dialect:
    """How one version of the API writes its answers; the rules read it, whatever the version."""

    name: str
    # The path every URL of the version starts with on the API's host.
    base_path: str
    # The member a success answer's payload sits in (`{"data": ...}`), or None for a bare payload.
    wrapper: str | None
    error_body: ErrorBody
    paging: Paging
    sorting: Sorting
    resource: Resource
    # The version's writes, as the write contract sends them.
    writes: Writes
    # What a run's report folder adds to `reports/<mode>`: v2's reports kept their names when v3 came.
    report_suffix: str = ""
    # The version this one replaced on the same accounts: a run compares what both say.
    predecessor: Dialect | None = None
    # Generated cases per operation when `SENDCLOUD_MAX_EXAMPLES` names none: what keeps a default
    # live run of the version's document within 300 requests.
    default_max_examples: int = DEFAULT_MAX_EXAMPLES

    def predecessor_url(self, base_url: str) -> str | None:
        """The predecessor's base URL on the same host: this version's with its base path replaced."""
        if self.predecessor is None or not base_url.rstrip("/").endswith(self.base_path):
            return None
        return base_url.rstrip("/").removesuffix(self.base_path) + self.predecessor.base_path

    def payload(self, body: Any) -> Any:
        """What a success answer carries: the body itself, or what its wrapper holds (None without it)."""
        if self.wrapper is None:
            return body
        return body.get(self.wrapper) if isinstance(body, dict) else None

    def field(self, name: str) -> str:
        """How a failure names a field of the payload: `id`, or `data.id` inside the wrapper."""
        return name if self.wrapper is None else f"{self.wrapper}.{name}"
