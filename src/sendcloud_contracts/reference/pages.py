"""Every generated page of the site's reference, by its path under `docs/`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sendcloud_contracts.reference.commands import commands_page
from sendcloud_contracts.reference.files import files_page
from sendcloud_contracts.reference.rules import docdiff_rules_page, rules_page
from sendcloud_contracts.reference.settings import (
    exit_codes_page,
    options_page,
    profiles_page,
    variables_page,
)

if TYPE_CHECKING:
    from pathlib import Path


def pages(root: Path) -> dict[str, str]:
    """Path under `docs/` to Markdown; `root` is the checkout holding `tox.ini`."""
    return {
        "reference/commands.md": commands_page(root),
        "reference/variables.md": variables_page(),
        "reference/options.md": options_page(),
        "reference/exit-codes.md": exit_codes_page(),
        "reference/files.md": files_page(),
        "reference/profiles.md": profiles_page(),
        "reference/rules.md": rules_page(),
        "reference/docdiff-rules.md": docdiff_rules_page(),
    }
