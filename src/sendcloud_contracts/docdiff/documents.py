"""Read an OpenAPI 3.0 or 3.1 document, YAML or JSON, and follow the references inside it.

Only what makes a document readable is checked here: a mapping with an `openapi` version of 3.0 or
3.1 and `paths`. A vendor's document is compared as published, so a schema the official validator
would frown at is still compared; a reference that leads nowhere stops the comparison (exit 4).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote

import yaml

from sendcloud_contracts.errors import SpecError
from sendcloud_contracts.wording import one_line

if TYPE_CHECKING:
    from pathlib import Path

# libyaml's loader when it is there: the complete v2 document loads about seven times faster.
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_VERSION = re.compile(r"^3\.[01](\.\d+)?$")


class DocumentError(SpecError):
    """A file is not a readable OpenAPI 3.0 or 3.1 document, or a reference in it leads nowhere."""


@dataclass(frozen=True)
class Document:
    label: str
    root: dict[str, Any]

    @property
    def paths(self) -> dict[str, Any]:
        return dict(self.root.get("paths") or {})

    def resolve(self, reference: str) -> tuple[Any, str]:
        """What a local `$ref` (`#/components/...`) names, and its pointer."""
        if not isinstance(reference, str) or not reference.startswith("#"):
            raise DocumentError(
                f"{self.label}: cannot follow $ref {reference!r}: only references inside the document "
                "(#/...) are followed; bundle the document into one file first"
            )
        target: Any = self.root
        for token in reference[1:].split("/")[1:]:
            key = unquote(token).replace("~1", "/").replace("~0", "~")
            if isinstance(target, dict) and key in target:
                target = target[key]
            elif isinstance(target, list) and key.isdigit() and int(key) < len(target):
                target = target[int(key)]
            else:
                raise DocumentError(f"{self.label}: $ref {reference!r} leads nowhere: no {key!r} there")
        return target, reference

    def follow(self, node: Any, pointer: str) -> tuple[Any, str]:
        """`node` with every `$ref` that stands alone followed: a parameter, response or request body."""
        seen = {pointer}
        while isinstance(node, dict) and "$ref" in node:
            node, pointer = self.resolve(node["$ref"])
            if pointer in seen:
                raise DocumentError(f"{self.label}: $ref {pointer!r} refers to itself in a loop")
            seen.add(pointer)
        return node, pointer


def pointer_to(*parts: str | int) -> str:
    """A JSON pointer (RFC 6901) in URI fragment form: `#/paths/~1integrations/get`."""
    escaped = (str(part).replace("~", "~0").replace("/", "~1") for part in parts)
    return "#/" + "/".join(escaped)


def parse_document(text: str, label: str) -> Document:
    """A document from its text, JSON or YAML, checked to be OpenAPI 3.0 or 3.1."""
    try:
        root = json.loads(text) if text.lstrip().startswith("{") else yaml.load(text, Loader=_SAFE_LOADER)
    except ValueError as error:
        raise DocumentError(f"{label}: not valid JSON: {one_line(str(error))}") from None
    except yaml.YAMLError as error:
        raise DocumentError(f"{label}: not valid YAML: {one_line(str(error))}") from None
    if root is None:
        raise DocumentError(f"{label}: is empty: expected an OpenAPI 3.0 or 3.1 document")
    if not isinstance(root, dict):
        raise DocumentError(
            f"{label}: not an OpenAPI document: expected a mapping at the top, got {type(root).__name__}"
        )
    version = root.get("openapi")
    if version is None:
        found = " (it says swagger: 2.0; convert it to OpenAPI 3)" if "swagger" in root else ""
        raise DocumentError(f"{label}: not an OpenAPI document: it has no `openapi` version{found}")
    if not _VERSION.match(str(version)):
        raise DocumentError(
            f"{label}: OpenAPI {version} is not compared: expected a document of OpenAPI 3.0 or 3.1"
        )
    if not isinstance(root.get("paths") or {}, dict):
        raise DocumentError(f"{label}: `paths` is not a mapping of paths to operations")
    return Document(label, root)


def load_document(path: Path) -> Document:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as error:
        raise DocumentError(f"{path}: cannot read the document ({error.strerror or error})") from None
    except UnicodeDecodeError:
        raise DocumentError(f"{path}: not a text file in UTF-8: expected an OpenAPI document") from None
    return parse_document(text, str(path))
