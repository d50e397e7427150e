"""Remember which spec documents passed validation, so an unchanged spec is validated once.

A marker file per document under the user's cache (`SENDCLOUD_CONTRACTS_CACHE`, else
`$XDG_CACHE_HOME/sendcloud-contracts`, else `~/.cache/sendcloud-contracts`), named by a hash of the
document's text, the versions of the validating libraries and the validating code itself. Only a
valid document is remembered, so a broken one is always reported; a cache that cannot be read or
written is not used. The marker holds the document's example problems (findings about the
document, one a line), so a remembered document reports them again without validating.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import os
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

VALIDATORS = ("openapi-spec-validator", "jsonschema-rs")
VALIDATING_CODE = (Path(__file__).with_name("spec.py"), Path(__file__).with_name("schemas.py"))


def cache_dir(environ: Mapping[str, str] = os.environ) -> Path:
    if environ.get("SENDCLOUD_CONTRACTS_CACHE"):
        return Path(environ["SENDCLOUD_CONTRACTS_CACHE"])
    base = environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "sendcloud-contracts"


def _marker(text: str) -> Path:
    digest = hashlib.sha256(text.encode("utf-8"))
    for distribution in VALIDATORS:
        digest.update(f"\0{distribution}=={importlib.metadata.version(distribution)}".encode())
    for code in VALIDATING_CODE:
        digest.update(b"\0" + code.read_bytes())
    return cache_dir() / "validated-specs" / digest.hexdigest()


def recall(text: str) -> list[str] | None:
    """The example problems of a document validated before, or None if it was not."""
    try:
        return _marker(text).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError, importlib.metadata.PackageNotFoundError):
        return None


def remember(text: str, example_problems: Sequence[str]) -> None:
    try:
        marker = _marker(text)
        marker.parent.mkdir(parents=True, exist_ok=True)
        marker.write_text("".join(f"{problem}\n" for problem in example_problems), encoding="utf-8")
    except (OSError, importlib.metadata.PackageNotFoundError):
        pass
