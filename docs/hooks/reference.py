"""MkDocs hook: the reference pages, generated from the code at every build (never kept on disk)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from mkdocs.structure.files import File

from sendcloud_contracts.reference.pages import pages

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files


def on_files(files: Files, config: MkDocsConfig) -> Files:
    root = Path(config.config_file_path).parent
    for path, content in pages(root).items():
        files.append(File.generated(config, path, content=content))
    return files
