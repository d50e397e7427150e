"""The writes one run may send: each documented write, on the named integration only.

The plan is the run's list for the guard: a write goes out only if its method and path template are
the version's (`dialects/writes.py`) and its target is the named integration, or, for deleting an
integration, an id the account does not have (the API must answer that with its 404). Where the
target is named in the body (`integration_id` of v3's shop order statuses), the body is read.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sendcloud_contracts.dialects import Dialect

# The write methods a plan knows; anything else (a probe's TRACE) is no write.
DELETE = "DELETE"


@dataclass(frozen=True)
class Allowed:
    method: str
    template: str
    # The id the path's `{id}` must be; None where the target is in the body's `integration_id`.
    target: int | None


@dataclass(frozen=True)
class WritePlan:
    dialect: Dialect
    base_path: str
    integration_id: int
    # An id the account does not have: the one integration a run may ask to delete.
    absent_id: int
    # A marker of this run in what it creates (`sc-contracts-<run>-<n>`), never personal data.
    run_id: str

    def allowed(self) -> list[Allowed]:
        writes = self.dialect.writes
        named = [Allowed(method, writes.item_path, self.integration_id) for method in writes.settings_methods]
        named.append(Allowed(DELETE, writes.item_path, self.absent_id))
        named.append(Allowed("POST", writes.logs_path, self.integration_id))
        for path in (writes.shipments_path, writes.shipments_delete_path):
            if path is not None:
                named.append(Allowed("POST", path, self.integration_id))
        for path in (writes.statuses_path, writes.mapping_path):
            if path is not None:
                named.append(Allowed("POST", path, None))
        return named

    def refusal(self, method: str, path: str, body: bytes | None) -> str | None:
        """Why `method path` may not be sent in this run, or None when it is on the list."""
        relative = path.removeprefix(self.base_path) if path.startswith(self.base_path + "/") else None
        if relative is None:
            return f"{method} {path} is outside the API ({self.base_path})"
        for allowed in self.allowed():
            if allowed.method != method:
                continue
            identity = _match(allowed.template, relative)
            if identity is False:
                continue
            if allowed.target is None:
                return self._body_refusal(method, path, body)
            if identity == str(allowed.target):
                return None
            return (
                f"{method} {path} targets integration {identity}, and this run may change "
                f"{self._targets(allowed)} only"
            )
        return f"{method} {path} is no write of the run's list"

    def _targets(self, allowed: Allowed) -> str:
        if allowed.method == DELETE:
            return (
                f"{self.integration_id} (and delete only {self.absent_id}, an id the account does not have)"
            )
        return str(self.integration_id)

    def _body_refusal(self, method: str, path: str, body: bytes | None) -> str | None:
        try:
            target = json.loads(body or b"null").get("integration_id")
        except (ValueError, AttributeError):
            target = None
        if target == self.integration_id and not isinstance(target, bool):
            return None
        return (
            f"{method} {path} names integration_id {target!r} in its body; "
            f"this run may change {self.integration_id} only"
        )

    def created_id(self, number: int) -> str:
        """The external order id of the `number`th order this run creates."""
        return f"sc-contracts-{self.run_id}-{number}"

    @property
    def created_prefix(self) -> str:
        return f"sc-contracts-{self.run_id}-"


def _match(template: str, path: str) -> str | bool | None:
    """The `{id}` a path fills in the template, None for a template without one, False for no match."""
    pattern = "^" + re.escape(template).replace(re.escape("{id}"), "(?P<id>[^/]+)") + "/?$"
    found = re.match(pattern, path)
    if found is None:
        return False
    return found.groupdict().get("id")
