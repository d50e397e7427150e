"""What a document must be before any validator reads it: OpenAPI 3.x, its `$ref`s all resolving.

openapi-spec-validator stops on a mapping that is not OpenAPI with an error of its own type, takes
Swagger 2.0 as valid, and follows a `$ref` into nothing with a traceback of the resolver's; each
is a setup mistake that deserves one line naming the file and what it lacks.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sendcloud_contracts.errors import SpecError

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path


def check_is_openapi_3(path: Path, document: dict[str, Any]) -> None:
    """One line for a document this suite cannot read at all, before any validator sees it."""
    version = document.get("openapi")
    if "swagger" in document and version is None:
        raise SpecError(
            f"{path}: is Swagger {document['swagger']}, and this suite reads OpenAPI 3.x: "
            "give it the OpenAPI 3 document (or convert this one, e.g. with swagger2openapi)"
        )
    if not isinstance(version, str) or not version.startswith("3."):
        found = f"`openapi: {version}`" if version is not None else "no `openapi` field"
        keys = ", ".join(str(key) for key in list(document)[:5]) or "nothing"
        raise SpecError(
            f"{path}: not an OpenAPI 3.x document: it has {found} (its top level holds {keys}); "
            "name the vendor's OpenAPI document with --contract-spec"
        )
    dangling = next(_dangling_references(document, document, "#"), None)
    if dangling is not None:
        where, reference = dangling
        raise SpecError(
            f"{path}: the $ref {reference!r} at {where} points to nothing in the document; "
            "restore the part it names, or the vendor's document as published"
        )


def _dangling_references(node: Any, document: dict[str, Any], where: str) -> Iterator[tuple[str, str]]:
    """(where, $ref) for each reference that does not resolve within the document."""
    if isinstance(node, dict):
        reference = node.get("$ref")
        if isinstance(reference, str) and not _resolves(reference, document):
            yield where, reference
        for key, value in node.items():
            yield from _dangling_references(value, document, f"{where}/{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _dangling_references(value, document, f"{where}/{index}")


def _resolves(reference: str, document: dict[str, Any]) -> bool:
    if not reference.startswith("#"):
        # Another file: the vendored documents are self-contained, so nothing could be read there.
        return False
    target: Any = document
    for raw in filter(None, reference[1:].split("/")):
        part = raw.replace("~1", "/").replace("~0", "~")
        if isinstance(target, dict) and part in target:
            target = target[part]
        elif isinstance(target, list) and part.isdigit() and int(part) < len(target):
            target = target[int(part)]
        else:
            return False
    return True
