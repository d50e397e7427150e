"""Two documents, operation by operation: which were removed, added or deprecated, and how a client
authenticates; each operation that stays is handed on to what it sends and reads (`rules/messages.py`).

Every operation counts, the writes the suite never sends included: a team's client may call them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sendcloud_contracts.docdiff import walk
from sendcloud_contracts.docdiff.changes import ABSENT, DOCUMENT, Operation, Where, change, ordered, path_key
from sendcloud_contracts.docdiff.normalise import Reader, canonical, documentation
from sendcloud_contracts.docdiff.rules import messages
from sendcloud_contracts.docdiff.rules.constraints import documentation_changes
from sendcloud_contracts.docdiff.rules.schemas import Readers

if TYPE_CHECKING:
    from collections.abc import Iterator

    from sendcloud_contracts.docdiff.changes import Change
    from sendcloud_contracts.docdiff.documents import Document

NO_AUTHENTICATION = "no authentication"


def compare_documents(old: Document, new: Document) -> list[Change]:
    """Every change from `old` to `new`, breaking first."""
    readers = Readers(Reader(old), Reader(new))
    changes = [*_servers(old, new), *_security_schemes(old, new)]
    before, after = walk.operations(old), walk.operations(new)
    kept_paths = {path_key(str(template)) for template in new.paths}
    for key, found in before.items():
        if key not in after:
            changes.extend(_removed(found, path_key(found.operation.path) in kept_paths))
    for key, found in after.items():
        if key not in before:
            place = _operation_place(found.operation)
            changes.append(
                change("endpoint-added", place, ABSENT, found.operation.label, None, found.pointer)
            )
    for key, found in after.items():
        if key in before:
            changes.extend(_operation(readers, before[key], found))
    return ordered(changes)


def _operation_place(operation: Operation) -> Where:
    return Where(operation, "operation")


def _removed(found: walk.Found, path_kept: bool) -> Iterator[Change]:
    deprecation = "with" if found.deprecated else "without"
    rule = (
        f"api-removed-{deprecation}-deprecation"
        if path_kept
        else f"api-path-removed-{deprecation}-deprecation"
    )
    state = "deprecated" if found.deprecated else "documented"
    yield change(rule, _operation_place(found.operation), state, ABSENT, found.pointer)


def _operation(readers: Readers, old: walk.Found, new: walk.Found) -> Iterator[Change]:
    where = _operation_place(new.operation)
    if old.deprecated != new.deprecated:
        rule = "endpoint-deprecated" if new.deprecated else "endpoint-reactivated"
        yield change(rule, where, _deprecation(old), _deprecation(new), old.pointer, new.pointer)
    yield from documentation_changes(
        where, documentation(old.raw), documentation(new.raw), old.pointer, new.pointer
    )
    yield from _security(where, old, new)
    yield from messages.parameters(readers, new.operation, old, new)
    yield from messages.request_bodies(readers, new.operation, old, new)
    yield from messages.responses(readers, new.operation, old, new)


def _deprecation(found: walk.Found) -> str:
    return "deprecated" if found.deprecated else "not deprecated"


def _security(where: Where, old: walk.Found, new: walk.Found) -> Iterator[Change]:
    """Each way to authenticate is an alternative: losing one breaks the clients that use it."""
    place = Where(where.operation, "security")
    for shown in sorted(_requirement(requirement) for requirement in old.security - new.security):
        yield change("api-security-removed", place, shown, ABSENT, old.pointer, new.pointer)
    for shown in sorted(_requirement(requirement) for requirement in new.security - old.security):
        yield change("api-security-added", place, ABSENT, shown, old.pointer, new.pointer)


def _requirement(requirement: frozenset[str]) -> str:
    return " + ".join(sorted(requirement)) or NO_AUTHENTICATION


def _security_schemes(old: Document, new: Document) -> Iterator[Change]:
    before, after = _schemes(old), _schemes(new)
    for name in sorted(before.keys() & after.keys()):
        if before[name] != after[name]:
            place = Where(DOCUMENT, f"security scheme {name}")
            yield change(
                "api-security-component-changed",
                place,
                before[name],
                after[name],
                f"#/components/securitySchemes/{name}",
                f"#/components/securitySchemes/{name}",
            )


def _schemes(document: Document) -> dict[str, str]:
    """What a client configures for each security scheme: its kind, where the key goes, token URLs."""
    schemes = (document.root.get("components") or {}).get("securitySchemes") or {}
    result = {}
    for name, scheme in schemes.items():
        if not isinstance(scheme, dict):
            continue
        # HTTP authentication schemes are named without regard to case (RFC 9110): `Bearer` is `bearer`.
        essentials: dict[str, Any] = {
            key: str(scheme[key]).lower() if key == "scheme" else scheme[key]
            for key in ("type", "scheme", "in", "name", "openIdConnectUrl")
            if key in scheme
        }
        for flow, settings in sorted((scheme.get("flows") or {}).items()):
            if isinstance(settings, dict):
                essentials[flow] = {
                    key: settings[key] for key in ("tokenUrl", "authorizationUrl") if key in settings
                }
        result[str(name)] = canonical(essentials)
    return result


def _servers(old: Document, new: Document) -> Iterator[Change]:
    before, after = _server_urls(old), _server_urls(new)
    if before != after:
        place = Where(DOCUMENT, "servers")
        shown = (", ".join(before) or ABSENT, ", ".join(after) or ABSENT)
        pointers = ("#/servers" if "servers" in document.root else None for document in (old, new))
        yield change("servers-changed", place, *shown, *pointers)


def _server_urls(document: Document) -> list[str]:
    servers = document.root.get("servers") or []
    return [str(server.get("url", "")) for server in servers if isinstance(server, dict)]
