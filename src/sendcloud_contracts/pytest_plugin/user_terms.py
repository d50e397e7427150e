"""Messages in the user's terms: each `SENDCLOUD_*` variable named where the user set it.

A pre-release profile's run gets its target and keys as variables the runner set: a message telling
its user to fix `SENDCLOUD_BASE_URL` sends them to a variable they never touched. The runner says,
with `--setting-names`, where each came from (`base_url` of [profiles.eu]), and every reason the run
gives (its stop, its refusal, its crash) names that instead.
"""

from __future__ import annotations

import argparse
import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pytest

SETTING_NAMES_OPTION = "--setting-names"
_VARIABLE_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def setting_names(value: str) -> dict[str, str]:
    names = {}
    for part in filter(None, value.split(",")):
        variable, separator, where = part.partition("=")
        if not separator or not _VARIABLE_NAME.fullmatch(variable.strip()) or not where.strip():
            raise argparse.ArgumentTypeError(
                f"{part!r} is not VARIABLE=WHERE; "
                "expected e.g. SENDCLOUD_BASE_URL=`base_url` of [profiles.eu]"
            )
        names[variable.strip()] = where.strip()
    return names


def in_users_terms(config: pytest.Config, text: str) -> str:
    """`text` naming each variable as the user set it (`--setting-names`): a pre-release profile's
    user edits `base_url` of [profiles.eu], never the SENDCLOUD_BASE_URL the runner set for them."""
    names: dict[str, str] = config.getoption(SETTING_NAMES_OPTION, None) or {}
    if not names:
        return text
    pattern = re.compile(r"\b(" + "|".join(map(re.escape, names)) + r")\b")
    return pattern.sub(lambda match: names[match.group(1)], text)
