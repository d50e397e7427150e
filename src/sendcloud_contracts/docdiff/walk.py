"""The operations of one document, each with what a client sends and reads, references followed.

Operations are matched between documents by method and path with the path parameters unnamed
(`/integrations/{id}` is `/integrations/{integration_id}`), parameters by where they go and their
name (a path parameter by its position), media types by their essence (`application/json`, without
`charset`), header names without regard to case.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sendcloud_contracts.docdiff.changes import Operation
from sendcloud_contracts.docdiff.documents import pointer_to
from sendcloud_contracts.docdiff.normalise import Part
from sendcloud_contracts.spec import HTTP_METHODS

if TYPE_CHECKING:
    from sendcloud_contracts.docdiff.documents import Document

_PATH_PARAMETER = re.compile(r"\{([^}/]*)\}")


@dataclass(frozen=True)
class Parameter:
    name: str
    location: str
    required: bool
    schema: Part
    raw: dict[str, Any]
    pointer: str

    @property
    def place(self) -> str:
        return f"{self.location} parameter {self.name}"


@dataclass(frozen=True)
class Content:
    """One media type of a body: as written, its schema, and where."""

    name: str
    schema: Part
    raw: dict[str, Any]
    pointer: str


@dataclass(frozen=True)
class Found:
    """One operation of one document."""

    operation: Operation
    raw: dict[str, Any]
    pointer: str
    parameters: dict[tuple[str, str], Parameter]
    # Each way to authenticate: the schemes used together; the empty set is "no authentication".
    security: frozenset[frozenset[str]]

    @property
    def deprecated(self) -> bool:
        return self.raw.get("deprecated") is True


def operations(document: Document) -> dict[str, Found]:
    """Every operation, keyed by `Operation.key`."""
    found: dict[str, Found] = {}
    for template, item in document.paths.items():
        path_item, item_pointer = document.follow(item, pointer_to("paths", template))
        if not isinstance(path_item, dict):
            continue
        for method in HTTP_METHODS:
            raw = path_item.get(method)
            if not isinstance(raw, dict):
                continue
            operation = Operation(method, str(template))
            pointer = f"{item_pointer}/{method}"
            parameters = _parameters(document, str(template), path_item, item_pointer, raw, pointer)
            found.setdefault(
                operation.key, Found(operation, raw, pointer, parameters, _security(document, raw))
            )
    return found


def _parameters(
    document: Document,
    template: str,
    path_item: dict[str, Any],
    item_pointer: str,
    raw: dict[str, Any],
    pointer: str,
) -> dict[tuple[str, str], Parameter]:
    positions = {name: index for index, name in enumerate(_PATH_PARAMETER.findall(template))}
    parameters: dict[tuple[str, str], Parameter] = {}
    # The operation's own parameters replace the path item's of the same name and place.
    listed = [
        (entry, f"{item_pointer}/parameters/{index}")
        for index, entry in enumerate(path_item.get("parameters") or [])
    ]
    listed += [
        (entry, f"{pointer}/parameters/{index}") for index, entry in enumerate(raw.get("parameters") or [])
    ]
    for entry, where in listed:
        parameter, at = document.follow(entry, where)
        if not isinstance(parameter, dict) or "name" not in parameter:
            continue
        name, location = str(parameter["name"]), str(parameter.get("in", "query"))
        if location == "path":
            key = (location, str(positions.get(name, name)))
        else:
            key = (location, name.lower() if location == "header" else name)
        parameters[key] = Parameter(
            name, location, parameter.get("required") is True, _parameter_schema(parameter, at), parameter, at
        )
    return parameters


def _parameter_schema(parameter: dict[str, Any], pointer: str) -> Part:
    if "schema" in parameter:
        return Part(parameter["schema"], f"{pointer}/schema")
    for media_type, content in (parameter.get("content") or {}).items():
        if isinstance(content, dict) and "schema" in content:
            return Part(content["schema"], f"{pointer}/content/{media_type.replace('/', '~1')}/schema")
    return Part(True, pointer)


def _security(document: Document, raw: dict[str, Any]) -> frozenset[frozenset[str]]:
    requirements = raw["security"] if "security" in raw else document.root.get("security")
    if not isinstance(requirements, list) or not requirements:
        return frozenset({frozenset()})
    return frozenset(frozenset(requirement) for requirement in requirements if isinstance(requirement, dict))


def request_body(document: Document, found: Found) -> tuple[dict[str, Any], str] | None:
    if "requestBody" not in found.raw:
        return None
    body, pointer = document.follow(found.raw["requestBody"], f"{found.pointer}/requestBody")
    return (body, pointer) if isinstance(body, dict) else None


def responses(document: Document, found: Found) -> dict[str, tuple[dict[str, Any], str]]:
    """Each documented status (`200`, `4XX`, `default`) with its response, references followed."""
    result = {}
    for status, response in (found.raw.get("responses") or {}).items():
        followed, pointer = document.follow(response, f"{found.pointer}/responses/{status}")
        if isinstance(followed, dict):
            result[str(status).upper() if str(status) != "default" else "default"] = (followed, pointer)
    return result


def contents(holder: dict[str, Any], pointer: str) -> dict[str, Content]:
    """The media types of a body by essence: `application/json; charset=utf-8` is `application/json`."""
    found = {}
    for name, content in (holder.get("content") or {}).items():
        if not isinstance(content, dict):
            continue
        at = f"{pointer}/content/{str(name).replace('~', '~0').replace('/', '~1')}"
        schema = Part(content["schema"], f"{at}/schema") if "schema" in content else Part(True, at)
        found[str(name).split(";")[0].strip().lower()] = Content(str(name), schema, content, at)
    return found


def headers(document: Document, response: dict[str, Any], pointer: str) -> dict[str, Parameter]:
    """Response headers by lowercased name, as parameters (`Content-Type` aside, which media types say)."""
    found = {}
    for name, header in (response.get("headers") or {}).items():
        if str(name).lower() == "content-type":
            continue
        raw, at = document.follow(header, f"{pointer}/headers/{name}")
        if isinstance(raw, dict):
            found[str(name).lower()] = Parameter(
                str(name), "header", raw.get("required") is True, _parameter_schema(raw, at), raw, at
            )
    return found
